"""The reviews API through DRF's client: status codes, body shapes, ownership and query counts."""
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.reviews import services
from apps.reviews.domain import ReviewStatus
from apps.reviews.models import Review
from tests.factories.accounts import UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.reviews import ReviewFactory, ReviewImageFactory, ReviewVoteFactory, delivered_order

pytestmark = pytest.mark.django_db

REVIEWS = "/api/v1/reviews"


def product_reviews_url(product):
    return f"/api/v1/products/{product.pk}/reviews"


def write(buyer, product, rating=5, **fields):
    order = delivered_order(buyer=buyer, product=product)
    return services.review_create(author=buyer, product_id=product.pk, order_id=order.pk, rating=rating, **fields)


# --- POST /reviews ---------------------------------------------------------------------------------------

def test_create_json(client_for, buyer, product, order):
    response = client_for(buyer).post(REVIEWS, {"product_id": str(product.pk), "order_id": str(order.pk),
                                                "rating": 4, "title": "Tốt", "content": "Pin trâu."}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["rating"] == 4 and body["title"] == "Tốt" and body["status"] == "visible"
    assert body["verified_purchase"] is True and body["is_mine"] is True
    assert body["author_name"] == "Nguyễn V. A."
    assert body["product_id"] == str(product.pk) and body["seller_reply"] is None and body["images"] == []
    product.refresh_from_db()
    assert product.review_count == 1


def test_create_multipart_with_images(client_for, buyer, product, order, make_image):
    response = client_for(buyer).post(REVIEWS, {
        "product_id": str(product.pk), "order_id": str(order.pk), "rating": "5", "content": "Đẹp",
        "images": [make_image("a.jpg"), make_image("b.png", "PNG")]}, format="multipart")
    assert response.status_code == 201, response.content
    images = response.json()["images"]
    assert len(images) == 2 and images[0]["url"].startswith("http://testserver/media/reviews/")


def test_create_refuses_a_file_that_is_not_an_image(client_for, buyer, product, order):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = client_for(buyer).post(REVIEWS, {"product_id": str(product.pk), "order_id": str(order.pk),
                                                "rating": "5", "images": [fake]}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert "images" in response.json()["error"]["details"]
    assert not Review.objects.exists()


def test_second_review_is_a_conflict(client_for, buyer, product, order):
    client = client_for(buyer)
    body = {"product_id": str(product.pk), "order_id": str(order.pk), "rating": 5}
    assert client.post(REVIEWS, body, format="json").status_code == 201
    response = client.post(REVIEWS, {**body, "rating": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


def test_undelivered_order_is_422_and_another_buyers_order_is_404(client_for, buyer, other_buyer, product):
    pending = delivered_order(buyer=buyer, product=product, status="shipping")
    response = client_for(buyer).post(REVIEWS, {"product_id": str(product.pk), "order_id": str(pending.pk),
                                                "rating": 5}, format="json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "review_not_allowed"
    delivered = delivered_order(buyer=buyer, product=product)
    response = client_for(other_buyer).post(REVIEWS, {"product_id": str(product.pk), "order_id": str(delivered.pk),
                                                      "rating": 5}, format="json")
    assert response.status_code == 404


def test_create_validation_and_auth(api_client, client_for, buyer, product, order):
    body = {"product_id": str(product.pk), "order_id": str(order.pk), "rating": 6}
    assert api_client.post(REVIEWS, body, format="json").status_code == 401
    response = client_for(buyer).post(REVIEWS, body, format="json")
    assert response.status_code == 400
    assert "rating" in response.json()["error"]["details"]


# --- PATCH / DELETE /reviews/{id} ------------------------------------------------------------------------

def test_author_edits_others_get_404(client_for, buyer, other_buyer, product):
    review = write(buyer, product, rating=5)
    url = f"{REVIEWS}/{review.pk}"
    assert client_for(other_buyer).patch(url, {"rating": 1}, format="json").status_code == 404
    response = client_for(buyer).patch(url, {"rating": 3, "content": "Sau 1 tuần hơi nóng máy."}, format="json")
    assert response.status_code == 200
    assert response.json()["rating"] == 3 and response.json()["edited_at"]
    product.refresh_from_db()
    assert str(product.average_rating) == "3.00"


def test_edit_after_thirty_days_is_refused(client_for, buyer, product):
    review = write(buyer, product)
    Review.objects.filter(pk=review.pk).update(created_at=timezone.now() - timedelta(days=31))
    response = client_for(buyer).patch(f"{REVIEWS}/{review.pk}", {"rating": 1}, format="json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "edit_window_closed"


def test_delete_by_author_or_staff(client_for, buyer, other_buyer, staff_user, product):
    review = write(buyer, product)
    url = f"{REVIEWS}/{review.pk}"
    assert client_for(other_buyer).delete(url).status_code == 404
    assert client_for(staff_user).delete(url).status_code == 204
    assert not Review.objects.exists()
    product.refresh_from_db()
    assert product.review_count == 0


def test_get_one_review_hides_pending_from_others(api_client, client_for, buyer, product):
    review = write(buyer, product, content="fuck")
    assert review.status == ReviewStatus.PENDING
    assert api_client.get(f"{REVIEWS}/{review.pk}").status_code == 404
    response = client_for(buyer).get(f"{REVIEWS}/{review.pk}")
    assert response.status_code == 200 and response.json()["status"] == "pending"


# --- votes ---------------------------------------------------------------------------------------------------

def test_vote_and_change_and_not_on_own(client_for, buyer, other_buyer, product):
    review = write(buyer, product)
    url = f"{REVIEWS}/{review.pk}/vote"
    response = client_for(other_buyer).post(url, {"helpful": True}, format="json")
    assert response.status_code == 200
    assert response.json() == {"id": str(review.pk), "helpful_count": 1, "not_helpful_count": 0, "my_vote": True}
    response = client_for(other_buyer).post(url, {"helpful": False}, format="json")
    assert response.json()["helpful_count"] == 0 and response.json()["not_helpful_count"] == 1
    response = client_for(buyer).post(url, {"helpful": True}, format="json")
    assert response.status_code == 403
    assert client_for(other_buyer).post(url, {}, format="json").status_code == 400


# --- GET /products/{id}/reviews ---------------------------------------------------------------------------

def test_public_list_shows_visible_reviews_only(api_client, product):
    shown = ReviewFactory(product=product, rating=5)
    ReviewFactory(product=product, status=ReviewStatus.PENDING)
    ReviewFactory(product=product, status=ReviewStatus.HIDDEN)
    ReviewFactory()  # another product
    response = api_client.get(product_reviews_url(product))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and [r["id"] for r in body["results"]] == [str(shown.pk)]
    assert body["results"][0]["my_vote"] is None


def test_filters_and_sorts(api_client, product):
    now = timezone.now()
    old_five = ReviewFactory(product=product, rating=5, helpful_count=1)
    mid_three = ReviewFactory(product=product, rating=3, helpful_count=9, image_count=1)
    new_four = ReviewFactory(product=product, rating=4, helpful_count=0)
    for i, review in enumerate([old_five, mid_three, new_four]):
        Review.objects.filter(pk=review.pk).update(created_at=now - timedelta(days=3 - i))
    ReviewImageFactory(review=mid_three)

    def ids(**params):
        return [r["id"] for r in api_client.get(product_reviews_url(product), params).json()["results"]]

    assert ids() == [str(new_four.pk), str(mid_three.pk), str(old_five.pk)]
    assert ids(sort="helpful") == [str(mid_three.pk), str(old_five.pk), str(new_four.pk)]
    assert ids(sort="rating") == [str(old_five.pk), str(new_four.pk), str(mid_three.pk)]
    assert ids(rating=4) == [str(new_four.pk)]
    assert ids(with_images="true") == [str(mid_three.pk)]
    assert ids(rating="nonsense") == ids()


def test_list_of_a_product_shoppers_cannot_see_is_404(api_client):
    hidden = ProductFactory(status="hidden")
    assert api_client.get(product_reviews_url(hidden)).status_code == 404


@pytest.mark.parametrize("signed_in", [False, True])
def test_list_query_count_is_fixed(api_client, client_for, django_assert_num_queries, product, signed_in):
    viewer = UserFactory()
    client = client_for(viewer) if signed_in else api_client

    def add(n):
        for _ in range(n):
            review = ReviewFactory(product=product)
            ReviewImageFactory(review=review)
            ReviewVoteFactory(review=review, user=viewer)

    add(2)
    # (the JWT's user), product check, count, page, images, (the viewer's votes)
    expected = 6 if signed_in else 4
    with django_assert_num_queries(expected):
        first = client.get(product_reviews_url(product))
    add(6)
    with django_assert_num_queries(expected):
        second = client.get(product_reviews_url(product))
    assert first.json()["count"] == 2 and second.json()["count"] == 8
    assert all(r["my_vote"] is (True if signed_in else None) for r in second.json()["results"])


# --- seller --------------------------------------------------------------------------------------------------

def test_seller_reply_once_report_once(client_for, buyer, shop, product):
    review = write(buyer, product, rating=2)
    seller = client_for(shop.owner)
    url = f"/api/v1/seller/reviews/{review.pk}"
    response = seller.post(f"{url}/reply", {"content": "Shop xin lỗi, sẽ đổi hàng cho bạn."}, format="json")
    assert response.status_code == 200
    assert response.json()["seller_reply"]["content"] == "Shop xin lỗi, sẽ đổi hàng cho bạn."
    assert seller.post(f"{url}/reply", {"content": "Lần nữa"}, format="json").status_code == 409
    response = seller.post(f"{url}/report", {"reason": "Khách đánh giá nhầm sản phẩm"}, format="json")
    assert response.status_code == 200 and response.json()["is_reported"] is True
    assert seller.post(f"{url}/report", {"reason": "Lần nữa"}, format="json").status_code == 409


def test_seller_endpoints_check_ownership(client_for, buyer, product):
    review = write(buyer, product)
    other_seller = ProductFactory().shop.owner
    url = f"/api/v1/seller/reviews/{review.pk}"
    assert client_for(other_seller).post(f"{url}/reply", {"content": "Hi"}, format="json").status_code == 404
    assert client_for(other_seller).post(f"{url}/report", {"reason": "x"}, format="json").status_code == 404
    assert client_for(buyer).post(f"{url}/reply", {"content": "Hi"}, format="json").status_code == 403


def test_seller_list_shows_all_states_of_own_shop(client_for, shop, product, django_assert_num_queries):
    ReviewFactory(product=product, status=ReviewStatus.PENDING)
    ReviewFactory(product=product, is_reported=True)
    ReviewFactory()  # another shop
    client = client_for(shop.owner)
    response = client.get("/api/v1/seller/reviews")
    assert response.status_code == 200 and response.json()["count"] == 2
    assert client.get("/api/v1/seller/reviews", {"state": "reported"}).json()["count"] == 1
    assert client.get("/api/v1/seller/reviews", {"state": "pending"}).json()["results"][0]["status"] == "pending"
