from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class ShopStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")


def empty_distribution() -> dict:
    return {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}


class ShopQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ShopStatus.ACTIVE)


class Shop(TimeStampedModel):
    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="shop",
                                 verbose_name=_("owner"))
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="shops/logos/%Y/%m/", blank=True)
    cover_image = models.ImageField(_("cover image"), upload_to="shops/covers/%Y/%m/", blank=True)
    address = models.TextField(_("business address"), blank=True)
    city = models.CharField(_("city / province"), max_length=100, blank=True, db_index=True)
    phone_number = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    shipping_fee = models.DecimalField(_("standard shipping fee"), max_digits=14, decimal_places=2, default=30000)
    express_shipping_fee = models.DecimalField(_("express shipping fee"), max_digits=14, decimal_places=2,
                                               default=50000)
    free_shipping_threshold = models.DecimalField(_("free shipping from"), max_digits=14, decimal_places=2,
                                                  null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ShopStatus.choices, default=ShopStatus.PENDING,
                              db_index=True)
    suspension_reason = models.TextField(_("suspension reason"), blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    rating_average = models.DecimalField(_("average rating"), max_digits=3, decimal_places=2, default=0)
    rating_count = models.PositiveIntegerField(_("ratings"), default=0)
    rating_distribution = models.JSONField(_("rating distribution"), default=empty_distribution, blank=True)
    follower_count = models.PositiveIntegerField(_("followers"), default=0)

    objects = ShopQuerySet.as_manager()

    class Meta:
        verbose_name = _("shop")
        verbose_name_plural = _("shops")
        ordering = ("name",)
        constraints = [
            models.CheckConstraint(condition=Q(shipping_fee__gte=0) & Q(express_shipping_fee__gte=0),
                                   name="shops_shop_fees_not_negative"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("shops:detail", kwargs={"slug": self.slug})

    @property
    def is_active(self) -> bool:
        return self.status == ShopStatus.ACTIVE


class ShopFollow(TimeStampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shop_follows")
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="follows")

    class Meta:
        verbose_name = _("shop follow")
        verbose_name_plural = _("shop follows")
        constraints = [models.UniqueConstraint(fields=["user", "shop"], name="shops_follow_unique")]

    def __str__(self):
        return f"{self.user} → {self.shop}"
