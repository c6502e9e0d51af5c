"""Row locks in one place: always ordered by pk, so concurrent writers lock in the same order.

Variants are locked FOR NO KEY UPDATE (stock changes never touch a key): rows that reference a variant (order
lines, cart lines, inventory movements) take FOR KEY SHARE on it in their foreign key check, which FOR UPDATE
would make wait for the stock holder's commit."""
from apps.catalog.models import Variant


def variants_qs_select_for_update(variant_ids):
    return (Variant.objects.select_for_update(of=("self",), no_key=True).filter(pk__in=list(variant_ids))
            .order_by("pk"))
