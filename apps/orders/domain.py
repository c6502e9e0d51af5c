"""Pure order rules: the status pipeline, who may move an order where, order numbers, delivery dates.

No ORM here: everything is unit-tested without a database. The choices are Django TextChoices only so
models, forms and serializers share one list of values and translated labels.
"""
import secrets
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.errors import InvalidTransition


class OrderStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("order status", "Pending")
    CONFIRMED = "confirmed", pgettext_lazy("order status", "Confirmed")
    PACKED = "packed", pgettext_lazy("order status", "Packed")
    SHIPPING = "shipping", pgettext_lazy("order status", "Shipping")
    DELIVERED = "delivered", pgettext_lazy("order status", "Delivered")
    COMPLETED = "completed", pgettext_lazy("order status", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("order status", "Cancelled")


class PaymentMethod(models.TextChoices):
    COD = "cod", _("Cash on delivery")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    STRIPE = "stripe", _("Card (Stripe)")
    PAYPAL = "paypal", _("PayPal")
    MOMO = "momo", _("MoMo e-wallet")


# Paid through a provider before the seller may confirm; cod and bank transfer are settled otherwise.
ONLINE_PAYMENT_METHODS = frozenset({PaymentMethod.STRIPE, PaymentMethod.PAYPAL, PaymentMethod.MOMO})


class PaymentStatus(models.TextChoices):
    UNPAID = "unpaid", _("Unpaid")
    PENDING = "pending", _("Payment pending")
    PAID = "paid", _("Paid")
    REFUNDED = "refunded", _("Refunded")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    FAILED = "failed", _("Payment failed")


class ShippingMethod(models.TextChoices):
    STANDARD = "standard", _("Standard delivery")
    EXPRESS = "express", _("Express delivery")


class Actor(models.TextChoices):
    """In which capacity somebody changes an order."""

    BUYER = "buyer", _("Buyer")
    SELLER = "seller", _("Seller")
    STAFF = "staff", _("Staff")
    SYSTEM = "system", _("System")


S = OrderStatus

# The pipeline: each status and the statuses it may move to next.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.CONFIRMED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.PACKED, S.CANCELLED}),
    S.PACKED: frozenset({S.SHIPPING}),
    S.SHIPPING: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.COMPLETED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}

# Which target statuses each actor may set (the pipeline still decides from where).
ACTOR_TARGETS: dict[str, frozenset[str]] = {
    Actor.BUYER: frozenset({S.CANCELLED}),
    Actor.SELLER: frozenset({S.CONFIRMED, S.PACKED, S.SHIPPING, S.DELIVERED}),
    Actor.STAFF: frozenset(S.values),
    # Beat tasks: auto-completion of delivered orders, expiry of unpaid online payments.
    Actor.SYSTEM: frozenset({S.COMPLETED, S.CANCELLED}),
}

OPEN_STATUSES = frozenset({S.PENDING, S.CONFIRMED, S.PACKED, S.SHIPPING, S.DELIVERED})
FINAL_STATUSES = frozenset({S.COMPLETED, S.CANCELLED})
# The happy path, in order, for timelines and trackers.
PIPELINE: tuple[str, ...] = (S.PENDING, S.CONFIRMED, S.PACKED, S.SHIPPING, S.DELIVERED, S.COMPLETED)


def can_transition(current: str, target: str) -> bool:
    return target in ALLOWED_TRANSITIONS.get(current, frozenset())


def ensure_transition(current: str, target: str) -> None:
    """Raise InvalidTransition unless the pipeline allows `current` → `target` (the one check)."""
    if target not in S.values:
        raise InvalidTransition(_("Unknown order status: %(status)s.") % {"status": target},
                                details={"from": current, "to": target})
    if not can_transition(current, target):
        raise InvalidTransition(
            _("An order cannot go from %(current)s to %(target)s.")
            % {"current": status_label(current), "target": status_label(target)},
            details={"from": current, "to": target, "allowed": sorted(ALLOWED_TRANSITIONS.get(current, ()))},
        )


def ensure_actor_may(actor: str, target: str) -> None:
    """Raise InvalidTransition unless `actor` (an Actor value) may set `target` at all.

    Not a 403: the caller may act on the order, just not this way (a seller cannot cancel, a buyer
    cannot confirm), which the API reports like any other forbidden change (422 invalid_transition).
    """
    if target not in ACTOR_TARGETS.get(actor, frozenset()):
        raise InvalidTransition(
            _("As %(actor)s you cannot set an order to %(target)s.")
            % {"actor": Actor(actor).label if actor in Actor.values else actor, "target": status_label(target)},
            details={"to": target, "actor": actor},
        )


def allowed_targets(current: str, actor: str) -> list[str]:
    """The statuses `actor` may move an order in `current` to, in pipeline order (for buttons)."""
    allowed = ALLOWED_TRANSITIONS.get(current, frozenset()) & ACTOR_TARGETS.get(actor, frozenset())
    order = list(PIPELINE) + [S.CANCELLED]
    return [s for s in order if s in allowed]


def status_label(status: str) -> str:
    try:
        return str(S(status).label)
    except ValueError:
        return status


# --- order numbers ---------------------------------------------------------------------------
# No 0/O, 1/I/L or U/V look-alikes: the number is read aloud on the phone and typed by hand.
ORDER_NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
ORDER_NUMBER_PREFIX = "CHO"
ORDER_NUMBER_SUFFIX_LENGTH = 5


def order_number_generate(on: date) -> str:
    """A readable order number such as CHO-20261121-7K3QX; the database's unique constraint has the last word."""
    suffix = "".join(secrets.choice(ORDER_NUMBER_ALPHABET) for _ in range(ORDER_NUMBER_SUFFIX_LENGTH))
    return f"{ORDER_NUMBER_PREFIX}-{on:%Y%m%d}-{suffix}"


def order_number_is_valid(value: str) -> bool:
    parts = value.split("-")
    if len(parts) != 3 or parts[0] != ORDER_NUMBER_PREFIX:
        return False
    day, suffix = parts[1], parts[2]
    return (len(day) == 8 and day.isdigit() and len(suffix) == ORDER_NUMBER_SUFFIX_LENGTH
            and all(c in ORDER_NUMBER_ALPHABET for c in suffix))


# --- shipping --------------------------------------------------------------------------------
DEFAULT_DELIVERY_DAYS = {ShippingMethod.STANDARD: 4, ShippingMethod.EXPRESS: 1}


def estimated_delivery_date(placed_on: date, days: int) -> date:
    """`days` working days after `placed_on`; carriers do not deliver on Sundays."""
    current = placed_on
    remaining = max(int(days), 0)
    while remaining:
        current += timedelta(days=1)
        if current.weekday() != 6:
            remaining -= 1
    return current

