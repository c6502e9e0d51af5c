"""{% load payment_tags %}{% order_payment_panel order %}: the payment box of an order page (buyer: pay,
pay again, bank details; seller/staff: mark a transfer received, refund)."""
from django import template

register = template.Library()

PAYABLE_METHODS = ("stripe", "paypal", "momo", "bank_transfer")


@register.inclusion_tag("payments/_order_panel.html", takes_context=True)
def order_payment_panel(context, order):
    from apps.payments.selectors import payment_latest_for_order
    from apps.payments.services import payment_may_refund

    request = context.get("request")
    user = getattr(request, "user", None)
    payment = payment_latest_for_order(order)
    is_buyer = bool(user and user.is_authenticated and order.buyer_id == user.pk)
    manager = bool(user and user.is_authenticated and (user.is_staff or order.shop.owner_id == user.pk))
    return {
        "order": order, "payment": payment, "request": request, "csrf_token": context.get("csrf_token"),
        "can_pay": is_buyer and order.status == "pending" and order.payment_method in PAYABLE_METHODS
        and order.payment_status in ("unpaid", "pending", "failed"),
        "can_mark_received": manager and order.payment_method == "bank_transfer"
        and order.payment_status in ("unpaid", "pending", "failed") and order.status != "cancelled",
        "can_refund": bool(payment and payment.status in ("completed", "partially_refunded") and user
                           and payment_may_refund(payment, user)),
    }
