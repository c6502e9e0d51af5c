from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.core.money import default_currency

MONEY = {"max_digits": 14, "decimal_places": 2}


class Provider(models.TextChoices):
    COD = "cod", _("Cash on delivery")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    STRIPE = "stripe", _("Card (Stripe)")
    PAYPAL = "paypal", _("PayPal")
    MOMO = "momo", _("MoMo e-wallet")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    AUTHORIZED = "authorized", _("Authorized")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    REFUNDED = "refunded", _("Refunded")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")


class Payment(TimeStampedModel):
    """One attempt to collect an order's total through one provider. Card data never reaches us:
    only the provider's ids are kept."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="payments",
                              verbose_name=_("order"))
    provider = models.CharField(_("provider"), max_length=16, choices=Provider.choices, db_index=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default=default_currency)
    status = models.CharField(_("status"), max_length=20, choices=PaymentStatus.choices,
                              default=PaymentStatus.PENDING, db_index=True)
    provider_reference = models.CharField(_("provider reference"), max_length=255, blank=True, db_index=True,
                                          help_text=_("PaymentIntent, PayPal order, MoMo order or transfer reference"))
    capture_reference = models.CharField(_("capture reference"), max_length=255, blank=True,
                                         help_text=_("Charge, PayPal capture or MoMo transaction id"))
    provider_amount = models.DecimalField(_("amount at the provider"), **MONEY, null=True, blank=True)
    provider_currency = models.CharField(_("provider currency"), max_length=3, blank=True)
    refunded_amount = models.DecimalField(_("refunded"), **MONEY, default=0)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, blank=True, default="")
    failure_message = models.TextField(_("failure message"), blank=True)
    next_action = models.JSONField(_("next action"), default=dict, blank=True,
                                   help_text=_("Approval or pay URL and instructions; never secrets"))
    save_payment_method = models.BooleanField(_("save the card"), default=False)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["order", "status"], name="payments_payment_order_status")]
        constraints = [
            models.UniqueConstraint(fields=["provider", "provider_reference"], condition=~Q(provider_reference=""),
                                    name="payments_payment_provider_reference_unique"),
            models.UniqueConstraint(fields=["order", "idempotency_key"], condition=~Q(idempotency_key=""),
                                    name="payments_payment_idempotency_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0) & Q(refunded_amount__gte=0)
                                   & Q(refunded_amount__lte=F("amount")),
                                   name="payments_payment_refund_within_amount"),
        ]

    def __str__(self):
        return f"{self.get_provider_display()} {self.amount} {self.currency} ({self.status})"

    @property
    def refundable_amount(self):
        return max(self.amount - self.refunded_amount, 0)

    @property
    def is_paid(self) -> bool:
        return self.status in (PaymentStatus.COMPLETED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED)


class EventDirection(models.TextChoices):
    IN = "in", _("From the provider")
    OUT = "out", _("To the provider")


class PaymentEvent(TimeStampedModel):
    """The reconciliation log: every call to and event from a provider, secrets removed.

    Unique on (provider, event_id): inserting the row is what claims an incoming event, in the same
    transaction that applies it, so a replayed or concurrent duplicate changes nothing.
    """

    payment = models.ForeignKey(Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="events",
                                verbose_name=_("payment"))
    provider = models.CharField(_("provider"), max_length=16, choices=Provider.choices)
    event_id = models.CharField(_("event id"), max_length=255)
    kind = models.CharField(_("kind"), max_length=64, help_text=_("Normalised kind, e.g. payment.succeeded"))
    provider_type = models.CharField(_("provider event type"), max_length=100, blank=True)
    direction = models.CharField(_("direction"), max_length=3, choices=EventDirection.choices)
    amount = models.DecimalField(_("amount"), **MONEY, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    applied = models.BooleanField(_("applied"), default=False,
                                  help_text=_("Whether it changed our records (a stale or repeated event does not)"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    ok = models.BooleanField(_("succeeded"), default=True, help_text=_("For outgoing calls: the provider accepted"))

    class Meta:
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")
        ordering = ("created_at",)
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="payments_event_provider_event_unique"),
        ]

    def __str__(self):
        return f"{self.provider} {self.direction} {self.kind} {self.event_id}"


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")


class Refund(TimeStampedModel):
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("payment"))
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default=default_currency)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING,
                              db_index=True)
    provider_reference = models.CharField(_("provider reference"), max_length=255, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("by"))
    failure_message = models.TextField(_("failure message"), blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ("created_at",)
        constraints = [
            models.UniqueConstraint(fields=["payment", "provider_reference"], condition=~Q(provider_reference=""),
                                    name="payments_refund_provider_reference_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_refund_amount_positive"),
        ]

    def __str__(self):
        return f"{self.amount} {self.currency} ({self.status})"


class PaymentCustomer(TimeStampedModel):
    """A buyer's customer record at a provider (Stripe), for saved cards."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payment_customers",
                             verbose_name=_("user"))
    provider = models.CharField(_("provider"), max_length=16, choices=Provider.choices, default=Provider.STRIPE)
    customer_id = models.CharField(_("customer id"), max_length=255)

    class Meta:
        verbose_name = _("payment customer")
        verbose_name_plural = _("payment customers")
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="payments_customer_user_provider_unique"),
        ]

    def __str__(self):
        return f"{self.provider}:{self.customer_id}"


class SavedPaymentMethod(TimeStampedModel):
    """A card saved at Stripe for a returning buyer: only the provider's token and what identifies it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_payment_methods",
                             verbose_name=_("user"))
    provider = models.CharField(_("provider"), max_length=16, choices=Provider.choices, default=Provider.STRIPE)
    customer_id = models.CharField(_("customer id"), max_length=255)
    payment_method_id = models.CharField(_("payment method id"), max_length=255)
    brand = models.CharField(_("brand"), max_length=32, blank=True)
    last4 = models.CharField(_("last 4 digits"), max_length=4, blank=True)
    exp_month = models.PositiveSmallIntegerField(_("expiry month"), null=True, blank=True)
    exp_year = models.PositiveSmallIntegerField(_("expiry year"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved payment method")
        verbose_name_plural = _("saved payment methods")
        ordering = ("-created_at",)
        constraints = [
            models.UniqueConstraint(fields=["provider", "payment_method_id"],
                                    name="payments_saved_method_unique"),
        ]

    def __str__(self):
        return f"{self.brand} •••• {self.last4}"
