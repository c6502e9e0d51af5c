"""{% load reviews %}

{% product_reviews product %}      the reviews block of the product page (summary bars, filters, reviews)
{% review_button order item %}     on an order page: "Write a review" / "Edit your review" for one line
{{ rating|review_stars }}           4.3 → ★★★★☆
{{ review|author_name }}            what shoppers see of the author ("Nguyễn V. A.")
"""
from django import template
from django.template.loader import render_to_string

from apps.reviews import domain

register = template.Library()


@register.simple_tag(takes_context=True)
def product_reviews(context, product):
    """The block as a signed-in shopper sees it (their own votes), or, for visitors, from the cache: the same for
    every visitor until a review of the product is written, moderated, voted on or answered (or a minute passes);
    each visitor's CSRF token is put in on the way out."""
    from apps.catalog.cache import DETAIL_TIMEOUT, product_group
    from apps.core.cache import CSRF_PLACEHOLDER, cached, with_csrf_token

    request = context["request"]
    if request.user.is_authenticated:
        return _render_block(request, product, context.get("csrf_token"))
    html = cached(f"reviews-block:{product.pk}", product_group(product.pk), DETAIL_TIMEOUT,
                  lambda: _render_block(request, product, CSRF_PLACEHOLDER), language=True)
    return with_csrf_token(html, context.get("csrf_token"))


def _render_block(request, product, csrf_token) -> str:
    from apps.reviews.views import reviews_block_context

    extra = {"request": request, "user": request.user, "csrf_token": csrf_token}
    if not product.review_count:
        # No visible review (the count is kept in step in the same transaction): nothing to query.
        data = {"product": product, **extra}
    else:
        data = {**reviews_block_context(request, product), **extra}
    return render_to_string("reviews/_product_reviews.html", data, request=request)


@register.inclusion_tag("reviews/_review_button.html")
def review_button(order, item):
    """One query per order whatever the number of lines (the buyer's reviews are cached on the order)."""
    from apps.orders.domain import OrderStatus
    from apps.reviews.selectors import reviews_by_product_for_order

    reviewable = order.status in (OrderStatus.DELIVERED, OrderStatus.COMPLETED) and item.product_id
    review = reviews_by_product_for_order(order).get(item.product_id) if reviewable else None
    return {"order": order, "item": item, "reviewable": reviewable, "review": review}


@register.filter
def review_stars(rating):
    try:
        full = int(round(float(rating or 0)))
    except (TypeError, ValueError):
        full = 0
    full = max(0, min(5, full))
    return "★" * full + "☆" * (5 - full)


@register.filter
def author_name(review):
    author = review.author
    return domain.public_name(author.full_name, author.email or "")
