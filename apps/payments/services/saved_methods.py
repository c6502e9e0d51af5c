"""Saved cards through Stripe customers: provider tokens only, listed and removable by the buyer."""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.errors import NotFound
from apps.payments import gateways
from apps.payments.gateways import GatewayError
from apps.payments.models import PaymentCustomer, Provider, SavedPaymentMethod

from .intents import provider_error


def payment_customer_get_or_create(*, user) -> PaymentCustomer:
    customer = PaymentCustomer.objects.filter(user=user, provider=Provider.STRIPE).first()
    if customer is not None:
        return customer
    try:
        customer_id = gateways.get_gateway(Provider.STRIPE).customer_create(
            email=user.email or "", name=user.full_name or "", user_id=str(user.pk),
            idempotency_key=f"cho-customer-{user.pk}")
    except GatewayError as exc:
        raise provider_error(exc) from exc
    try:
        with transaction.atomic():
            return PaymentCustomer.objects.create(user=user, provider=Provider.STRIPE, customer_id=customer_id)
    except IntegrityError:
        return PaymentCustomer.objects.get(user=user, provider=Provider.STRIPE)


def saved_methods_sync(*, user) -> list[SavedPaymentMethod]:
    """Mirror the buyer's cards at Stripe (after a payment that saved one)."""
    customer = PaymentCustomer.objects.filter(user=user, provider=Provider.STRIPE).first()
    if customer is None:
        return []
    try:
        cards = gateways.get_gateway(Provider.STRIPE).payment_methods_list(customer_id=customer.customer_id)
    except GatewayError as exc:
        raise provider_error(exc) from exc
    with transaction.atomic():
        SavedPaymentMethod.objects.filter(user=user, provider=Provider.STRIPE).exclude(
            payment_method_id__in=[card["id"] for card in cards]).delete()
        for card in cards:
            SavedPaymentMethod.objects.update_or_create(
                provider=Provider.STRIPE, payment_method_id=card["id"],
                defaults={"user": user, "customer_id": customer.customer_id, "brand": card["brand"] or "",
                          "last4": card["last4"] or "", "exp_month": card.get("exp_month"),
                          "exp_year": card.get("exp_year")})
    return list(SavedPaymentMethod.objects.filter(user=user))


def saved_method_remove(*, user, method_id) -> None:
    """Detach the card at Stripe, then forget it here."""
    method = SavedPaymentMethod.objects.filter(user=user, pk=method_id).first()
    if method is None:
        raise NotFound(_("Saved card not found."))
    try:
        gateways.get_gateway(Provider.STRIPE).payment_method_detach(payment_method_id=method.payment_method_id)
    except GatewayError as exc:
        if exc.provider_code not in ("resource_missing", "payment_method_unexpected_state"):
            raise provider_error(exc) from exc
    method.delete()
