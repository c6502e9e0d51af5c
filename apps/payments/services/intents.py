"""Starting a payment with a provider, and settling it (PayPal capture, the buyer's return)."""
from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import (
    BusinessRuleViolation,
    Conflict,
    NotFound,
    PaymentFailed,
    ServiceUnavailable,
    ValidationFailed,
)
from apps.orders.locks import orders_qs_select_for_update
from apps.orders.models import Order
from apps.payments import gateways
from apps.payments.gateways import GatewayError, IntentRequest, ProviderUnavailable
from apps.payments.locks import payment_lock
from apps.payments.models import Payment, PaymentStatus, Provider

from .events import event_log_out
from .status import payment_move

logger = logging.getLogger("apps.payments")

ONLINE_PROVIDERS = (Provider.STRIPE, Provider.PAYPAL, Provider.MOMO)
MAX_IDEMPOTENCY_KEY_LENGTH = 100


def absolute_url(path: str) -> str:
    return urljoin(getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + "/", path.lstrip("/"))


def provider_error(exc: GatewayError) -> Exception:
    """A provider's refusal as one of our errors, with a message the buyer can act on."""
    details = {"provider_code": exc.provider_code, "retryable": exc.retryable}
    if isinstance(exc, ProviderUnavailable):
        return ServiceUnavailable(exc.message, details=details)
    return PaymentFailed(exc.message, details=details)


def _ensure_payable(order, provider: str) -> None:
    from apps.orders.domain import OrderStatus
    from apps.orders.domain import PaymentStatus as OrderPaymentStatus

    if provider not in Provider.values:
        raise ValidationFailed(_("Unknown payment provider."), details={"provider": [_("Unknown payment provider.")]})
    if not gateways.is_available(provider):
        raise ValidationFailed(_("This payment method is not available."),
                               details={"provider": [_("This payment method is not available.")]})
    if order.payment_method != provider:
        raise ValidationFailed(
            _("This order is to be paid by %(method)s.") % {"method": order.get_payment_method_display()},
            details={"provider": [_("Use the payment method chosen at checkout.")]})
    if order.payment_status in (OrderPaymentStatus.PAID, OrderPaymentStatus.REFUNDED,
                                OrderPaymentStatus.PARTIALLY_REFUNDED):
        raise Conflict(_("This order is already paid."), code="already_paid")
    if order.status != OrderStatus.PENDING:
        raise BusinessRuleViolation(_("This order can no longer be paid."), code="order_not_payable")


def _intent_response(payment: Payment, *, client_secret: str = "") -> dict:
    data = {"payment_id": str(payment.pk), "provider": payment.provider, "status": payment.status,
            "amount": payment.amount, "currency": payment.currency}
    if payment.provider == Provider.STRIPE:
        data["client_secret"] = client_secret
    elif payment.provider == Provider.PAYPAL:
        data["approval_url"] = payment.next_action.get("approval_url", "")
    elif payment.provider == Provider.MOMO:
        data["pay_url"] = payment.next_action.get("pay_url", "")
    return data


def _stripe_client_secret(payment: Payment) -> str:
    """Stripe's client secret is fetched when needed, never stored."""
    try:
        result = gateways.get_gateway(Provider.STRIPE).retrieve(payment.provider_reference)
    except GatewayError as exc:
        raise provider_error(exc) from exc
    return (result.raw or {}).get("client_secret", "") if result else ""


def _reusable(order, provider: str) -> Payment | None:
    """The open attempt of this order with this provider, if it reached the provider."""
    return (Payment.objects.filter(order=order, provider=provider, status=PaymentStatus.PENDING)
            .exclude(provider_reference="").order_by("-created_at").first())


def payment_intent_create(*, order, buyer, provider: str, idempotency_key: str = "", save_payment_method: bool = False,
                          saved_method_id=None) -> tuple[Payment, dict]:
    """Start paying `order` online: returns (payment, {payment_id, client_secret | approval_url | pay_url}).

    The same Idempotency-Key returns the first answer again; an open attempt with the same provider is
    reused (one intent per order, never two charges); a failed one is followed by a fresh attempt ("pay
    again"). The provider call happens outside any transaction.
    """
    if order.buyer_id != buyer.pk:
        raise NotFound(_("Order not found."))
    key = (idempotency_key or "").strip()
    if len(key) > MAX_IDEMPOTENCY_KEY_LENGTH:
        raise ValidationFailed(_("The Idempotency-Key is too long."),
                               details={"idempotency_key": [_("At most 100 characters.")]})
    if key:
        existing = Payment.objects.filter(order=order, idempotency_key=key).first()
        if existing is not None:
            if existing.provider != provider:
                raise Conflict(_("This Idempotency-Key was used for another request."), code="idempotency_conflict")
            return existing, _replay(existing)
    if provider not in ONLINE_PROVIDERS:
        raise ValidationFailed(_("Choose stripe, paypal or momo."),
                               details={"provider": [_("Choose stripe, paypal or momo.")]})
    _ensure_payable(order, provider)
    method = _saved_method(buyer, saved_method_id) if saved_method_id else None

    reuse = _reusable(order, provider)
    if reuse is not None and not (method or save_payment_method):
        return reuse, _replay(reuse)

    try:
        with transaction.atomic():
            # The order's row lock makes two clicks on "Pay" wait for each other: the second sees the
            # first attempt and is told to wait, instead of starting a second intent.
            list(orders_qs_select_for_update(Order.objects.filter(pk=order.pk)))
            _ensure_nothing_in_flight(order)
            payment = Payment.objects.create(order=order, provider=provider, amount=order.total,
                                             currency=order.currency, idempotency_key=key,
                                             save_payment_method=bool(save_payment_method or method))
    except IntegrityError:
        existing = Payment.objects.filter(order=order, idempotency_key=key).first() if key else None
        if existing is None:
            raise
        return existing, _replay(existing)
    return _intent_start(payment, buyer=buyer, method=method)


STARTING_GRACE = timedelta(minutes=2)


def _ensure_nothing_in_flight(order) -> None:
    """Refuse a new attempt while another is being started or was approved and awaits its capture.
    An attempt stuck without a provider reference for minutes (a crashed request) is failed."""
    in_flight = Payment.objects.filter(order=order, status__in=[PaymentStatus.PENDING, PaymentStatus.AUTHORIZED])
    if in_flight.filter(status=PaymentStatus.AUTHORIZED).exists():
        raise Conflict(_("A payment for this order was approved and is being completed."),
                       code="payment_in_progress")
    starting = in_flight.filter(status=PaymentStatus.PENDING, provider_reference="")
    starting.filter(created_at__lt=timezone.now() - STARTING_GRACE).update(
        status=PaymentStatus.FAILED, failed_at=timezone.now(), failure_message="never reached the provider")
    if starting.exists():
        raise Conflict(_("A payment for this order is being started. Please try again in a moment."),
                       code="payment_in_progress")


def _replay(payment: Payment) -> dict:
    if payment.status == PaymentStatus.FAILED:
        return {**_intent_response(payment), "failure_message": payment.failure_message}
    secret = _stripe_client_secret(payment) if (payment.provider == Provider.STRIPE and payment.provider_reference
                                                and payment.status == PaymentStatus.PENDING) else ""
    return _intent_response(payment, client_secret=secret)


def _saved_method(buyer, saved_method_id):
    from apps.payments.models import SavedPaymentMethod

    method = SavedPaymentMethod.objects.filter(user=buyer, pk=saved_method_id).first()
    if method is None:
        raise ValidationFailed(_("Choose one of your saved cards."),
                               details={"saved_method_id": [_("Choose one of your saved cards.")]})
    return method


def _intent_start(payment: Payment, *, buyer, method=None) -> tuple[Payment, dict]:
    order = payment.order
    gateway = gateways.get_gateway(payment.provider)
    customer_id = ""
    if payment.provider == Provider.STRIPE and (payment.save_payment_method or method):
        from .saved_methods import payment_customer_get_or_create

        customer_id = method.customer_id if method else payment_customer_get_or_create(user=buyer).customer_id
    request = IntentRequest(
        payment_id=str(payment.pk), order_number=order.order_number, amount=payment.amount, currency=payment.currency,
        description=_("Order %(number)s at Chợ") % {"number": order.order_number},
        idempotency_key=f"cho-{payment.pk}-intent", buyer_email=buyer.email or "",
        return_url=absolute_url(reverse("payments:return", kwargs={"order_id": order.pk})),
        cancel_url=absolute_url(reverse("payments:cancel", kwargs={"order_id": order.pk})),
        notify_url=absolute_url(reverse(f"api:payments-webhook-{payment.provider}")),
        customer_id=customer_id, payment_method_id=method.payment_method_id if method else "",
        save_payment_method=payment.save_payment_method and not method,
    )
    try:
        result = gateway.create_intent(request)
    except GatewayError as exc:
        with transaction.atomic():
            event_log_out(payment=payment, provider=payment.provider, kind="intent.create", payload=exc.raw or {},
                          ok=False, note=str(exc.message))
            locked = payment_lock(payment.pk)
            payment_move(locked, PaymentStatus.FAILED, failure_message=str(exc.message))
        raise provider_error(exc) from exc

    with transaction.atomic():
        locked = payment_lock(payment.pk)
        locked.provider_reference = result.provider_reference
        locked.provider_amount = result.provider_amount
        locked.provider_currency = result.provider_currency or ""
        locked.next_action = {k: v for k, v in {
            "approval_url": result.approval_url, "pay_url": result.pay_url, "qr_code_url": result.qr_payload,
            "deeplink": (result.instructions or {}).get("deeplink", ""),
        }.items() if v}
        locked.save(update_fields=["provider_reference", "provider_amount", "provider_currency", "next_action",
                                   "updated_at"])
        event_log_out(payment=locked, provider=locked.provider, kind="intent.create", payload=result.raw,
                      amount=locked.amount, currency=locked.currency)
        if result.status != PaymentStatus.PENDING:
            payment_move(locked, result.status)
        else:
            from .status import order_follow_payment

            order_follow_payment(locked)
    return locked, _intent_response(locked, client_secret=result.client_secret)


def paypal_capture(*, buyer, paypal_order_id: str) -> Payment:
    """Capture an approved PayPal order of the buyer's (the buttons' onApprove, or the redirect back)."""
    payment = (Payment.objects.select_related("order").filter(
        provider=Provider.PAYPAL, provider_reference=paypal_order_id, order__buyer=buyer).first()
        if paypal_order_id else None)
    if payment is None:
        raise NotFound(_("Payment not found."))
    return payment_settle(payment=payment, capture=True)


def payment_settle(*, payment: Payment, capture: bool = False) -> Payment:
    """Ask the provider where a payment stands (capturing an approved PayPal order) and apply it.

    Used by the PayPal capture, the buyer's return from MoMo/PayPal, and the expiry task; each is safe
    to repeat: a completed payment is left alone, the capture carries an idempotency key.
    """
    if payment.is_paid or (payment.status == PaymentStatus.FAILED and not capture):
        return payment
    if not payment.provider_reference:
        return payment
    gateway = gateways.get_gateway(payment.provider)
    try:
        if capture:
            try:
                result = gateway.capture(provider_reference=payment.provider_reference,
                                         idempotency_key=f"cho-{payment.pk}-capture")
            except GatewayError as exc:
                if exc.provider_code != "ORDER_ALREADY_CAPTURED":
                    raise
                result = gateway.retrieve(payment.provider_reference)  # captured before: just read it
        else:
            result = gateway.retrieve(payment.provider_reference)
    except GatewayError as exc:
        event_log_out(payment=payment, provider=payment.provider, kind="capture" if capture else "retrieve",
                      payload=exc.raw or {}, ok=False, note=str(exc.message))
        if capture and not exc.retryable:
            with transaction.atomic():
                payment_move(payment_lock(payment.pk), PaymentStatus.FAILED, failure_message=str(exc.message))
        raise provider_error(exc) from exc
    if result is None:
        return payment
    with transaction.atomic():
        locked = payment_lock(payment.pk)
        event = event_log_out(payment=locked, provider=locked.provider, kind="capture" if capture else "retrieve",
                              payload=result.raw, amount=result.amount, currency=result.currency)
        changed, note = payment_move(locked, result.status, amount=result.amount,
                                     capture_reference=result.provider_reference)
        event.applied, event.note = changed, note[:255]
        event.save(update_fields=["applied", "note", "updated_at"])
    return locked
