from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=1&page_size=20`; page_size above 100 is capped at 100, not refused."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class CursorPagination(pagination.CursorPagination):
    """Keyset pagination (`?cursor=`) for infinite scroll: constant cost however deep."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-created_at"
