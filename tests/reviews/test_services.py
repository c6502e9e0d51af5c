"""Review services against the database: who may review, duplicates, aggregates after every kind of change,
moderation, votes, replies and reports, images, review requests."""
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from apps.catalog.models import Product
from apps.core.errors import BusinessRuleViolation, Conflict, NotFound, PermissionDenied, ValidationFailed
from apps.notifications.models import Notification
from apps.orders.domain import OrderStatus
from apps.reviews import selectors, services
from apps.reviews.domain import ReviewStatus
from apps.reviews.models import Review, ReviewRequest, ReviewVote
from apps.shops.models import Shop
from tests.factories.accounts import UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.reviews import ReviewFactory, delivered_order

pytestmark = pytest.mark.django_db


def write(buyer, product, rating=5, **fields):
    """A buyer who received `product` reviews it through the service."""
    order = delivered_order(buyer=buyer, product=product)
    return services.review_create(author=buyer, product_id=product.pk, order_id=order.pk, rating=rating, **fields)


def product_rating(product):
    p = Product.objects.get(pk=product.pk)
    return p.average_rating, p.review_count, p.rating_distribution


def shop_rating(shop):
    s = Shop.objects.get(pk=shop.pk)
    return s.rating_average, s.rating_count, s.rating_distribution


def dist(**stars):
    return {str(r): stars.get(f"s{r}", 0) for r in range(1, 6)}


# --- purchase verification ----------------------------------------------------------------------------

@pytest.mark.parametrize("status", [OrderStatus.DELIVERED, OrderStatus.COMPLETED])
def test_buyer_of_a_delivered_or_completed_order_may_review(buyer, product, status):
    order = delivered_order(buyer=buyer, product=product, status=status)
    review = services.review_create(author=buyer, product_id=product.pk, order_id=order.pk, rating=4,
                                    title="Tốt", content="Máy chạy mượt.")
    assert review.status == ReviewStatus.VISIBLE
    assert review.is_verified_purchase
    assert review.order == order
    assert review.variant == order.items.get().variant
    assert review.shop_id == product.shop_id


@pytest.mark.parametrize("status", [OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.SHIPPING,
                                    OrderStatus.CANCELLED])
def test_an_order_not_yet_delivered_does_not_allow_a_review(buyer, product, status):
    order = delivered_order(buyer=buyer, product=product, status=status)
    with pytest.raises(BusinessRuleViolation) as exc:
        services.review_create(author=buyer, product_id=product.pk, order_id=order.pk, rating=5)
    assert exc.value.code == "review_not_allowed"
    assert not Review.objects.exists()


def test_someone_elses_order_is_not_found(buyer, other_buyer, product, order):
    with pytest.raises(NotFound):
        services.review_create(author=other_buyer, product_id=product.pk, order_id=order.pk, rating=5)
    assert not Review.objects.exists()


def test_an_order_without_the_product_does_not_allow_a_review(buyer, order):
    other_product = ProductFactory()
    with pytest.raises(BusinessRuleViolation):
        services.review_create(author=buyer, product_id=other_product.pk, order_id=order.pk, rating=5)


def test_a_buyer_who_never_bought_cannot_review(other_buyer, product):
    order_of_another_product = delivered_order(buyer=other_buyer)
    with pytest.raises(BusinessRuleViolation):
        services.review_create(author=other_buyer, product_id=product.pk, order_id=order_of_another_product.pk,
                               rating=5)


@pytest.mark.parametrize("rating", [0, 6, "five", None])
def test_rating_must_be_one_to_five(buyer, product, order, rating):
    with pytest.raises(ValidationFailed) as exc:
        services.review_create(author=buyer, product_id=product.pk, order_id=order.pk, rating=rating)
    assert "rating" in exc.value.details


def test_the_database_refuses_a_rating_outside_one_to_five(product, buyer):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(product=product, author=buyer, rating=6)


# --- duplicates -------------------------------------------------------------------------------------------

def test_one_review_per_product_and_buyer_even_from_a_second_order(buyer, product, order):
    services.review_create(author=buyer, product_id=product.pk, order_id=order.pk, rating=5)
    second_order = delivered_order(buyer=buyer, product=product)
    with pytest.raises(Conflict):
        services.review_create(author=buyer, product_id=product.pk, order_id=second_order.pk, rating=1)
    assert Review.objects.count() == 1
    assert product_rating(product)[:2] == (Decimal("5.00"), 1)


def test_the_database_refuses_a_second_review_of_the_same_product(buyer, product):
    ReviewFactory(product=product, author=buyer)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(product=product, author=buyer)


# --- aggregates ----------------------------------------------------------------------------------------

def test_aggregates_after_create_edit_and_delete(shop, product, buyer, other_buyer):
    first = write(buyer, product, rating=5)
    assert product_rating(product) == (Decimal("5.00"), 1, dist(s5=1))
    assert shop_rating(shop) == (Decimal("5.00"), 1, dist(s5=1))

    write(other_buyer, product, rating=2)
    assert product_rating(product) == (Decimal("3.50"), 2, dist(s5=1, s2=1))

    services.review_update(review_id=first.pk, by=buyer, rating=4)
    assert product_rating(product) == (Decimal("3.00"), 2, dist(s4=1, s2=1))
    assert shop_rating(shop) == (Decimal("3.00"), 2, dist(s4=1, s2=1))

    services.review_delete(review_id=first.pk, by=buyer)
    assert product_rating(product) == (Decimal("2.00"), 1, dist(s2=1))
    assert shop_rating(shop) == (Decimal("2.00"), 1, dist(s2=1))


def test_shop_aggregate_spans_its_products(shop, product, buyer, other_buyer):
    second_product = ProductFactory(shop=shop)
    elsewhere = ProductFactory()
    write(buyer, product, rating=5)
    write(buyer, second_product, rating=4)
    write(other_buyer, second_product, rating=3)
    write(other_buyer, elsewhere, rating=1)
    assert shop_rating(shop) == (Decimal("4.00"), 3, dist(s5=1, s4=1, s3=1))
    assert product_rating(second_product) == (Decimal("3.50"), 2, dist(s4=1, s3=1))
    assert shop_rating(elsewhere.shop) == (Decimal("1.00"), 1, dist(s1=1))


def test_aggregates_follow_moderation(shop, product, buyer, other_buyer, staff_user):
    visible = write(buyer, product, rating=5)
    held = write(other_buyer, product, rating=1, content="Đồ lừa đảo")
    assert held.status == ReviewStatus.PENDING
    assert product_rating(product)[:2] == (Decimal("5.00"), 1)

    assert services.reviews_moderate(review_ids=[held.pk], status=ReviewStatus.VISIBLE, by=staff_user) == 1
    assert product_rating(product) == (Decimal("3.00"), 2, dist(s5=1, s1=1))
    assert shop_rating(shop)[:2] == (Decimal("3.00"), 2)

    assert services.reviews_moderate(review_ids=[held.pk, visible.pk], status=ReviewStatus.HIDDEN,
                                     by=staff_user) == 2
    assert product_rating(product) == (Decimal("0.00"), 0, dist())
    assert shop_rating(shop) == (Decimal("0.00"), 0, dist())
    held.refresh_from_db()
    assert held.moderated_by == staff_user


def test_moderating_to_the_same_status_changes_nothing(product, buyer, staff_user):
    review = write(buyer, product)
    assert services.reviews_moderate(review_ids=[review.pk], status=ReviewStatus.VISIBLE, by=staff_user) == 0


def test_recompute_ratings_command_rebuilds_from_scratch(shop, product, buyer, other_buyer):
    write(buyer, product, rating=5)
    write(other_buyer, product, rating=4)
    untouched = ProductFactory(shop=shop)
    # Drift: wrong numbers written behind the services' back, and a stale count on a product without reviews.
    Product.objects.filter(pk=product.pk).update(average_rating=1, review_count=99, rating_distribution={})
    Product.objects.filter(pk=untouched.pk).update(average_rating=3, review_count=7)
    Shop.objects.filter(pk=shop.pk).update(rating_average=0, rating_count=0)
    out = io.StringIO()
    call_command("recompute_ratings", "--batch-size", "1", stdout=out)
    assert product_rating(product) == (Decimal("4.50"), 2, dist(s5=1, s4=1))
    assert product_rating(untouched) == (Decimal("0.00"), 0, dist())
    assert shop_rating(shop) == (Decimal("4.50"), 2, dist(s5=1, s4=1))
    assert "2 product(s) and 1 shop(s)" in out.getvalue()
    # Nothing left to correct the second time.
    assert services.ratings_recompute_all() == {"products": 0, "shops": 0}


# --- moderation -------------------------------------------------------------------------------------------

def test_the_word_filter_holds_a_review_away_from_the_public(product, buyer):
    review = write(buyer, product, rating=1, title="Shop lừa đảo", content="Đừng mua")
    assert review.status == ReviewStatus.PENDING
    assert review.moderation_flags == ["word:lừa đảo"]
    assert not selectors.product_reviews(product_id=product.pk).exists()


def test_the_blocked_words_come_from_the_setting(settings, product, buyer):
    settings.REVIEW_BLOCKED_WORDS = ["dởm"]
    review = write(buyer, product, rating=1, content="Hàng dởm")
    assert review.status == ReviewStatus.PENDING


def test_hidden_reviews_are_not_public_and_stay_hidden_after_an_edit(product, buyer, staff_user):
    review = write(buyer, product)
    services.reviews_moderate(review_ids=[review.pk], status=ReviewStatus.HIDDEN, by=staff_user)
    assert not selectors.product_reviews(product_id=product.pk).exists()
    review = services.review_update(review_id=review.pk, by=buyer, content="Đã sửa")
    assert review.status == ReviewStatus.HIDDEN
    assert product_rating(product)[1] == 0


def test_an_edit_that_adds_blocked_words_takes_the_review_off_the_page(product, buyer):
    review = write(buyer, product, rating=5)
    review = services.review_update(review_id=review.pk, by=buyer, content="fuck this")
    assert review.status == ReviewStatus.PENDING
    assert product_rating(product)[1] == 0
    review = services.review_update(review_id=review.pk, by=buyer, content="Ổn")
    assert review.status == ReviewStatus.VISIBLE
    assert product_rating(product)[1] == 1


# --- ownership and the edit window -------------------------------------------------------------------

def test_only_the_author_edits_within_thirty_days(product, buyer, other_buyer, staff_user):
    review = write(buyer, product, rating=5)
    with pytest.raises(NotFound):
        services.review_update(review_id=review.pk, by=other_buyer, rating=1)
    with pytest.raises(NotFound):
        services.review_update(review_id=review.pk, by=staff_user, rating=1)
    later = review.created_at + timedelta(days=30, minutes=1)
    with pytest.raises(BusinessRuleViolation) as exc:
        services.review_update(review_id=review.pk, by=buyer, rating=1, now=later)
    assert exc.value.code == "edit_window_closed"
    updated = services.review_update(review_id=review.pk, by=buyer, rating=3,
                                     now=review.created_at + timedelta(days=29))
    assert updated.rating == 3 and updated.edited_at is not None


def test_author_or_staff_delete_others_cannot(product, buyer, other_buyer, staff_user):
    first = write(buyer, product)
    second = write(other_buyer, product)
    with pytest.raises(NotFound):
        services.review_delete(review_id=first.pk, by=other_buyer)
    services.review_delete(review_id=first.pk, by=buyer)
    services.review_delete(review_id=second.pk, by=staff_user)
    assert not Review.objects.exists()


# --- votes -------------------------------------------------------------------------------------------------

def test_votes_one_per_user_changeable_never_on_ones_own(product, buyer, other_buyer):
    review = write(buyer, product)
    with pytest.raises(PermissionDenied):
        services.review_vote(review_id=review.pk, user=buyer, helpful=True)
    review = services.review_vote(review_id=review.pk, user=other_buyer, helpful=True)
    assert (review.helpful_count, review.not_helpful_count) == (1, 0)
    review = services.review_vote(review_id=review.pk, user=other_buyer, helpful=True)
    assert (review.helpful_count, review.not_helpful_count) == (1, 0)
    review = services.review_vote(review_id=review.pk, user=other_buyer, helpful=False)
    assert (review.helpful_count, review.not_helpful_count) == (0, 1)
    third = UserFactory()
    review = services.review_vote(review_id=review.pk, user=third, helpful=True)
    assert (review.helpful_count, review.not_helpful_count) == (1, 1)
    assert ReviewVote.objects.filter(review=review).count() == 2


def test_the_database_allows_one_vote_per_user_and_review(product, buyer, other_buyer):
    review = write(buyer, product)
    ReviewVote.objects.create(review=review, user=other_buyer, helpful=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewVote.objects.create(review=review, user=other_buyer, helpful=False)


def test_no_votes_on_reviews_the_public_cannot_see(product, buyer, other_buyer):
    review = write(buyer, product, content="fuck")
    with pytest.raises(NotFound):
        services.review_vote(review_id=review.pk, user=other_buyer, helpful=True)


# --- seller reply and report ---------------------------------------------------------------------------

def test_the_seller_replies_once(shop, product, buyer):
    review = write(buyer, product)
    stranger_seller = ProductFactory().shop.owner
    with pytest.raises(NotFound):
        services.review_reply(review_id=review.pk, seller=stranger_seller, content="Cảm ơn")
    with pytest.raises(ValidationFailed):
        services.review_reply(review_id=review.pk, seller=shop.owner, content="   ")
    review = services.review_reply(review_id=review.pk, seller=shop.owner, content="Cảm ơn bạn!")
    assert review.seller_reply == "Cảm ơn bạn!" and review.replied_at is not None
    with pytest.raises(Conflict):
        services.review_reply(review_id=review.pk, seller=shop.owner, content="Lần hai")
    review.refresh_from_db()
    assert review.seller_reply == "Cảm ơn bạn!"


def test_the_seller_reports_once_and_staff_decide(shop, product, buyer):
    review = write(buyer, product, rating=1)
    with pytest.raises(NotFound):
        services.review_report(review_id=review.pk, seller=buyer, reason="x")
    review = services.review_report(review_id=review.pk, seller=shop.owner, reason="Không liên quan sản phẩm")
    assert review.is_reported and review.status == ReviewStatus.VISIBLE
    with pytest.raises(Conflict):
        services.review_report(review_id=review.pk, seller=shop.owner, reason="Lần hai")


# --- images ------------------------------------------------------------------------------------------------

def test_up_to_five_real_images(product, buyer, order, make_image):
    with pytest.raises(ValidationFailed) as exc:
        services.review_create(author=buyer, product_id=product.pk, order_id=order.pk, rating=5,
                               images=[make_image(f"{i}.jpg") for i in range(6)])
    assert "images" in exc.value.details
    fake = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationFailed):
        services.review_create(author=buyer, product_id=product.pk, order_id=order.pk, rating=5, images=[fake])
    assert not Review.objects.exists()
    review = services.review_create(author=buyer, product_id=product.pk, order_id=order.pk, rating=5,
                                    images=[make_image("a.jpg"), make_image("b.png", "PNG")])
    assert review.image_count == 2
    assert [img.image.name.rsplit(".", 1)[1] for img in review.images.order_by("position")] == ["jpg", "png"]


def test_an_image_over_five_megabytes_is_refused(product, buyer, order):
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024), content_type="image/jpeg")
    with pytest.raises(ValidationFailed) as exc:
        services.review_create(author=buyer, product_id=product.pk, order_id=order.pk, rating=5, images=[big])
    assert "5 MB" in str(exc.value.message)


def test_camera_metadata_is_dropped(product, buyer, order, make_image):
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"  # Make
    exif[0x8825] = {2: (10.0, 46.0, 0.0)}  # GPS latitude
    upload = make_image("gps.jpg", exif=exif.tobytes())
    with Image.open(upload) as original:
        assert original.getexif()
    upload.seek(0)
    review = services.review_create(author=buyer, product_id=product.pk, order_id=order.pk, rating=5,
                                    images=[upload])
    with review.images.get().image.open("rb") as fh, Image.open(fh) as stored:
        assert not stored.getexif()


def test_edit_adds_and_removes_images_within_the_limit(product, buyer, order, make_image):
    review = services.review_create(author=buyer, product_id=product.pk, order_id=order.pk, rating=5,
                                    images=[make_image() for _ in range(4)])
    with pytest.raises(ValidationFailed):
        services.review_update(review_id=review.pk, by=buyer, images=[make_image(), make_image()])
    first = review.images.order_by("position").first()
    review = services.review_update(review_id=review.pk, by=buyer, images=[make_image(), make_image()],
                                    remove_image_ids=[first.pk])
    assert review.image_count == 5 == review.images.count()
    assert not review.images.filter(pk=first.pk).exists()


# --- review requests -----------------------------------------------------------------------------------

def requests_sent(user):
    return Notification.objects.filter(user=user, kind="review.request")


def test_a_review_request_goes_out_n_days_after_delivery_once(settings, buyer, product, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    settings.REVIEW_REQUEST_DAYS = 3
    now = timezone.now()
    order = delivered_order(buyer=buyer, product=product, delivered_at=now - timedelta(days=3, hours=1))
    delivered_order(buyer=buyer, delivered_at=now - timedelta(days=1))  # too early
    delivered_order(buyer=buyer, status=OrderStatus.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.review_requests_send(now=now) == 1
    notification = requests_sent(buyer).get()
    assert notification.data == {"order_number": order.order_number, "products": ["Điện thoại X"]}
    assert notification.url == f"/reviews/order/{order.pk}/"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [buyer.email]
    assert services.review_requests_send(now=now + timedelta(hours=1)) == 0
    assert requests_sent(buyer).count() == 1
    assert ReviewRequest.objects.get().order == order


def test_no_request_for_products_already_reviewed_nor_for_old_orders(settings, buyer, product):
    settings.REVIEW_REQUEST_DAYS = 3
    now = timezone.now()
    order = delivered_order(buyer=buyer, product=product, delivered_at=now - timedelta(days=5))
    services.review_create(author=buyer, product_id=product.pk, order_id=order.pk, rating=5)
    delivered_order(buyer=buyer, delivered_at=now - timedelta(days=90))
    assert services.review_requests_send(now=now) == 0
    assert not requests_sent(buyer).exists()
    assert ReviewRequest.objects.filter(order=order).exists()  # marked: never asked again


def test_the_beat_schedule_runs_the_request_task():
    from config.celery_app import collect_beat_schedule

    assert collect_beat_schedule()["reviews-send-requests"]["task"] == "reviews.send_review_requests"
