"""Analytics data: shopper events (written in batches), "bought together" affinities (recomputed in batches),
and the permissions that guard reports."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class EventKind(models.TextChoices):
    PRODUCT_VIEW = "product_view", _("Product view")
    SEARCH = "search", _("Search")
    ADD_TO_CART = "add_to_cart", _("Add to cart")
    PURCHASE = "purchase", _("Purchase")


class Event(TimeStampedModel):
    """One thing a shopper did. Recorded into a buffer during the request and written here in batches,
    so `occurred_at` (when it happened) may be a little earlier than `created_at` (when it was written)."""

    kind = models.CharField(_("event"), max_length=16, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("at"), db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("user"))
    visitor = models.CharField(_("visitor"), max_length=80, blank=True,
                               help_text=_("u:<user id> for a signed-in user, s:<session key> for a guest."))
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", verbose_name=_("product"))
    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("shop"))
    query = models.CharField(_("search query"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ("-occurred_at",)
        indexes = [
            models.Index(fields=["kind", "occurred_at"], name="analytics_event_kind_at"),
            models.Index(fields=["shop", "kind", "occurred_at"], name="analytics_event_shop_kind_at"),
            models.Index(fields=["user", "kind", "occurred_at"], name="analytics_event_user_kind_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.occurred_at:%Y-%m-%d %H:%M}"


class ProductAffinity(models.Model):
    """"Customers who bought this also bought": how many buyers bought both products (recomputed in batches)."""

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    related = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    score = models.PositiveIntegerField(_("buyers in common"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("bought-together pair")
        verbose_name_plural = _("bought-together pairs")
        constraints = [models.UniqueConstraint(fields=["product", "related"], name="analytics_affinity_unique")]
        indexes = [models.Index(fields=["product", "-score"], name="analytics_affinity_top")]

    def __str__(self):
        return f"{self.product_id} ~ {self.related_id} ({self.score})"


class ReportAccess(models.Model):
    """No table: carries the report permissions (granted to staff groups by migration 0002)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_reports", "Can view the dashboard and reports"),
            ("export_finance_reports", "Can export finance reports (sales, revenue)"),
        ]
        verbose_name = _("report access")
