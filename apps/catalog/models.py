from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from apps.core.models import TimeStampedModel
from apps.core.money import default_currency


def empty_distribution() -> dict:
    return {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}


class Category(MP_Node):
    """A node of the category tree (materialised path: a subtree is one indexed prefix lookup)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    icon = models.CharField(_("icon"), max_length=64, blank=True, help_text=_("An emoji or icon name."))
    description = models.TextField(_("description"), blank=True)
    sort_order = models.IntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)

    node_order_by = ["sort_order", "name"]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:category", kwargs={"slug": self.slug})


class Brand(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    logo = models.ImageField(_("logo"), upload_to="brands/", blank=True)

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ("name",)

    def __str__(self):
        return self.name


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    HIDDEN = "hidden", _("Hidden")
    BANNED = "banned", _("Banned")


class Condition(models.TextChoices):
    NEW = "new", _("New")
    USED = "used", _("Used")
    REFURBISHED = "refurbished", _("Refurbished")


class ProductQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(is_deleted=False)


class Product(TimeStampedModel):
    shop = models.ForeignKey("shops.Shop", on_delete=models.PROTECT, related_name="products", verbose_name=_("shop"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products",
                                 verbose_name=_("category"))
    brand = models.ForeignKey(Brand, on_delete=models.SET_NULL, null=True, blank=True, related_name="products",
                              verbose_name=_("brand"))
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Sanitised HTML."))
    condition = models.CharField(_("condition"), max_length=12, choices=Condition.choices, default=Condition.NEW,
                                 db_index=True)
    specifications = models.JSONField(_("specifications"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=ProductStatus.choices, default=ProductStatus.ACTIVE,
                              db_index=True)
    is_deleted = models.BooleanField(_("deleted"), default=False, db_index=True)
    is_featured = models.BooleanField(_("featured"), default=False, db_index=True)
    # Denormalised from the active variants by the catalog services, so lists filter and sort on an index.
    price = models.DecimalField(_("price from"), max_digits=14, decimal_places=2, default=0, db_index=True)
    compare_at_price = models.DecimalField(_("compare-at price"), max_digits=14, decimal_places=2, null=True,
                                           blank=True)
    currency = models.CharField(_("currency"), max_length=3, default=default_currency)
    in_stock = models.BooleanField(_("in stock"), default=False, db_index=True)
    average_rating = models.DecimalField(_("average rating"), max_digits=3, decimal_places=2, default=0,
                                         db_index=True)
    review_count = models.PositiveIntegerField(_("reviews"), default=0)
    rating_distribution = models.JSONField(_("rating distribution"), default=empty_distribution, blank=True)
    sold_count = models.PositiveIntegerField(_("sold"), default=0, db_index=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ("-created_at",)
        indexes = [
            models.Index(fields=["status", "is_deleted", "-created_at"], name="catalog_product_public_new"),
            models.Index(fields=["shop", "is_deleted", "-created_at"], name="catalog_product_shop_new"),
            models.Index(fields=["category", "status"], name="catalog_product_cat_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="catalog_product_price_not_negative"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalog:product", kwargs={"slug": self.slug})

    @property
    def main_image(self):
        """The first image by position; uses prefetched images when present (no extra query)."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "images" in cache:
            images = sorted(cache["images"], key=lambda i: (i.position, i.created_at))
            return images[0] if images else None
        return self.images.order_by("position", "created_at").first()


class Variant(TimeStampedModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants",
                                verbose_name=_("product"))
    name = models.CharField(_("name"), max_length=120, default="Default")
    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    price = models.DecimalField(_("price"), max_digits=14, decimal_places=2, db_index=True)
    compare_at_price = models.DecimalField(_("compare-at price"), max_digits=14, decimal_places=2, null=True,
                                           blank=True)
    stock = models.PositiveIntegerField(_("stock"), default=0)
    low_stock_threshold = models.PositiveIntegerField(_("low-stock threshold"), default=5)
    low_stock_notified = models.BooleanField(_("low stock notified"), default=False)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    is_deleted = models.BooleanField(_("deleted"), default=False, db_index=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ("position", "created_at")
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="catalog_variant_stock_not_negative"),
            models.CheckConstraint(condition=Q(price__gte=0), name="catalog_variant_price_not_negative"),
        ]

    def __str__(self):
        return f"{self.product.title} — {self.name}" if self.name else self.product.title

    @property
    def is_low_stock(self) -> bool:
        return self.stock <= self.low_stock_threshold

    @property
    def currency(self) -> str:
        return settings.DEFAULT_CURRENCY


class ProductImage(TimeStampedModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("product"))
    image = models.ImageField(_("image"), upload_to="products/%Y/%m/")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="products/thumbs/%Y/%m/", blank=True)
    alt = models.CharField(_("alt text"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ("position", "created_at")

    def __str__(self):
        return self.alt or self.image.name


class MovementReason(models.TextChoices):
    ORDER = "order", _("Order")
    CANCELLATION = "cancellation", _("Cancellation")
    RESTOCK = "restock", _("Restock")
    ADJUSTMENT = "adjustment", _("Adjustment")
    IMPORT = "import", _("Import")
    EXPIRY = "expiry", _("Unpaid order expired")


class InventoryMovement(TimeStampedModel):
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="movements")
    delta = models.IntegerField(_("change"))
    reason = models.CharField(_("reason"), max_length=16, choices=MovementReason.choices, db_index=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    stock_after = models.PositiveIntegerField(_("stock after"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("inventory movement")
        verbose_name_plural = _("inventory movements")
        ordering = ("-created_at",)

    def __str__(self):
        return f"{self.variant.sku} {self.delta:+d} ({self.reason})"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Rejected")


class ProductImport(TimeStampedModel):
    """A CSV import: validated as a whole, applied all-or-nothing, with a per-row report."""

    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="product_imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("processed rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True)

    class Meta:
        verbose_name = _("product import")
        verbose_name_plural = _("product imports")
        ordering = ("-created_at",)

    def __str__(self):
        return self.filename or str(self.id)

    @property
    def progress(self) -> int:
        if not self.total_rows:
            return 100 if self.status in (ImportStatus.DONE, ImportStatus.FAILED) else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
