"""Facet filters and sort orders of a search, parsed leniently from query parameters (bad values are dropped)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_SELECTED = 20  # values per multi-select facet

# (key, label); "relevance" is the default. Keys are public (?sort=).
SORTS = {
    "relevance": _("Relevance"),
    "best_selling": _("Best selling"),
    "newest": _("Newest"),
    "price_asc": _("Price: low to high"),
    "price_desc": _("Price: high to low"),
    "rating": _("Top rated"),
}
SORT_ORDERING = {
    "best_selling": ("-sold_count", "-created_at"),
    "newest": ("-created_at",),
    "price_asc": ("price", "-sold_count"),
    "price_desc": ("-price", "-sold_count"),
    "rating": ("-average_rating", "-review_count"),
}
CONDITIONS = ("new", "used", "refurbished")
RATING_STEPS = (4, 3, 2, 1)

# Price bucket edges per currency (the last bucket is open-ended). Override with SEARCH_PRICE_BUCKETS.
DEFAULT_PRICE_EDGES = {
    "VND": (500_000, 1_000_000, 3_000_000, 5_000_000, 10_000_000, 20_000_000),
    "USD": (25, 50, 100, 250, 500, 1000),
    "EUR": (25, 50, 100, 250, 500, 1000),
}


def price_edges() -> tuple[Decimal, ...]:
    custom = getattr(settings, "SEARCH_PRICE_BUCKETS", None)
    currency = getattr(settings, "DEFAULT_CURRENCY", "VND")
    edges = custom or DEFAULT_PRICE_EDGES.get(currency, DEFAULT_PRICE_EDGES["USD"])
    return tuple(Decimal(str(e)) for e in edges)


def price_buckets() -> list[tuple[Decimal | None, Decimal | None]]:
    """[(None, e1), (e1, e2), ..., (en, None)]: min inclusive, max exclusive."""
    edges = price_edges()
    lows = (None, *edges)
    highs = (*edges, None)
    return list(zip(lows, highs, strict=True))


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite() or d < 0 or d > Decimal("1e12"):
        return None
    return d


def _ids(values, kind) -> tuple:
    out = []
    for v in values[:MAX_SELECTED]:
        v = str(v).strip()
        try:
            out.append(str(uuid.UUID(v)) if kind == "uuid" else int(v))
        except (ValueError, TypeError):
            continue
    return tuple(sorted(set(out), key=str))


@dataclass(frozen=True)
class SearchFilters:
    categories: tuple = ()
    brands: tuple = ()
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    rating_min: int | None = None
    conditions: tuple[str, ...] = ()
    in_stock: bool = False

    FACETS = ("category", "brand", "price", "rating", "condition")

    @classmethod
    def from_params(cls, params) -> SearchFilters:
        """From a QueryDict (or a dict of lists/values): ?category=1&category=2&brand=<uuid>&price_min=&price_max=
        &rating=4&condition=new&in_stock=1."""
        def getlist(key):
            if hasattr(params, "getlist"):
                return params.getlist(key)
            v = params.get(key, [])
            return v if isinstance(v, list | tuple) else [v]

        def get(key):
            values = getlist(key)
            return values[0] if values else None

        rating = get("rating")
        try:
            rating_min = int(rating) if rating not in (None, "") else None
        except (TypeError, ValueError):
            rating_min = None
        if rating_min is not None and rating_min not in RATING_STEPS:
            rating_min = None
        price_min, price_max = _decimal(get("price_min")), _decimal(get("price_max"))
        if price_min is not None and price_max is not None and price_max < price_min:
            price_min, price_max = price_max, price_min
        return cls(
            categories=_ids(getlist("category"), "int"),
            brands=_ids(getlist("brand"), "uuid"),
            price_min=price_min,
            price_max=price_max,
            rating_min=rating_min,
            conditions=tuple(sorted({c for c in getlist("condition")[:MAX_SELECTED] if c in CONDITIONS})),
            in_stock=str(get("in_stock") or "").lower() in ("1", "true", "on", "yes"),
        )

    def without(self, facet: str) -> SearchFilters:
        """These filters minus one facet's (a facet's counts ignore its own selection: OR within a facet)."""
        return {
            "category": lambda: replace(self, categories=()),
            "brand": lambda: replace(self, brands=()),
            "price": lambda: replace(self, price_min=None, price_max=None),
            "rating": lambda: replace(self, rating_min=None),
            "condition": lambda: replace(self, conditions=()),
        }[facet]()

    def q(self) -> Q:
        """AND between facets, OR within a multi-select facet."""
        q = Q()
        if self.categories:
            q &= Q(category_id__in=self.categories)
        if self.brands:
            q &= Q(brand_id__in=self.brands)
        if self.price_min is not None:
            q &= Q(price__gte=self.price_min)
        if self.price_max is not None:
            q &= Q(price__lt=self.price_max)
        if self.rating_min is not None:
            q &= Q(average_rating__gte=self.rating_min)
        if self.conditions:
            q &= Q(condition__in=self.conditions)
        if self.in_stock:
            q &= Q(in_stock=True)
        return q

    def cache_key(self) -> str:
        return "|".join([
            ",".join(map(str, self.categories)), ",".join(self.brands),
            str(self.price_min or ""), str(self.price_max or ""), str(self.rating_min or ""),
            ",".join(self.conditions), "1" if self.in_stock else "",
        ])

    @property
    def active(self) -> bool:
        return self != SearchFilters()
