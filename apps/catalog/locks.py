"""Row locks in one place: always ordered by pk, so concurrent writers lock in the same order."""
from apps.catalog.models import Variant


def variants_qs_select_for_update(variant_ids):
    return Variant.objects.select_for_update(of=("self",)).filter(pk__in=list(variant_ids)).order_by("pk")
