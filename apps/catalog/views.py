"""Storefront pages of the catalogue: home, categories, category/product lists, product page, sitemap."""
from django.core.paginator import Paginator
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.analytics.services import record_product_view
from apps.catalog import cache as catalog_cache
from apps.catalog import selectors, seo
from apps.catalog.filters import SORT_LABELS, parse_product_params, run_product_query
from apps.catalog.models import Category, Condition
from apps.core.cache import CSRF_PLACEHOLDER, cached, digest, with_csrf_token
from apps.core.errors import NotFound
from apps.core.page_cache import cached_page_for_visitor, page_for_visitors

PAGE_SIZE = 24
HOME_ROW = 8


@require_GET
def home(request):
    return page_for_visitors(request, "home", groups=(catalog_cache.CATALOG, catalog_cache.CATEGORIES),
                             timeout=catalog_cache.LIST_TIMEOUT, render=lambda extra: _home(request, extra))


def _home(request, extra):
    public = selectors.public_products()
    context = {
        "categories": list(Category.get_root_nodes().filter(is_active=True)),
        "featured": list(selectors.product_list_qs(public.filter(is_featured=True))
                         .order_by("-sold_count", "-created_at")[:HOME_ROW]),
        "newest": list(selectors.product_list_qs(public).order_by("-created_at")[:HOME_ROW]),
        "best_sellers": list(selectors.product_list_qs(public.filter(sold_count__gt=0))
                             .order_by("-sold_count", "-created_at")[:HOME_ROW]),
    }
    return render(request, "catalog/home.html", {**context, **extra})


@require_GET
def category_list(request):
    return page_for_visitors(
        request, "categories", groups=(catalog_cache.CATEGORIES,), timeout=catalog_cache.TREE_TIMEOUT,
        render=lambda extra: render(request, "catalog/category_list.html", {"tree": selectors.category_tree(),
                                                                           **extra}))


def _paginate(request, qs, size=PAGE_SIZE):
    paginator = Paginator(qs, size)
    try:
        number = int(request.GET.get("page") or 1)
    except ValueError:
        number = 1
    return paginator.get_page(number)


@require_GET
def product_list(request, slug=None):
    """A category page (with its descendants) or all products: filter sidebar, sort, pagination.

    The page's main part depends on nothing but the address and the language (no user data, no CSRF token:
    htmx reads it from the layout), so it is rendered once and cached until the catalogue changes; the
    layout around it (header, cart, nonces) is rendered per request; visitors who are not signed in get the
    whole page from the cache."""
    groups = (catalog_cache.CATALOG, catalog_cache.CATEGORIES)

    def render_page(extra):
        key = "page:products:" + digest(request.get_full_path())
        data = cached(key, groups, catalog_cache.LIST_TIMEOUT, lambda: _product_list_page(request, slug),
                      language=True)
        return render(request, "catalog/product_list.html", {**data, **extra})

    return page_for_visitors(request, "products", groups=groups, timeout=catalog_cache.LIST_TIMEOUT,
                             render=render_page)


def _product_list_page(request, slug) -> dict:
    category = None
    if slug is not None:
        try:
            category = selectors.category_get(slug=slug)
        except NotFound:
            raise Http404(_("Category not found.")) from None
    params = {key: ",".join(values) for key, values in request.GET.lists()}
    pq = parse_product_params(params, strict=False, default_sort="popular")
    if category is not None:
        pq.category, pq.unknown_category = category, False
    pq.facets = True
    qs, facets = run_product_query(selectors.public_products(), pq)
    page = _paginate(request, selectors.product_list_qs(qs))
    ancestors = selectors.category_ancestors(category) if category else []
    children = selectors.category_children(category) if category else list(
        Category.get_root_nodes().filter(is_active=True))
    if category is not None:
        title = category.name
        description = seo.meta_description(category.description) or _(
            "Buy %(category)s from trusted shops on Chợ: compare prices, ratings and delivery.") % {
            "category": category.name}
    else:
        title, description = _("All products"), _("Every product on Chợ, from trusted shops across Vietnam.")
    context = {
        "category": category, "ancestors": ancestors, "children": children, "page": page,
        "products": page.object_list, "facets": facets or {}, "pq": pq, "title": title,
        "sorts": [(k, v) for k, v in SORT_LABELS.items() if k != "relevance"],
        "conditions": Condition.choices, "rating_steps": [4, 3, 2],
        "selected_brands": [b for b in params.get("brand", "").split(",") if b],
    }
    return {
        "main": render_to_string("catalog/_product_list_main.html", context, request=request),
        "title": title, "meta_description": description, "page_number": page.number,
        "canonical": seo.absolute(category.get_absolute_url() if category else request.path),
    }


def _pick_variant(product, variant_id):
    variants = list(product.variants.all())
    chosen = next((v for v in variants if str(v.pk) == str(variant_id)), None) if variant_id else None
    if chosen is None:
        chosen = next((v for v in variants if v.stock > 0), variants[0] if variants else None)
    return variants, chosen


@require_GET
def product_detail(request, slug):
    """The product page. Its top (gallery, buy box, description) and related products are the same for every
    visitor, so they are rendered once and cached until the product, its stock or the catalogue changes; the
    reviews block (who may vote or review) and "also bought" are rendered per signed-in user. Visitors who are
    not signed in get the whole page from the cache."""
    remembered = _product_refs.get(slug)
    if remembered is not None:
        response = cached_page_for_visitor(request, f"product:{remembered[0]}", groups=_page_groups(remembered[0]))
        if response is not None:
            record_product_view(request, response, product_id=remembered[0], shop_id=remembered[1])
            return response
    product_id, shop_id = cached(f"product-ref:{slug}", catalog_cache.CATALOG, catalog_cache.DETAIL_TIMEOUT,
                                 lambda: _public_product_ref(slug))
    _remember_ref(slug, (product_id, shop_id))
    variant_id = (request.GET.get("variant") or "")[:64]
    groups = _page_groups(product_id)

    def render_page(extra):
        data = cached(f"page:product:{product_id}:{variant_id}", groups, catalog_cache.DETAIL_TIMEOUT,
                      lambda: _product_page(request, slug, variant_id), language=True)
        token = extra.get("csrf_token") or get_token(request)
        return render(request, "catalog/product_detail.html",
                      {**data, "top": with_csrf_token(data["top"], token), **extra})

    response = page_for_visitors(request, f"product:{product_id}", groups=groups,
                                 timeout=catalog_cache.DETAIL_TIMEOUT, render=render_page)
    record_product_view(request, response, product_id=product_id, shop_id=shop_id)
    return response


# slug -> (product id, shop id), per process: lets a visitor's product page be one cache read. A remembered
# ref that went stale (the slug now names another product, or none) cannot serve a wrong page: every slug or
# status change bumps the catalog group, so the page cached under the old product is no longer current, and
# the view falls back to the cached lookup below.
_product_refs: dict[str, tuple] = {}
_PRODUCT_REFS_MAX = 50_000


def _remember_ref(slug: str, ref: tuple) -> None:
    if len(_product_refs) >= _PRODUCT_REFS_MAX:
        _product_refs.clear()
    _product_refs[slug] = ref


def _page_groups(product_id) -> tuple[str, str]:
    return catalog_cache.CATALOG, catalog_cache.product_group(product_id)


def _public_product_ref(slug) -> tuple:
    ref = selectors.public_products().filter(slug=slug).values_list("pk", "shop_id").first()
    if ref is None:
        raise Http404(_("Product not found."))
    return ref


def _product_page(request, slug, variant_id) -> dict:
    try:
        product = selectors.product_detail(slug=slug)
    except NotFound:
        raise Http404(_("Product not found.")) from None
    variants, chosen = _pick_variant(product, variant_id)
    images = list(product.images.all())
    context = {
        "product": product, "variants": variants, "variant": chosen, "images": images,
        "ancestors": [*selectors.category_ancestors(product.category), product.category],
        "csrf_token": CSRF_PLACEHOLDER,
    }
    related = selectors.related_products(product=product, limit=8)
    return {
        "product": product, "images": images,
        "top": render_to_string("catalog/_product_detail_top.html", context, request=request),
        "related_html": render_to_string("catalog/_product_related.html", {"related": related}, request=request),
        "json_ld": seo.product_json_ld(product, variants=variants, images=images),
        "meta_description": seo.meta_description(product.description) or product.title,
        "canonical": seo.absolute(product.get_absolute_url()),
    }


@require_GET
def variant_panel(request, slug):
    """htmx: price, stock and the add-to-cart form of the chosen variant (no page reload)."""
    try:
        product = selectors.product_detail(slug=slug)
    except NotFound:
        raise Http404(_("Product not found.")) from None
    variants, chosen = _pick_variant(product, request.GET.get("variant"))
    return render(request, "catalog/_variant_panel.html", {"product": product, "variant": chosen,
                                                           "variants": variants})
