"""seed_demo: the demo store a newcomer meets. Real commits (transaction=True) so the side effects that run
after commit — thumbnails, notifications, search documents, cash collected on delivery — happen as in
`make run`; the migrations' data (categories, staff groups) is restored afterwards (serialized_rollback).
The hidden size "tiny" (one product per category) keeps these tests fast; "small" is tested once."""
import time

import pytest
from django.core.management import call_command

from apps.core.demo import catalogue, data
from apps.core.demo.builders import model_counts

STATUSES = {"pending", "confirmed", "packed", "shipping", "delivered", "completed", "cancelled"}
seeded_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def seed(size="tiny"):
    call_command("seed_demo", size=size, verbosity=0)


@seeded_db
def test_seeding_twice_changes_nothing():
    seed()
    first = model_counts()
    seed()
    assert model_counts() == first
    assert first["catalog.Product"] > 0 and first["orders.Order"] > 0 and first["reviews.Review"] > 0


@seeded_db
def test_the_demo_store_is_alive(api_client, client):
    """What a visitor notices: the demo accounts work, products have pictures and thumbnails, prices and
    ratings, orders exist in every status with history, snapshots and stock movements, search finds things,
    the blog has posts and the buyer has notifications."""
    from allauth.mfa.models import Authenticator

    from apps.accounts.models import User
    from apps.blog.models import Post
    from apps.catalog.models import InventoryMovement, Product, ProductImage
    from apps.notifications.models import Notification
    from apps.orders.models import Order
    from apps.search.models import ProductSearchDocument

    seed()

    for email in (data.BUYER_EMAIL, data.SELLER_EMAIL):
        response = api_client.post("/api/v1/auth/login", {"email": email, "password": data.DEMO_PASSWORD},
                                   format="json")
        assert response.status_code == 200, (email, response.content)
        assert response.json()["access_token"]
    # The demo staff account has two-factor authentication: the password alone is not enough.
    admin_login = {"email": data.ADMIN_EMAIL, "password": data.DEMO_PASSWORD}
    refused = api_client.post("/api/v1/auth/login", admin_login, format="json")
    assert refused.status_code == 403 and refused.json()["error"]["details"]["reason"] == "mfa_required"
    response = api_client.post("/api/v1/auth/login", {**admin_login, "mfa_code": _totp(data.ADMIN_TOTP_SECRET)},
                               format="json")
    assert response.status_code == 200, response.content
    assert response.json()["access_token"]
    by_phone = api_client.post("/api/v1/auth/login", {"phone_number": "0912000002", "password": data.DEMO_PASSWORD},
                               format="json")
    assert by_phone.status_code == 200

    admin = User.objects.get(email=data.ADMIN_EMAIL)
    assert admin.is_staff and admin.is_superuser
    assert set(admin.groups.values_list("name", flat=True)) == {"Support", "Catalogue manager", "Finance"}
    assert Authenticator.objects.filter(user=admin, type="totp").exists()
    buyer = User.objects.get(email=data.BUYER_EMAIL)
    assert buyer.phone_number == "+84912000001" and buyer.addresses.filter(is_default=True).exists()
    seller = User.objects.get(email=data.SELLER_EMAIL)
    assert seller.is_seller and seller.shop.status == "active"
    assert seller.shop.products.filter(in_stock=True, status="active").exists()

    products = Product.objects.all()
    assert ProductImage.objects.exclude(thumbnail="").count() == products.count()
    assert ProductSearchDocument.objects.count() == products.count()
    assert products.filter(review_count__gt=0, average_rating__gt=0).exists()
    assert set(Order.objects.values_list("status", flat=True)) == STATUSES
    completed = Order.objects.get(idempotency_key="seed-demo:showcase:5")  # the demo buyer's completed order
    assert list(completed.status_history.values_list("status", flat=True)) == \
        ["pending", "confirmed", "packed", "shipping", "delivered", "completed"]
    assert completed.payment_status == "paid"  # cash collected on delivery
    assert completed.items.first().product_snapshot["title"]
    assert InventoryMovement.objects.filter(reason="order").exists()
    assert InventoryMovement.objects.filter(reason="cancellation").exists()
    assert Post.objects.visible().exists()
    assert Notification.objects.filter(user=buyer, kind="order.shipped").exists()

    page = client.get("/search/", {"q": "galaxy"})
    assert page.status_code == 200 and "Galaxy S24 Ultra" in page.content.decode()


def test_catalogue_data_is_consistent():
    """Every demo product has a value for each specification of its category, and a known brand."""
    slugs = {slug for _n, root, _i, children in catalogue.CATEGORY_TREE for slug in [root] + [c for _x, c in children]}
    for leaf in catalogue.LEAVES:
        assert leaf.slug in slugs and leaf.shop in data.SHOPS
        for title, brand, price, specs, _extra in leaf.products:
            assert len(specs.split("|")) == len(leaf.specs), title
            assert brand in catalogue.BRANDS and price > 0
    assert sum(len(leaf.products) for leaf in catalogue.LEAVES) >= 100
    assert len(slugs) == 20


@pytest.mark.slow
@seeded_db
def test_small_demo_store():
    """The default size once: 100+ products, about 200 reviews, 5 shops, 20 categories; idempotent too."""
    from apps.catalog.models import Category, Product
    from apps.orders.models import Order
    from apps.reviews.models import Review
    from apps.shops.models import Shop

    started = time.monotonic()
    seed("small")
    elapsed = time.monotonic() - started
    assert Product.objects.count() >= 100
    assert Category.objects.count() == 20 and Category.objects.filter(depth=1).count() == 5
    assert Shop.objects.filter(status="active").count() == 5
    assert 180 <= Review.objects.count() <= 240
    assert set(Order.objects.values_list("status", flat=True)) == STATUSES
    print(f"small seed took {elapsed:.1f} s")  # shown with -s; about 25 s on an idle 2-core machine
    counts = model_counts()
    seed("small")
    assert model_counts() == counts


def _totp(secret: str) -> str:
    """The current RFC 6238 code (30 s, SHA-1, 6 digits) for a base32 secret, as an authenticator app shows it."""
    import base64
    import hashlib
    import hmac
    import struct
    import time

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"
