from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

MONEY = {"max_digits": 14, "decimal_places": 2}


class Cart(TimeStampedModel):
    """A signed-in user's cart (user) or a guest's (session_key: a random token kept in the session).

    `updated_at` is touched by every change of the cart or its items (abandoned-cart jobs read it)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="cart", verbose_name=_("user"))
    session_key = models.CharField(_("guest session"), max_length=64, null=True, blank=True, unique=True)
    voucher_codes = models.JSONField(_("voucher codes"), default=list, blank=True,
                                     help_text=_("Codes applied on the cart, in the order they were added."))
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")
        ordering = ("-updated_at",)
        indexes = [models.Index(fields=["updated_at"], name="cart_cart_updated")]
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False) | Q(session_key__isnull=False),
                                   name="cart_cart_has_owner"),
        ]

    def __str__(self):
        return str(self.user) if self.user_id else _("Guest cart %(key)s") % {"key": (self.session_key or "")[:8]}

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class CartItem(TimeStampedModel):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items", verbose_name=_("cart"))
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="cart_items",
                                verbose_name=_("variant"))
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    unit_price_at_add = models.DecimalField(_("unit price when added"), **MONEY)
    saved_for_later = models.BooleanField(_("saved for later"), default=False, db_index=True)

    class Meta:
        verbose_name = _("cart item")
        verbose_name_plural = _("cart items")
        ordering = ("created_at", "id")
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="cart_item_variant_unique"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="cart_item_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.variant_id}"


class WishlistItem(TimeStampedModel):
    """A product a user wants. `in_stock_seen`/`price_seen` are what the user was last told (or saw when
    adding): a back-in-stock or price-drop alert fires once when the product moves away from them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wishlist_items",
                             verbose_name=_("user"))
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="wishlist_items",
                                verbose_name=_("product"))
    in_stock_seen = models.BooleanField(_("in stock when last seen"), default=True)
    price_seen = models.DecimalField(_("price when last seen"), **MONEY, null=True, blank=True)
    back_in_stock_notified_at = models.DateTimeField(_("back-in-stock alert sent at"), null=True, blank=True)
    price_drop_notified_at = models.DateTimeField(_("price-drop alert sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("wishlist item")
        verbose_name_plural = _("wishlist items")
        ordering = ("-created_at",)
        constraints = [models.UniqueConstraint(fields=["user", "product"], name="cart_wishlist_unique")]

    def __str__(self):
        return f"{self.user} ♡ {self.product_id}"
