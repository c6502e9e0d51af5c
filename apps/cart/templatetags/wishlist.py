"""Heart buttons for product cards and pages:

    {% load wishlist %}{% wishlist_button product %}

The signed-in user's wishlisted product ids are read once per request."""
from django import template

from apps.cart.selectors import wishlist_product_ids

register = template.Library()


@register.inclusion_tag("cart/_heart.html", takes_context=True)
def wishlist_button(context, product):
    request = context.get("request")
    ids = getattr(request, "_wishlist_ids", None) if request is not None else None
    if ids is None:
        ids = wishlist_product_ids(getattr(request, "user", None))
        if request is not None:
            request._wishlist_ids = ids
    product_id = getattr(product, "pk", product)
    return {"product_id": product_id, "in_wishlist": product_id in ids, "csrf_token": context.get("csrf_token")}
