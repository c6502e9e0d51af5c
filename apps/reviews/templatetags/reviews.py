"""{% load reviews %}

{% product_reviews product %}      the reviews block of the product page (summary bars, filters, reviews)
{% review_button order item %}     on an order page: "Write a review" / "Edit your review" for one line
{{ rating|review_stars }}           4.3 → ★★★★☆
{{ review|author_name }}            what shoppers see of the author ("Nguyễn V. A.")
"""
from django import template

from apps.reviews import domain

register = template.Library()


@register.inclusion_tag("reviews/_product_reviews.html", takes_context=True)
def product_reviews(context, product):
    from apps.reviews.views import reviews_block_context

    request = context["request"]
    extra = {"request": request, "user": request.user, "csrf_token": context.get("csrf_token")}
    if not product.review_count:
        # No visible review (the count is kept in step in the same transaction): nothing to query.
        return {"product": product, **extra}
    return {**reviews_block_context(request, product), **extra}


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
