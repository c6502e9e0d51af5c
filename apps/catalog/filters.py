"""Product list parameters of API.md (filters and sorts), shared by the API and the pages."""
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.catalog.models import Brand, Category, Condition
from apps.core.errors import ValidationFailed

SORTS = {
    "relevance": ("-sold_count", "-created_at", "pk"),  # without a query: most popular first
    "price": ("price", "-sold_count", "pk"),
    "-price": ("-price", "-sold_count", "pk"),
    "newest": ("-created_at", "pk"),
    "popular": ("-sold_count", "-average_rating", "pk"),
    "rating": ("-average_rating", "-review_count", "pk"),
}
SORT_LABELS = {
    "relevance": gettext_lazy("Relevance"), "popular": gettext_lazy("Best selling"),
    "newest": gettext_lazy("Newest"), "price": gettext_lazy("Price: low to high"),
    "-price": gettext_lazy("Price: high to low"), "rating": gettext_lazy("Top rated"),
}
TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


@dataclass
class ProductQuery:
    q: str = ""
    category: Category | None = None
    shop: str | None = None
    brands: list = field(default_factory=list)
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    conditions: list = field(default_factory=list)
    min_rating: Decimal | None = None
    in_stock: bool | None = None
    sort: str = "newest"
    facets: bool = False
    unknown_category: bool = False


def _decimal(value, name, errors, *, low=Decimal(0), high=None):
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors[name] = [_("Enter a number.")]
        return None
    if not number.is_finite() or number < low or (high is not None and number > high):
        errors[name] = [_("Out of range.")]
        return None
    return number


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
        return True
    except ValueError:
        return False


# The parameters that choose which products are listed (not their order or page): what a count depends on.
FILTER_PARAMS = ("q", "category", "shop", "brand", "min_price", "max_price", "min_rating", "condition", "in_stock")


def parse_product_params(params, *, strict: bool = True, default_sort: str = "newest") -> ProductQuery:
    """Read the query string; with `strict`, a bad value is a 400 naming the parameter, else it is ignored."""
    errors: dict = {}
    pq = ProductQuery(q=(params.get("q") or "").strip()[:200])
    category = (params.get("category") or "").strip()
    if category:
        lookup = {"pk": int(category)} if category.isdigit() else {"slug": category}
        pq.category = Category.objects.filter(is_active=True, **lookup).first()
        pq.unknown_category = pq.category is None
    shop = (params.get("shop") or "").strip()
    if shop:
        pq.shop = shop
    brands = [b.strip() for b in (params.get("brand") or "").split(",") if b.strip()]
    if brands:
        ids = [b for b in brands if _is_uuid(b)]
        slugs = [b for b in brands if not _is_uuid(b)]
        pq.brands = ids + (list(Brand.objects.filter(slug__in=slugs).values_list("pk", flat=True)) if slugs else [])
        if not pq.brands:
            pq.brands = [uuid.UUID(int=0)]  # an unknown brand matches nothing
    for name in ("min_price", "max_price"):
        if params.get(name) not in (None, ""):
            setattr(pq, name, _decimal(params.get(name), name, errors))
    if params.get("min_rating") not in (None, ""):
        pq.min_rating = _decimal(params.get("min_rating"), "min_rating", errors, high=Decimal(5))
    conditions = [c.strip() for c in (params.get("condition") or "").split(",") if c.strip()]
    if conditions:
        bad = [c for c in conditions if c not in Condition.values]
        if bad:
            errors["condition"] = [_("Choose from: %(v)s.") % {"v": ", ".join(Condition.values)}]
        pq.conditions = [c for c in conditions if c in Condition.values]
    for name in ("in_stock", "facets"):
        raw = (params.get(name) or "").strip().lower()
        if raw in TRUE:
            setattr(pq, name, True)
        elif raw in FALSE:
            setattr(pq, name, False)
        elif raw:
            errors[name] = [_("Use true or false.")]
    sort = (params.get("sort") or "").strip()
    if sort and sort not in SORTS:
        errors["sort"] = [_("Choose from: %(v)s.") % {"v": ", ".join(SORTS)}]
        sort = ""
    pq.sort = sort or ("relevance" if pq.q else default_sort)
    if errors and strict:
        raise ValidationFailed(_("Invalid filter."), details=errors)
    return pq


def apply_filters(qs, pq: ProductQuery):
    """Everything but the text query and the order."""
    if pq.category is not None:
        qs = qs.filter(category__path__startswith=pq.category.path)
    elif pq.unknown_category:
        qs = qs.none()
    if pq.shop:
        qs = qs.filter(shop_id=pq.shop) if _is_uuid(pq.shop) else qs.filter(shop__slug=pq.shop)
    if pq.brands:
        qs = qs.filter(brand_id__in=pq.brands)
    if pq.min_price is not None:
        qs = qs.filter(price__gte=pq.min_price)
    if pq.max_price is not None:
        qs = qs.filter(price__lte=pq.max_price)
    if pq.conditions:
        qs = qs.filter(condition__in=pq.conditions)
    if pq.min_rating is not None:
        qs = qs.filter(average_rating__gte=pq.min_rating)
    if pq.in_stock is not None:
        qs = qs.filter(in_stock=pq.in_stock)
    return qs


def search_products(qs, query: str):
    """The search app's ranking when it is there; a plain title match otherwise."""
    try:
        from apps.search.services import product_search
    except ImportError:
        return qs.filter(title__icontains=query)
    return product_search(queryset=qs, query=query)


def facets_for(qs) -> dict:
    try:
        from apps.search.services import product_facets
    except ImportError:
        return {}
    return product_facets(queryset=qs)


def run_product_query(qs, pq: ProductQuery):
    """→ (ordered queryset, facets or None)."""
    qs = apply_filters(qs, pq)
    if pq.q:
        qs = search_products(qs, pq.q)
    facets = facets_for(qs) if pq.facets else None
    if not (pq.q and pq.sort == "relevance"):
        qs = qs.order_by(*SORTS[pq.sort])
    return qs, facets
