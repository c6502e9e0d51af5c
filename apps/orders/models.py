from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.core.money import default_currency
from apps.orders.domain import Actor, OrderStatus, PaymentMethod, PaymentStatus, ShippingMethod

MONEY = {"max_digits": 14, "decimal_places": 2}


class Order(TimeStampedModel):
    """One shop's part of a checkout. A checkout from three shops makes three orders sharing a checkout_id."""

    order_number = models.CharField(_("order number"), max_length=32, unique=True)
    checkout_id = models.UUIDField(_("checkout"), db_index=True)
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders",
                              verbose_name=_("buyer"))
    shop = models.ForeignKey("shops.Shop", on_delete=models.PROTECT, related_name="orders", verbose_name=_("shop"))
    status = models.CharField(_("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.PENDING,
                              db_index=True)
    payment_method = models.CharField(_("payment method"), max_length=16, choices=PaymentMethod.choices)
    payment_status = models.CharField(_("payment status"), max_length=20, choices=PaymentStatus.choices,
                                      default=PaymentStatus.UNPAID, db_index=True)
    shipping_address = models.JSONField(_("shipping address"), default=dict)
    shipping_method = models.CharField(_("shipping method"), max_length=10, choices=ShippingMethod.choices,
                                       default=ShippingMethod.STANDARD)
    carrier = models.CharField(_("carrier"), max_length=80, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=80, blank=True)
    estimated_delivery_date = models.DateField(_("estimated delivery"), null=True, blank=True)
    subtotal = models.DecimalField(_("subtotal"), **MONEY)
    shipping_fee = models.DecimalField(_("shipping fee"), **MONEY, default=0)
    discount = models.DecimalField(_("discount"), **MONEY, default=0)
    tax = models.DecimalField(_("tax"), **MONEY, default=0)
    total = models.DecimalField(_("total"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default=default_currency)
    voucher_codes = models.JSONField(_("voucher codes"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    cancellation_reason = models.TextField(_("cancellation reason"), blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True, db_index=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, blank=True, default="")

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ("-created_at",)
        indexes = [
            models.Index(fields=["buyer", "-created_at"], name="orders_order_buyer_new"),
            models.Index(fields=["shop", "status", "-created_at"], name="orders_order_shop_status_new"),
            models.Index(fields=["status", "delivered_at"], name="orders_order_status_delivered"),
        ]
        constraints = [
            # One order per shop per placement: a replayed Idempotency-Key can never create a second set.
            models.UniqueConstraint(fields=["buyer", "idempotency_key", "shop"], condition=~Q(idempotency_key=""),
                                    name="orders_order_idempotency_unique"),
            models.CheckConstraint(
                condition=Q(subtotal__gte=0) & Q(shipping_fee__gte=0) & Q(discount__gte=0) & Q(tax__gte=0)
                & Q(total__gte=0),
                name="orders_order_amounts_not_negative"),
        ]

    def __str__(self):
        return self.order_number

    def get_absolute_url(self):
        return reverse("orders:detail", kwargs={"pk": self.pk})

    @property
    def is_cancellable(self) -> bool:
        return self.status in (OrderStatus.PENDING, OrderStatus.CONFIRMED)

    @property
    def item_count(self) -> int:
        return sum(item.quantity for item in self.items.all())

    def record_status(self, status: str, *, by=None, actor: str = Actor.SYSTEM, note: str = "") -> "OrderStatusHistory":
        return OrderStatusHistory.objects.create(order=self, status=status, by=by, actor=actor, note=note,
                                                 at=timezone.now())


class OrderItem(TimeStampedModel):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items", verbose_name=_("order"))
    product = models.ForeignKey("catalog.Product", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="order_items", verbose_name=_("product"))
    variant = models.ForeignKey("catalog.Variant", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="order_items", verbose_name=_("variant"))
    product_snapshot = models.JSONField(_("product at purchase"), default=dict)
    variant_snapshot = models.JSONField(_("variant at purchase"), default=dict)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    subtotal = models.DecimalField(_("subtotal"), **MONEY)

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        ordering = ("created_at", "id")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="orders_item_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0) & Q(subtotal__gte=0),
                                   name="orders_item_amounts_not_negative"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.title}"

    @property
    def title(self) -> str:
        return self.product_snapshot.get("title", "")

    @property
    def variant_name(self) -> str:
        return self.variant_snapshot.get("name", "")

    @property
    def sku(self) -> str:
        return self.variant_snapshot.get("sku", "")


class OrderStatusHistory(TimeStampedModel):
    """Every status an order went through: who (person and capacity), when, why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_history",
                              verbose_name=_("order"))
    status = models.CharField(_("status"), max_length=12, choices=OrderStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("by"))
    actor = models.CharField(_("as"), max_length=8, choices=Actor.choices, default=Actor.SYSTEM)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ("at", "created_at")

    def __str__(self):
        return f"{self.order_id} → {self.status}"
