from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.vouchers.domain import VoucherAudience, VoucherScope, VoucherType, normalize_code

MONEY = {"max_digits": 14, "decimal_places": 2}


class VoucherQuerySet(models.QuerySet):
    def platform(self):
        return self.filter(shop__isnull=True)

    def running(self, now=None):
        """Active and inside their time window (usage limits are checked by the rules)."""
        now = now or timezone.now()
        return self.filter(is_active=True).filter(Q(starts_at__isnull=True) | Q(starts_at__lte=now)).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gte=now))


class Voucher(TimeStampedModel):
    """A code issued by a shop (its items only) or, with no shop, by the platform (the whole order)."""

    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, null=True, blank=True, related_name="vouchers",
                             verbose_name=_("shop"), help_text=_("Empty for a platform voucher."))
    code = models.CharField(_("code"), max_length=40, unique=True,
                            help_text=_("Letters and digits; not case-sensitive."))
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(_("type"), max_length=16, choices=VoucherType.choices, default=VoucherType.PERCENTAGE)
    value = models.DecimalField(_("value"), **MONEY, default=0,
                                help_text=_("Per cent for a percentage voucher, an amount for a fixed one."))
    max_discount = models.DecimalField(_("maximum discount"), **MONEY, null=True, blank=True)
    min_order_value = models.DecimalField(_("minimum order value"), **MONEY, default=0)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True, db_index=True)
    usage_limit = models.PositiveIntegerField(_("total usage limit"), null=True, blank=True)
    used_count = models.PositiveIntegerField(_("used"), default=0)
    per_user_limit = models.PositiveIntegerField(_("usage limit per user"), null=True, blank=True, default=1)
    scope = models.CharField(_("applies to"), max_length=12, choices=VoucherScope.choices, default=VoucherScope.ALL)
    categories = models.ManyToManyField("catalog.Category", blank=True, related_name="+",
                                        verbose_name=_("categories"))
    products = models.ManyToManyField("catalog.Product", blank=True, related_name="+", verbose_name=_("products"))
    first_order_only = models.BooleanField(_("first order only"), default=False)
    audience = models.CharField(_("audience"), max_length=16, choices=VoucherAudience.choices,
                                default=VoucherAudience.EVERYONE)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                   verbose_name=_("chosen users"))
    is_active = models.BooleanField(_("active"), default=True, db_index=True,
                                    help_text=_("Untick to pause the voucher."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = VoucherQuerySet.as_manager()

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["shop", "is_active", "ends_at"], name="vouchers_shop_active_end")]
        constraints = [
            models.UniqueConstraint(Upper("code"), name="vouchers_code_ci_unique"),
            models.CheckConstraint(condition=Q(usage_limit__isnull=True) | Q(used_count__lte=F("usage_limit")),
                                   name="vouchers_used_within_limit"),
            models.CheckConstraint(condition=Q(value__gte=0) & Q(min_order_value__gte=0)
                                   & (Q(max_discount__isnull=True) | Q(max_discount__gte=0)),
                                   name="vouchers_amounts_not_negative"),
            models.CheckConstraint(condition=~Q(type=VoucherType.PERCENTAGE) | Q(value__lte=100),
                                   name="vouchers_percentage_at_most_100"),
            models.CheckConstraint(condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True)
                                   | Q(ends_at__gt=F("starts_at")), name="vouchers_ends_after_start"),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.code = normalize_code(self.code)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.type == VoucherType.PERCENTAGE and not (0 < (self.value or 0) <= 100):
            errors["value"] = _("A percentage is between 0 and 100.")
        if self.type == VoucherType.FIXED and (self.value or 0) <= 0:
            errors["value"] = _("Enter the amount to take off.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must be after the start.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_platform(self) -> bool:
        return self.shop_id is None

    @property
    def remaining(self) -> int | None:
        return None if self.usage_limit is None else max(0, self.usage_limit - self.used_count)


class VoucherRedemption(TimeStampedModel):
    """A voucher used by an order. A platform voucher shared by the orders of one checkout has a row per
    order (its share in `amount`) but counts as one use (`checkout_id`). `released_at`: the order was
    cancelled and the use given back."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="redemptions",
                                verbose_name=_("voucher"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="voucher_redemptions",
                             verbose_name=_("user"))
    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="voucher_redemptions",
                              verbose_name=_("order"))
    checkout_id = models.UUIDField(_("checkout"), null=True, blank=True, db_index=True)
    amount = models.DecimalField(_("discount"), **MONEY, default=0)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        verbose_name = _("voucher redemption")
        verbose_name_plural = _("voucher redemptions")
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["voucher", "user", "released_at"], name="vouchers_redemption_user")]
        constraints = [
            models.UniqueConstraint(fields=["voucher", "order"], name="vouchers_redemption_once_per_order"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="vouchers_redemption_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.voucher_id} → {self.order_id}"


class FlashSale(TimeStampedModel):
    """Sale prices for chosen variants during a time window (staff run them in the admin)."""

    name = models.CharField(_("name"), max_length=150)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), db_index=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("flash sale")
        verbose_name_plural = _("flash sales")
        ordering = ("-starts_at",)
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                              name="vouchers_flash_sale_ends_after_start")]

    def __str__(self):
        return self.name


class FlashSaleItem(TimeStampedModel):
    flash_sale = models.ForeignKey(FlashSale, on_delete=models.CASCADE, related_name="items",
                                   verbose_name=_("flash sale"))
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="flash_sale_items",
                                verbose_name=_("variant"))
    sale_price = models.DecimalField(_("sale price"), **MONEY)
    quantity_limit = models.PositiveIntegerField(_("units at this price"), null=True, blank=True,
                                                 help_text=_("Empty: no limit."))
    sold_count = models.PositiveIntegerField(_("sold at this price"), default=0)

    class Meta:
        verbose_name = _("flash sale item")
        verbose_name_plural = _("flash sale items")
        ordering = ("created_at",)
        constraints = [
            models.UniqueConstraint(fields=["flash_sale", "variant"], name="vouchers_flash_item_unique"),
            models.CheckConstraint(condition=Q(sale_price__gte=0), name="vouchers_flash_price_not_negative"),
            models.CheckConstraint(condition=Q(quantity_limit__isnull=True) | Q(sold_count__lte=F("quantity_limit")),
                                   name="vouchers_flash_sold_within_limit"),
        ]

    def __str__(self):
        return f"{self.flash_sale} · {self.variant_id}"

    @property
    def remaining(self) -> int | None:
        return None if self.quantity_limit is None else max(0, self.quantity_limit - self.sold_count)


class CategoryDiscount(TimeStampedModel):
    """A percentage off every product of a category and its sub-categories, optionally of one shop only."""

    name = models.CharField(_("name"), max_length=150)
    category = models.ForeignKey("catalog.Category", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("category"))
    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("shop"), help_text=_("Empty: every shop."))
    percent = models.DecimalField(_("per cent off"), max_digits=5, decimal_places=2)
    max_discount_per_unit = models.DecimalField(_("maximum discount per unit"), **MONEY, null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), db_index=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category discount")
        verbose_name_plural = _("category discounts")
        ordering = ("-starts_at",)
        constraints = [
            models.CheckConstraint(condition=Q(percent__gt=0) & Q(percent__lte=100),
                                   name="vouchers_category_percent_range"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                   name="vouchers_category_ends_after_start"),
        ]

    def __str__(self):
        return self.name
