"""Storefront search pages: results with a facet sidebar, live suggestions (htmx) and personal history."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from apps.search import selectors, services
from apps.search.filters import SORTS, SearchFilters

CATALOG_CARD = "catalog/_product_card.html"
OWN_CARD = "search/_product_card.html"


def _card_template() -> str:
    """The catalog's product card when it has one (one look everywhere), else ours."""
    try:
        get_template(CATALOG_CARD)
    except TemplateDoesNotExist:
        return OWN_CARD
    return CATALOG_CARD


def _toggled(params: QueryDict, key: str, value, *, multi: bool) -> str:
    """The query string with one facet value switched on or off (and back to page 1)."""
    q = params.copy()
    q.pop("page", None)
    value = str(value)
    current = q.getlist(key)
    if value in current:
        q.setlist(key, [v for v in current if v != value])
    else:
        q.setlist(key, [*current, value] if multi else [value])
    return q.urlencode()


def _price_params(params: QueryDict, low, high) -> tuple[str, bool]:
    q = params.copy()
    q.pop("page", None)
    selected = q.get("price_min", "") == (str(low) if low is not None else "") and \
        q.get("price_max", "") == (str(high) if high is not None else "")
    q.pop("price_min", None)
    q.pop("price_max", None)
    if not selected:
        if low is not None:
            q["price_min"] = str(low)
        if high is not None:
            q["price_max"] = str(high)
    return q.urlencode(), selected


def _facet_groups(params: QueryDict, facets: dict, filters: SearchFilters) -> list[dict]:
    from apps.catalog.models import Condition

    conditions = dict(Condition.choices)
    groups = [
        {"key": "category", "title": _("Category"), "options": [
            {"label": r["name"], "count": r["count"], "selected": r["id"] in filters.categories,
             "qs": _toggled(params, "category", r["id"], multi=True)} for r in facets.get("category", [])[:15]]},
        {"key": "brand", "title": _("Brand"), "options": [
            {"label": r["name"], "count": r["count"], "selected": r["id"] in filters.brands,
             "qs": _toggled(params, "brand", r["id"], multi=True)} for r in facets.get("brand", [])[:15]]},
    ]
    price_options = []
    for r in facets.get("price", []):
        qs, selected = _price_params(params, r["min"], r["max"])
        price_options.append({"min": r["min"], "max": r["max"], "count": r["count"], "selected": selected, "qs": qs})
    groups.append({"key": "price", "title": _("Price"), "options": price_options})
    groups.append({"key": "rating", "title": _("Rating"), "options": [
        {"label": _("%(n)s★ and up") % {"n": r["min"]}, "count": r["count"], "selected": filters.rating_min == r["min"],
         "qs": _toggled(params, "rating", r["min"], multi=False)} for r in facets.get("rating", [])]})
    groups.append({"key": "condition", "title": _("Condition"), "options": [
        {"label": conditions.get(r["value"], r["value"]), "count": r["count"],
         "selected": r["value"] in filters.conditions, "qs": _toggled(params, "condition", r["value"], multi=True)}
        for r in facets.get("condition", [])]})
    return [g for g in groups if g["options"]]


@require_safe
def search_page(request):
    query = request.GET.get("q", "")
    filters = SearchFilters.from_params(request.GET)
    sort = request.GET.get("sort", "relevance")
    try:
        page = int(request.GET.get("page", 1))
    except ValueError:
        page = 1
    result = selectors.search_results(query=query, filters=filters, sort=sort, page=page)
    search_id = None
    if result.page == 1 and not result.parsed.is_empty:
        search_id = services.search_log_record(query=query, results_count=result.total, user=request.user)
    base = request.GET.copy()
    base.pop("page", None)
    sort_params = base.copy()
    sort_params.pop("sort", None)
    clear_params = QueryDict(mutable=True)
    if query:
        clear_params["q"] = query
    return render(request, "search/results.html", {
        "q": query,
        "result": result,
        "products": result.products,
        "offset": (result.page - 1) * result.per_page,
        "search_id": search_id or "",
        "facet_groups": _facet_groups(request.GET, result.facets, filters) if result.facets else [],
        "filters_active": filters.active,
        "clear_qs": clear_params.urlencode(),
        "sorts": list(SORTS.items()),
        "sort": result.sort,
        "sort_qs": sort_params.urlencode(),
        "page_qs": base.urlencode(),
        "card_template": _card_template(),
        "popular": selectors.popular_searches() if result.parsed.is_empty or not result.total else [],
    })


@require_safe
def suggest(request):
    """The header's live suggestions (htmx): <a> items for products, categories and brands."""
    data = selectors.autocomplete(query=request.GET.get("q", ""))
    return render(request, "search/_suggestions.html", {"data": data, "q": request.GET.get("q", "")})


@login_required
@require_safe
def history_page(request):
    return render(request, "search/history.html", {"history": selectors.search_history(user=request.user)})


@login_required
@require_POST
def history_clear(request):
    services.search_history_clear(user=request.user)
    messages.success(request, _("Your search history was cleared."))
    return redirect("search:history")
