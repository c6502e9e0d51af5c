"""Product strips for the storefront:

    {% load recommendations %}
    {% trending_products %}                  trending now (home)
    {% also_bought product %}                customers who bought this also bought (product page)
    {% recommended_for request %}            personal picks, or trending for guests (cart page);
                                             fallback=False shows nothing without personal picks

Each renders nothing when it has no products. Unavailable and already-bought products are left out."""
from django import template
from django.utils.translation import gettext as _

from apps.analytics.services import also_bought_products, recommended_products
from apps.analytics.services import trending_products as trending_list

register = template.Library()
STRIP = "analytics/_product_strip.html"


@register.inclusion_tag(STRIP, name="trending_products")
def trending_products_tag(limit=8):
    return {"products": trending_list(limit=limit), "title": _("Trending now"), "slug": "trending"}


@register.inclusion_tag(STRIP, takes_context=True)
def also_bought(context, product, limit=8):
    request = context.get("request")
    products = also_bought_products(product=product, user=getattr(request, "user", None), limit=limit)
    return {"products": products, "title": _("Customers who bought this also bought"), "slug": "also-bought"}


@register.inclusion_tag(STRIP)
def recommended_for(request, limit=8, fallback=True):
    products, personal = recommended_products(user=getattr(request, "user", None), limit=limit)
    if not personal and not fallback:
        products = []
    title = _("Recommended for you") if personal else _("Trending now")
    return {"products": products, "title": title, "slug": "recommended"}
