"""Automatic promotions in templates (product cards and pages):

    {% load promotions %}
    {% effective_price variant as ep %}     {# one variant: ep.price, ep.regular_price, ep.is_discounted, ep.percent_off, ep.ends_at #}
    {% product_price product as ep %}       {# a card's "from" price #}
    {% price_tag ep %}                      {# price, struck-through regular price, -N% badge, countdown #}

Running promotions are loaded once per request (two queries), so a list of cards costs no more.
"""
from django import template

from apps.vouchers.selectors import PromotionSnapshot

register = template.Library()


def _snapshot(context) -> PromotionSnapshot:
    """One snapshot per request (kept on the request), or per render without one."""
    holder = context.get("request") or context.render_context
    snapshot = getattr(holder, "_promotion_snapshot", None) if not isinstance(holder, dict) else None
    if snapshot is None:
        snapshot = PromotionSnapshot()
        if not isinstance(holder, dict) and hasattr(holder, "__dict__"):
            holder._promotion_snapshot = snapshot
    return snapshot


@register.simple_tag(takes_context=True)
def effective_price(context, variant):
    return _snapshot(context).for_variant(variant)


@register.simple_tag(takes_context=True)
def product_price(context, product):
    return _snapshot(context).for_product(product)


@register.inclusion_tag("vouchers/_price_tag.html")
def price_tag(ep, currency=None):
    return {"ep": ep, "currency": currency}
