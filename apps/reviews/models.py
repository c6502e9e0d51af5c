from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.reviews.domain import CONTENT_MAX, REPLY_MAX, REPORT_REASON_MAX, TITLE_MAX, ReviewStatus


class Review(TimeStampedModel):
    """A buyer's rating of a product bought in a delivered order. Only `visible` reviews are public and
    count in the product's and the shop's rating aggregates."""

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="reviews",
                                verbose_name=_("product"))
    # The shop of the product, kept here so the shop's aggregate and the seller's list use one index.
    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="reviews", verbose_name=_("shop"))
    variant = models.ForeignKey("catalog.Variant", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="reviews", verbose_name=_("variant bought"))
    variant_name = models.CharField(_("variant name"), max_length=120, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews",
                               verbose_name=_("author"))
    order = models.ForeignKey("orders.Order", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="reviews", verbose_name=_("order"))
    rating = models.PositiveSmallIntegerField(_("rating"))
    title = models.CharField(_("title"), max_length=TITLE_MAX, blank=True)
    content = models.TextField(_("content"), max_length=CONTENT_MAX, blank=True)
    is_verified_purchase = models.BooleanField(_("verified purchase"), default=True)
    status = models.CharField(_("status"), max_length=8, choices=ReviewStatus.choices, default=ReviewStatus.VISIBLE,
                              db_index=True)
    moderation_flags = models.JSONField(_("moderation flags"), default=list, blank=True,
                                        help_text=_("Why the word filter held this review."))
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("moderated by"))
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    helpful_count = models.PositiveIntegerField(_("helpful votes"), default=0)
    not_helpful_count = models.PositiveIntegerField(_("not helpful votes"), default=0)
    image_count = models.PositiveSmallIntegerField(_("images"), default=0)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    seller_reply = models.TextField(_("seller reply"), max_length=REPLY_MAX, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("replied by"))
    is_reported = models.BooleanField(_("reported"), default=False, db_index=True)
    report_reason = models.TextField(_("report reason"), max_length=REPORT_REASON_MAX, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ("-created_at",)
        indexes = [
            models.Index(fields=["product", "status", "-created_at"], name="reviews_product_new"),
            models.Index(fields=["product", "status", "-helpful_count"], name="reviews_product_helpful"),
            models.Index(fields=["product", "status", "-rating"], name="reviews_product_rating"),
            models.Index(fields=["shop", "status"], name="reviews_shop_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["product", "author"], name="reviews_one_per_product_and_author"),
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="reviews_rating_1_to_5"),
        ]

    def __str__(self):
        return f"{self.rating}★ {self.product_id} by {self.author_id}"

    @property
    def is_visible(self) -> bool:
        return self.status == ReviewStatus.VISIBLE

    @property
    def has_reply(self) -> bool:
        return bool(self.replied_at)


class ReviewImage(TimeStampedModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="images", verbose_name=_("review"))
    image = models.ImageField(_("image"), upload_to="reviews/%Y/%m/")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("review image")
        verbose_name_plural = _("review images")
        ordering = ("position", "created_at")

    def __str__(self):
        return self.image.name


class ReviewVote(TimeStampedModel):
    """One vote per user and review (helpful or not); never on one's own review (checked by the service)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes", verbose_name=_("review"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_votes",
                             verbose_name=_("user"))
    helpful = models.BooleanField(_("helpful"))

    class Meta:
        verbose_name = _("review vote")
        verbose_name_plural = _("review votes")
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="reviews_one_vote_per_user"),
        ]

    def __str__(self):
        return f"{'+' if self.helpful else '-'} {self.review_id} by {self.user_id}"


class ReviewRequest(TimeStampedModel):
    """The review request e-mail of one order; its row makes the request go out once per order."""

    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="review_request",
                                 verbose_name=_("order"))
    sent_at = models.DateTimeField(_("sent at"))
    product_count = models.PositiveSmallIntegerField(_("products asked about"), default=0)

    class Meta:
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        ordering = ("-sent_at",)

    def __str__(self):
        return f"{self.order_id} @ {self.sent_at:%Y-%m-%d}"
