"""Writes of the reviews app: reviews, votes, moderation, seller replies and reports, rating aggregates,
review requests. Every change that can move a rating recomputes the product's and the shop's aggregates in
the same transaction, under a row lock on the product and the shop (see ratings_refresh)."""
from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.cache import product_group
from apps.catalog.models import Product
from apps.core.cache import cache_version_bump_on_commit
from apps.core.errors import BusinessRuleViolation, Conflict, NotFound, PermissionDenied, ValidationFailed
from apps.orders.domain import OrderStatus
from apps.orders.models import Order, OrderItem
from apps.reviews import domain
from apps.reviews.domain import ReviewStatus
from apps.reviews.images import image_clean, images_validate
from apps.reviews.locks import products_qs_select_for_update, reviews_qs_select_for_update, shops_qs_select_for_update
from apps.reviews.models import Review, ReviewImage, ReviewRequest, ReviewVote
from apps.shops.models import Shop


def _product_pages_changed(product_ids) -> None:
    """The product pages' cached parts (rating in the buy box, the reviews block) are redrawn after commit."""
    groups = [product_group(pk) for pk in product_ids if pk]
    if groups:
        cache_version_bump_on_commit(*groups)

logger = logging.getLogger(__name__)

REVIEWABLE_STATUSES = (OrderStatus.DELIVERED, OrderStatus.COMPLETED)


def blocked_words() -> tuple[str, ...]:
    words = getattr(settings, "REVIEW_BLOCKED_WORDS", None)  # None (unset): the built-in list
    return tuple(domain.DEFAULT_BLOCKED_WORDS if words is None else words)


def edit_window_days() -> int:
    return int(getattr(settings, "REVIEW_EDIT_DAYS", domain.EDIT_WINDOW_DAYS))


# --- aggregates ------------------------------------------------------------------------------------

def _rating_counts(queryset) -> dict[int, int]:
    """Counts per star of a review queryset, in one aggregate query."""
    row = queryset.aggregate(**{f"r{r}": Count("pk", filter=Q(rating=r)) for r in domain.RATINGS})
    return {r: row[f"r{r}"] for r in domain.RATINGS}


def ratings_refresh(*, product_ids=(), shop_ids=()) -> None:
    """Recompute average, count and distribution of the products and shops from their visible reviews.

    Locks the product rows, then the shop rows (by pk), and only then counts: a concurrent writer of the
    same product waits for our commit and counts again after it, so the last writer always counts every
    committed review (a read-modify-write of counters could lose one).
    """
    product_ids, shop_ids = {p for p in product_ids if p}, {s for s in shop_ids if s}
    with transaction.atomic():
        for product_id in products_qs_select_for_update(product_ids).values_list("pk", flat=True):
            average, count, distribution = domain.rating_summary(
                _rating_counts(Review.objects.filter(product_id=product_id, status=ReviewStatus.VISIBLE)))
            Product.objects.filter(pk=product_id).update(average_rating=average, review_count=count,
                                                         rating_distribution=distribution)
        _product_pages_changed(product_ids)
        for shop_id in shops_qs_select_for_update(shop_ids).values_list("pk", flat=True):
            average, count, distribution = domain.rating_summary(
                _rating_counts(Review.objects.filter(shop_id=shop_id, status=ReviewStatus.VISIBLE)))
            Shop.objects.filter(pk=shop_id).update(rating_average=average, rating_count=count,
                                                   rating_distribution=distribution)


def _rebuild(model, key: str, fields: tuple[str, str, str], batch_size: int) -> int:
    """Recompute the aggregates of every row of `model` (Product or Shop) in batches; returns rows changed."""
    avg_f, count_f, dist_f = fields
    ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start:start + batch_size]
        with transaction.atomic():
            rows = list(model.objects.select_for_update().filter(pk__in=chunk).order_by("pk")
                        .only("pk", avg_f, count_f, dist_f))
            grouped = (Review.objects.filter(**{f"{key}__in": chunk}, status=ReviewStatus.VISIBLE)
                       .values(key).order_by(key)
                       .annotate(**{f"r{r}": Count("pk", filter=Q(rating=r)) for r in domain.RATINGS}))
            counts = {g[key]: {r: g[f"r{r}"] for r in domain.RATINGS} for g in grouped}
            dirty = []
            for row in rows:
                average, count, distribution = domain.rating_summary(counts.get(row.pk, {}))
                if (getattr(row, avg_f), getattr(row, count_f), getattr(row, dist_f)) != (average, count,
                                                                                          distribution):
                    setattr(row, avg_f, average)
                    setattr(row, count_f, count)
                    setattr(row, dist_f, distribution)
                    dirty.append(row)
            if dirty:
                model.objects.bulk_update(dirty, [avg_f, count_f, dist_f])
            changed += len(dirty)
    return changed


def ratings_recompute_all(*, batch_size: int = 500) -> dict[str, int]:
    """Rebuild every product's and shop's rating aggregates from the reviews, from scratch."""
    return {
        "products": _rebuild(Product, "product_id", ("average_rating", "review_count", "rating_distribution"),
                             batch_size),
        "shops": _rebuild(Shop, "shop_id", ("rating_average", "rating_count", "rating_distribution"), batch_size),
    }


# --- eligibility -----------------------------------------------------------------------------------

def review_eligible_item(*, author, order_id, product_id) -> OrderItem:
    """The line of the author's delivered (or completed) order that holds the product, or the reason why not.

    Another buyer's order is NotFound (404), like any object that is not one's own.
    """
    order = Order.objects.filter(pk=order_id, buyer=author).first() if author.is_authenticated else None
    if order is None:
        raise NotFound(_("Order not found."), details={"order_id": [_("Order not found.")]})
    if order.status not in REVIEWABLE_STATUSES:
        raise BusinessRuleViolation(_("You can review a product once its order has been delivered."),
                                    code="review_not_allowed")
    item = (order.items.filter(product_id=product_id).select_related("product", "variant", "order")
            .order_by("created_at").first())
    if item is None or item.product is None or item.product.is_deleted:
        raise BusinessRuleViolation(_("This order does not contain that product."), code="review_not_allowed")
    return item


def _clean_text(value, *, field: str, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationFailed(details={field: [_("At most %(n)s characters.") % {"n": limit}]})
    return value


def _clean_rating(value) -> int:
    try:
        rating = int(value)
    except (TypeError, ValueError):
        rating = 0
    if rating not in domain.RATINGS:
        raise ValidationFailed(details={"rating": [_("Choose a rating from 1 to 5 stars.")]})
    return rating


def _status_for(title: str, content: str, *, current: str | None = None) -> tuple[str, list[str]]:
    """Held as pending when the word filter finds something; a review staff hid stays hidden."""
    flags = domain.moderation_flags(f"{title}\n{content}", blocked_words())
    if current == ReviewStatus.HIDDEN:
        return ReviewStatus.HIDDEN, flags
    return (ReviewStatus.PENDING if flags else ReviewStatus.VISIBLE), flags


def _images_add(review: Review, files, *, start: int = 0) -> None:
    for position, file in enumerate(files, start=start):
        image = ReviewImage(review=review, position=position)
        cleaned = image_clean(file)
        image.image.save(cleaned.name, cleaned, save=False)
        image.save()


def _delete_files_on_commit(names: list[str]) -> None:
    if not names:
        return
    from django.core.files.storage import default_storage

    def _delete():
        for name in names:
            try:
                default_storage.delete(name)
            except Exception:  # a missing file must not break the request  # noqa: BLE001
                logger.warning("could not delete review image %s", name)

    transaction.on_commit(_delete)


# --- reviews ---------------------------------------------------------------------------------------

def review_create(*, author, product_id, order_id, rating, title: str = "", content: str = "",
                  images=()) -> Review:
    """A verified-purchase review. Once per product and author (a second one is Conflict, 409)."""
    rating = _clean_rating(rating)
    title = _clean_text(title, field="title", limit=domain.TITLE_MAX)
    content = _clean_text(content, field="content", limit=domain.CONTENT_MAX)
    files = images_validate(images)
    item = review_eligible_item(author=author, order_id=order_id, product_id=product_id)
    product = item.product
    if Review.objects.filter(product=product, author=author).exists():
        raise Conflict(_("You have already reviewed this product."))
    status, flags = _status_for(title, content)
    try:
        with transaction.atomic():
            review = Review.objects.create(
                product=product, shop_id=product.shop_id, variant=item.variant,
                variant_name=(item.variant_name or "")[:120], author=author, order=item.order, rating=rating,
                title=title, content=content, is_verified_purchase=True, status=status, moderation_flags=flags,
                image_count=len(files))
            _images_add(review, files)
            ratings_refresh(product_ids=[product.pk], shop_ids=[product.shop_id])
    except IntegrityError:
        # Two submissions at once: the unique (product, author) constraint let only the first in.
        raise Conflict(_("You have already reviewed this product.")) from None
    return review


def _author_review(review_id, user) -> Review:
    review = Review.objects.filter(pk=review_id, author=user).first() if user.is_authenticated else None
    if review is None:
        raise NotFound(_("Review not found."))
    return review


def review_update(*, review_id, by, rating=None, title=None, content=None, images=(), remove_image_ids=(),
                  now=None) -> Review:
    """The author edits within the edit window (30 days by default). The word filter runs again."""
    now = now or timezone.now()
    review = _author_review(review_id, by)
    if not domain.can_edit(created_at=review.created_at, now=now, days=edit_window_days()):
        raise BusinessRuleViolation(
            _("Reviews can be changed for %(n)s days after they are written.") % {"n": edit_window_days()},
            code="edit_window_closed")
    new_rating = review.rating if rating is None else _clean_rating(rating)
    new_title = review.title if title is None else _clean_text(title, field="title", limit=domain.TITLE_MAX)
    new_content = (review.content if content is None
                   else _clean_text(content, field="content", limit=domain.CONTENT_MAX))
    with transaction.atomic():
        review = reviews_qs_select_for_update(Review.objects.filter(pk=review.pk)).get()
        removed = list(review.images.filter(pk__in=list(remove_image_ids or ())))
        remaining = review.images.count() - len(removed)
        files = images_validate(images, existing=remaining)
        names = [img.image.name for img in removed]
        ReviewImage.objects.filter(pk__in=[img.pk for img in removed]).delete()
        last = review.images.order_by("-position").values_list("position", flat=True).first()
        _images_add(review, files, start=(last + 1) if last is not None else 0)
        review.status, review.moderation_flags = _status_for(new_title, new_content, current=review.status)
        review.rating, review.title, review.content = new_rating, new_title, new_content
        review.image_count = remaining + len(files)
        review.edited_at = now
        review.save(update_fields=["rating", "title", "content", "status", "moderation_flags", "image_count",
                                   "edited_at", "updated_at"])
        ratings_refresh(product_ids=[review.product_id], shop_ids=[review.shop_id])
        _delete_files_on_commit(names)
    return review


def review_delete(*, review_id, by) -> None:
    """The author or staff delete a review; its images go with it."""
    review = Review.objects.filter(pk=review_id).first()
    if review is None or not by.is_authenticated or (review.author_id != by.pk and not by.is_staff):
        raise NotFound(_("Review not found."))
    with transaction.atomic():
        names = list(review.images.values_list("image", flat=True))
        product_id, shop_id = review.product_id, review.shop_id
        Review.objects.filter(pk=review.pk).delete()
        ratings_refresh(product_ids=[product_id], shop_ids=[shop_id])
        _delete_files_on_commit(names)


# --- votes -----------------------------------------------------------------------------------------

def review_vote(*, review_id, user, helpful: bool) -> Review:
    """Helpful or not: one vote per user and review (voting again changes it), never on one's own review."""
    with transaction.atomic():
        review = reviews_qs_select_for_update(
            Review.objects.filter(pk=review_id, status=ReviewStatus.VISIBLE)).first()
        if review is None:
            raise NotFound(_("Review not found."))
        if review.author_id == user.pk:
            raise PermissionDenied(_("You cannot vote on your own review."))
        ReviewVote.objects.update_or_create(review=review, user=user, defaults={"helpful": bool(helpful)})
        counts = review.votes.aggregate(yes=Count("pk", filter=Q(helpful=True)),
                                        no=Count("pk", filter=Q(helpful=False)))
        review.helpful_count, review.not_helpful_count = counts["yes"], counts["no"]
        review.save(update_fields=["helpful_count", "not_helpful_count", "updated_at"])
        _product_pages_changed([review.product_id])
    return review


# --- moderation ------------------------------------------------------------------------------------

def reviews_moderate(*, review_ids, status: str, by) -> int:
    """Staff approve (visible) or hide reviews, in bulk; aggregates follow. Returns how many changed."""
    if status not in (ReviewStatus.VISIBLE, ReviewStatus.HIDDEN):
        raise ValidationFailed(details={"status": [_("Approve or hide.")]})
    now = timezone.now()
    with transaction.atomic():
        reviews = list(reviews_qs_select_for_update(Review.objects.filter(pk__in=list(review_ids)))
                       .only("pk", "status", "product_id", "shop_id"))
        changed = [r for r in reviews if r.status != status]
        if changed:
            Review.objects.filter(pk__in=[r.pk for r in changed]).update(status=status, moderated_by=by,
                                                                          moderated_at=now, updated_at=now)
            ratings_refresh(product_ids={r.product_id for r in changed}, shop_ids={r.shop_id for r in changed})
    return len(changed)


def _seller_review(review_id, seller) -> Review:
    review = None
    if seller.is_authenticated:
        review = reviews_qs_select_for_update(Review.objects.filter(pk=review_id, shop__owner=seller)).first()
    if review is None:
        raise NotFound(_("Review not found."))
    return review


def review_reply(*, review_id, seller, content: str) -> Review:
    """The product's seller answers once, publicly."""
    content = _clean_text(content, field="content", limit=domain.REPLY_MAX)
    if not content:
        raise ValidationFailed(details={"content": [_("Write your reply.")]})
    with transaction.atomic():
        review = _seller_review(review_id, seller)
        if review.replied_at:
            raise Conflict(_("You have already replied to this review."))
        review.seller_reply, review.replied_at, review.replied_by = content, timezone.now(), seller
        review.save(update_fields=["seller_reply", "replied_at", "replied_by", "updated_at"])
        _product_pages_changed([review.product_id])
    return review


def review_report(*, review_id, seller, reason: str) -> Review:
    """The seller flags a review for staff (abuse, not about the product, ...). It stays as it is until staff decide."""
    reason = _clean_text(reason, field="reason", limit=domain.REPORT_REASON_MAX)
    if not reason:
        raise ValidationFailed(details={"reason": [_("Tell us what is wrong with this review.")]})
    with transaction.atomic():
        review = _seller_review(review_id, seller)
        if review.is_reported:
            raise Conflict(_("You have already reported this review."))
        review.is_reported, review.report_reason, review.reported_at = True, reason, timezone.now()
        review.save(update_fields=["is_reported", "report_reason", "reported_at", "updated_at"])
    return review


# --- review requests -------------------------------------------------------------------------------

def review_requests_send(*, now=None, limit: int = 500) -> int:
    """Ask buyers to review, REVIEW_REQUEST_DAYS after delivery, once per order (a ReviewRequest row).

    Orders delivered longer ago than REVIEW_REQUEST_WINDOW_DAYS are left alone (no flood after a pause).
    Products the buyer has reviewed already are not asked about; an order with none left is only marked.
    Returns the number of e-mails (notifications) sent.
    """
    from apps.notifications.services import notify

    now = now or timezone.now()
    cutoff = now - timedelta(days=int(getattr(settings, "REVIEW_REQUEST_DAYS", 3)))
    oldest = cutoff - timedelta(days=int(getattr(settings, "REVIEW_REQUEST_WINDOW_DAYS", 30)))
    orders = list(Order.objects.filter(status__in=REVIEWABLE_STATUSES, delivered_at__lte=cutoff,
                                       delivered_at__gt=oldest, review_request__isnull=True)
                  .select_related("buyer").prefetch_related("items").order_by("delivered_at")[:limit])
    sent = 0
    for order in orders:
        product_ids = {item.product_id for item in order.items.all() if item.product_id}
        reviewed = set(Review.objects.filter(author=order.buyer, product_id__in=product_ids)
                       .values_list("product_id", flat=True))
        titles, seen = [], set()
        for item in order.items.all():
            if item.product_id and item.product_id not in reviewed and item.product_id not in seen:
                seen.add(item.product_id)
                titles.append(item.title)
        with transaction.atomic():
            _, created = ReviewRequest.objects.get_or_create(
                order=order, defaults={"sent_at": now, "product_count": len(titles)})
            if not created or not titles:
                continue
            notify(order.buyer, "review.request", url=reverse("reviews:order", kwargs={"order_id": order.pk}),
                   context={"order_number": order.order_number, "products": titles})
            sent += 1
    return sent
