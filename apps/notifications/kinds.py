"""The registry of notification kinds: what every other app may pass to `notify(user, kind, ...)`.

Each kind says its category, whether it is transactional (always delivered) or marketing (delivered
only where the user's preferences allow), its in-app title and message (English msgids formatted with
the context, translated into the recipient's language) and its e-mail template
(templates/notifications/email/<template>.html and .txt). Pure data and formatting, no ORM.
"""
from __future__ import annotations

import string
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.core.money import format_money

ORDER_UPDATE, MESSAGE, PROMOTION, SYSTEM = "order_update", "message", "promotion", "system"


@dataclass(frozen=True)
class Kind:
    key: str
    category: str
    marketing: bool
    title: Promise
    message: Promise
    template: str
    context_keys: tuple[str, ...] = ()
    in_app: bool = True
    email: bool = True

    @property
    def transactional(self) -> bool:
        return not self.marketing


def _k(key, category, marketing, title, message, keys=(), **extra) -> Kind:
    return Kind(key=key, category=category, marketing=marketing, title=title, message=message,
                template=key.replace(".", "_"), context_keys=tuple(keys), **extra)


KINDS: dict[str, Kind] = {k.key: k for k in (
    _k("account.welcome", SYSTEM, False, _("Welcome to Chợ"),
       _("Your account is ready. Discover thousands of products from shops all over the country.")),
    _k("account.verify_email", SYSTEM, False, _("Confirm your e-mail address"),
       _("Please confirm your e-mail address to finish setting up your account."), in_app=False),
    _k("account.password_reset", SYSTEM, False, _("Reset your password"),
       _("Someone asked to reset the password of your account. If it was you, choose a new password."),
       in_app=False),
    _k("order.placed", ORDER_UPDATE, False, _("Order {order_number} placed"),
       _("We have received your order {order_number} ({total}). We will let you know when the shop confirms it."),
       ("order_number", "total", "currency")),
    _k("order.new_for_seller", ORDER_UPDATE, False, _("New order {order_number}"),
       _("Your shop has a new order {order_number} worth {total}. Please confirm it soon."),
       ("order_number", "total", "currency")),
    _k("order.status_changed", ORDER_UPDATE, False, _("Order {order_number}: {status_label}"),
       _("Your order {order_number} is now: {status_label}."), ("order_number", "status", "status_label")),
    _k("order.shipped", ORDER_UPDATE, False, _("Order {order_number} is on its way"),
       _("Your order {order_number} has been handed to {carrier}. Tracking number: {tracking_number}."),
       ("order_number", "tracking_number", "carrier")),
    _k("order.cancelled", ORDER_UPDATE, False, _("Order {order_number} was cancelled"),
       _("Your order {order_number} was cancelled. Reason: {reason}"), ("order_number", "reason")),
    _k("payment.completed", ORDER_UPDATE, False, _("Payment received for order {order_number}"),
       _("We have received your payment of {amount} for order {order_number}. Thank you!"),
       ("order_number", "amount", "currency")),
    _k("payment.failed", ORDER_UPDATE, False, _("Payment failed for order {order_number}"),
       _("Your payment of {amount} for order {order_number} did not go through. Please try again or choose "
         "another payment method."), ("order_number", "amount", "currency")),
    _k("payment.refunded", ORDER_UPDATE, False, _("Refund for order {order_number}"),
       _("We have refunded {amount} for order {order_number}. It may take a few days to reach your account."),
       ("order_number", "amount", "currency")),
    _k("review.request", ORDER_UPDATE, True, _("How was your order {order_number}?"),
       _("Tell other shoppers what you think of {products}."), ("order_number", "products")),
    _k("wishlist.back_in_stock", PROMOTION, True, _("{product_title} is back in stock"),
       _("{product_title} from your wishlist is available again. Get it before it sells out."),
       ("product_title",)),
    _k("wishlist.price_drop", PROMOTION, True, _("Price drop: {product_title}"),
       _("{product_title} from your wishlist now costs {new_price} instead of {old_price}."),
       ("product_title", "old_price", "new_price", "currency")),
    _k("stock.low", SYSTEM, False, _("Low stock: {product_title}"),
       _("Only {stock} left of {product_title} (SKU {sku}). Restock soon to keep selling."),
       ("product_title", "sku", "stock")),
    _k("shop.approved", SYSTEM, False, _("Your shop {shop_name} is approved"),
       _("Congratulations! {shop_name} is now open on Chợ. Add your products and start selling."),
       ("shop_name",)),
    _k("shop.suspended", SYSTEM, False, _("Your shop {shop_name} was suspended"),
       _("{shop_name} has been suspended. Reason: {reason}"), ("shop_name", "reason")),
    _k("cart.reminder", PROMOTION, True, _("You left something in your cart"),
       _("You still have {item_count} item(s) waiting in your cart."), ("item_count",)),
    _k("promotion.newsletter", PROMOTION, True, _("{subject}"),
       _("A new newsletter from Chợ: {subject}"), ("subject",)),
    _k("system.message", SYSTEM, False, _("{title}"), _("{message}"), ("title", "message")),
)}

# E-mails that are not notification kinds (sent with send_templated_email); template → subject.
EMAIL_SUBJECTS: dict[str, Promise] = {
    **{k.template: k.title for k in KINDS.values()},
    "newsletter_confirm": _("Confirm your subscription to the Chợ newsletter"),
    "newsletter_campaign": _("{subject}"),
}

MONEY_KEYS = ("total", "amount", "old_price", "new_price")

ORDER_STATUS_LABELS = {
    "pending": _("Pending"), "confirmed": _("Confirmed"), "packed": _("Packed"), "shipping": _("Shipping"),
    "delivered": _("Delivered"), "completed": _("Completed"), "cancelled": _("Cancelled"),
}


def get_kind(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(f"unknown notification kind: {key!r}") from None


class _Blank(dict):
    def __missing__(self, key):
        return ""


_formatter = string.Formatter()


def display_context(context: dict, language: str) -> dict:
    """The context as people read it, in `language`: money formatted, lists joined, labels translated.
    Call inside translation.override(language)."""
    shown = dict(context)
    currency = context.get("currency") or None
    for key in MONEY_KEYS:
        if context.get(key) not in (None, ""):
            try:
                shown[key] = format_money(context[key], currency, language)
            except ValueError:
                shown[key] = str(context[key])
    if isinstance(context.get("products"), (list, tuple)):
        shown["products"] = ", ".join(str(p) for p in context["products"])
    if context.get("status") in ORDER_STATUS_LABELS:
        shown["status_label"] = str(ORDER_STATUS_LABELS[context["status"]])
    return shown


def format_text(template: Promise | str, shown: dict) -> str:
    """Fill `{key}` placeholders; a missing key becomes empty instead of an error."""
    try:
        return _formatter.vformat(str(template), (), _Blank(shown)).strip()
    except (ValueError, IndexError, AttributeError):
        return str(template)
