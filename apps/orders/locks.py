"""Row locks of the orders app in one place: always ordered by pk, so two transactions that lock the
same rows take them in the same order and cannot deadlock each other."""
from django.db.models import QuerySet


def orders_qs_select_for_update(queryset: QuerySet) -> QuerySet:
    return queryset.select_for_update(of=("self",)).order_by("pk")
