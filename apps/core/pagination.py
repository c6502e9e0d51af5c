"""API list pagination.

Every list answers `?page=N&page_size=M` (API.md). Every list also answers `?cursor=` (keyset pagination for the
mobile app's infinite scroll): send `cursor=` (empty) for the first page, then follow `next`. A cursor page costs
the same however deep it is (`WHERE (sort key) < (last row's key) ORDER BY ... LIMIT n`, no OFFSET, no COUNT),
and rows inserted meanwhile never shift it. Cursor pages answer `{"next": url|null, "previous": null,
"results": [...]}`; going back is the client's job (it keeps what it showed).
"""
from __future__ import annotations

import base64
import binascii
import json
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from apps.core.cache import digest
from apps.core.errors import ValidationFailed

CURSOR_PARAM_DESCRIPTION = ("Keyset pagination for infinite scroll: send it empty for the first page, then follow "
                            "`next`. Cursor pages have no `count` and no `previous`.")


class CursorError(ValidationFailed):
    pass


def _ordering_of(queryset) -> list[str]:
    """The queryset's order as field names (`-created_at`), ending with the primary key so the key is unique."""
    query = queryset.query
    ordering = list(query.order_by) or (list(query.get_meta().ordering) if query.default_ordering else [])
    names = []
    for item in ordering:
        if not isinstance(item, str) or item == "?":
            raise CursorError(_("This list cannot be read by cursor."), details={"cursor": [_("Not supported.")]})
        names.append(item)
    if not any(n.lstrip("-") in ("pk", "id") for n in names):
        names.append("pk")
    return names


def _encode(values: list) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(token: str) -> list:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise CursorError(_("Invalid cursor."), details={"cursor": [_("Invalid cursor.")]}) from None
    if not isinstance(values, list):
        raise CursorError(_("Invalid cursor."), details={"cursor": [_("Invalid cursor.")]})
    return values


def _value_of(obj, name: str):
    value = obj
    for part in name.split("__"):
        value = getattr(value, "pk" if part == "pk" else part)
    return value


def _to_python(model, name: str, value):
    """Turn a cursor's JSON value back into what the field compares with (datetime, Decimal, UUID)."""
    if value is None:
        return None
    opts = model._meta
    field = None
    for part in name.split("__"):
        try:
            field = opts.pk if part == "pk" else opts.get_field(part)
        except FieldDoesNotExist:  # an annotation (e.g. a search rank): compare the raw value
            return value
        if field.is_relation and field.related_model is not None:
            opts = field.related_model._meta
    try:
        return field.to_python(value)
    except (DjangoValidationError, TypeError, ValueError):
        raise CursorError(_("Invalid cursor."), details={"cursor": [_("Invalid cursor.")]}) from None


def keyset_filter(ordering: list[str], values: list, model) -> Q:
    """Rows after `values` in `ordering`: (a > x) OR (a = x AND b > y) OR ..., each field in its direction."""
    condition = Q()
    equal = Q()
    for name, value in zip(ordering, values, strict=True):
        field = name.lstrip("-")
        value = _to_python(model, field, value)
        op = "lt" if name.startswith("-") else "gt"
        condition |= equal & Q(**{f"{field}__{op}": value})
        equal &= Q(**{field: value})
    return condition


class KeysetPage:
    """One cursor page: `rows` and the cursor of the next page (None at the end)."""

    def __init__(self, queryset, *, token: str | None, size: int):
        ordering = _ordering_of(queryset)
        queryset = queryset.order_by(*ordering)
        if token:
            values = _decode(token)
            if len(values) != len(ordering):
                raise CursorError(_("Invalid cursor."), details={"cursor": [_("It belongs to another sort.")]})
            queryset = queryset.filter(keyset_filter(ordering, values, queryset.model))
        rows = list(queryset[: size + 1])
        self.rows = rows[:size]
        last = self.rows[-1] if len(rows) > size else None
        self.next_token = _encode([_value_of(last, n.lstrip("-")) for n in ordering]) if last is not None else None


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=1&page_size=20`; page_size above 100 is capped at 100, not refused. `?cursor=` switches the same
    list to keyset pagination (see the module docstring)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor_mode = self.cursor_query_param in request.query_params
        if not self.cursor_mode:
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        page = KeysetPage(queryset, token=request.query_params.get(self.cursor_query_param) or None,
                          size=self.get_page_size(request))
        self.next_token = page.next_token
        return page.rows

    def get_next_link(self):
        if getattr(self, "cursor_mode", False):
            if self.next_token is None:
                return None
            url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
            return replace_query_param(url, self.cursor_query_param, self.next_token)
        return super().get_next_link()

    def get_paginated_response(self, data):
        if getattr(self, "cursor_mode", False):
            return Response({"next": self.get_next_link(), "previous": None, "results": data})
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        body = super().get_paginated_response_schema(schema)
        body["required"] = ["results"]  # cursor pages have no count
        body["properties"]["count"]["description"] = "Absent from cursor pages."
        return body

    def get_schema_operation_parameters(self, view):
        return [*super().get_schema_operation_parameters(view), {
            "name": self.cursor_query_param, "required": False, "in": "query",
            "description": CURSOR_PARAM_DESCRIPTION, "schema": {"type": "string"}}]


class CachedCountPagination(PageNumberPagination):
    """Page numbers whose COUNT(*) is kept beside the view's cached pages, per filter set (the count of 100,000
    rows costs more than the page itself). The view reads `count_cache_key()` in the same round trip as its
    page and sets `known_count` when it was there; after a count it stores `counted` with the page."""

    known_count: int | None = None
    counted: int | None = None

    def count_cache_key(self, request, view) -> str:
        # A view that names the parameters its filter reads (`count_params`) shares one count between every
        # sort order and any other parameter (tracking tags, cache busters); else every parameter but paging.
        wanted = getattr(view, "count_params", None)
        params = sorted((k, v) for k, v in request.query_params.lists()
                        if (k in wanted if wanted is not None
                            else k not in (self.page_query_param, self.page_size_query_param, "facets")))
        return f"count:{request.path}:{digest(urlencode(params, doseq=True))}"

    def django_paginator_class(self, queryset, per_page):  # noqa: N802 (DRF's attribute name)
        return _KnownCountPaginator(queryset, per_page, pagination=self)


class _KnownCountPaginator(Paginator):
    def __init__(self, *args, pagination: CachedCountPagination, **kwargs):
        super().__init__(*args, **kwargs)
        self._pagination = pagination

    @cached_property
    def count(self):
        if self._pagination.known_count is not None:
            return self._pagination.known_count
        self._pagination.counted = super().count
        return self._pagination.counted


class CursorPagination(pagination.CursorPagination):
    """Keyset pagination (`?cursor=`) for infinite scroll: constant cost however deep."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-created_at"
