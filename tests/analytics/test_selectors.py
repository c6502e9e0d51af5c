"""Dashboard key figures and a shop's statistics, against hand-computed numbers."""
import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from apps.accounts.models import User
from apps.analytics import selectors
from apps.analytics.domain import ReportRange
from apps.shops.models import Shop
from tests.analytics.conftest import local, order_at
from tests.factories.accounts import UserFactory
from tests.factories.analytics import EventFactory
from tests.factories.catalog import VariantFactory
from tests.factories.shops import ShopFactory

D = Decimal


def test_dashboard_kpis_for_today_7_and_30_days(db, staff_user):
    now = timezone.now()
    buyer = UserFactory()
    shop = ShopFactory()
    old_shop = ShopFactory()
    Shop.objects.filter(pk=old_shop.pk).update(created_at=now - timedelta(days=20))
    veteran = UserFactory()
    User.objects.filter(pk=veteran.pk).update(date_joined=now - timedelta(days=10))
    v = VariantFactory(product__shop=shop)
    checkout = uuid.uuid4()
    order_at(now, buyer=buyer, shop=shop, payment_status="paid", checkout_id=checkout, items=[(v, 1)])
    order_at(now, buyer=buyer, shop=shop, checkout_id=checkout, items=[(v, 1)])  # COD, not yet revenue
    order_at(now - timedelta(days=3), buyer=buyer, shop=shop, status="delivered", total="200000", items=[(v, 1)])
    order_at(now - timedelta(days=20), buyer=buyer, shop=shop, status="completed", total="100000", items=[(v, 1)])
    order_at(now - timedelta(days=40), buyer=buyer, shop=shop, status="completed", items=[(v, 1)])
    for visitor in ("s:1", "s:1", "s:2", f"u:{buyer.pk}"):
        EventFactory(product=v.product, visitor=visitor)
    EventFactory(product=v.product, visitor="s:3", occurred_at=now - timedelta(days=5))
    EventFactory(product=v.product, kind="add_to_cart", visitor="s:9")  # not a view

    kpis = selectors.dashboard_kpis()
    today, week, month = kpis["today"], kpis["last_7_days"], kpis["last_30_days"]
    assert (today["revenue"], today["orders"], today["revenue_orders"], today["average_order_value"]) == (
        D("130000"), 2, 1, D("130000"))
    assert (week["revenue"], week["orders"], week["average_order_value"]) == (D("330000"), 3, D("165000"))
    assert (month["revenue"], month["orders"], month["revenue_orders"]) == (D("430000"), 4, 3)
    # Customers joined today: buyer, the two shop owners; the veteran 10 days ago; staff never count.
    assert (today["new_users"], week["new_users"], month["new_users"]) == (3, 3, 4)
    assert (today["new_shops"], month["new_shops"]) == (1, 2)
    assert (today["visitors"], today["checkouts"], today["conversion_rate"]) == (3, 1, D("33.33"))
    assert (week["visitors"], week["checkouts"]) == (4, 2)


def test_dashboard_lists(dataset):
    data = selectors.dashboard()
    a = dataset["variants"]["a"]
    a.stock = 1
    a.save()
    assert [v.sku for v in selectors.low_stock_variants()] == [a.sku]
    assert len(data["recent_orders"]) == 9
    assert data["recent_orders"][0].created_at >= data["recent_orders"][-1].created_at


def test_top_shops(dataset, january):
    assert [(s["name"], s["orders"], s["revenue"]) for s in selectors.top_shops(january())] == [
        ("Shop A", 2, D("460000")), ("Shop B", 2, D("340000"))]


def test_seller_stats_by_week(dataset):
    from apps.reviews.models import Review

    shop_a = dataset["shops"][0]
    product = dataset["variants"]["a"].product
    for visitor, day in (("s:1", 5), ("s:1", 6), ("s:2", 6), ("s:3", 7), ("s:4", 8), ("s:1", 13)):
        EventFactory(product=product, visitor=visitor, occurred_at=local(2026, 1, day, 10))
    EventFactory(product=dataset["variants"]["b"].product, visitor="s:7", occurred_at=local(2026, 1, 6))  # shop B

    def review(rating, when, status="visible"):
        r = Review.objects.create(product=product, shop=shop_a, author=UserFactory(), rating=rating, status=status)
        Review.objects.filter(pk=r.pk).update(created_at=when)

    review(5, local(2025, 12, 20))
    review(4, local(2026, 1, 6))
    review(3, local(2026, 1, 7))
    review(1, local(2026, 1, 14), status="hidden")

    stats = selectors.seller_stats(shop=shop_a, rng=ReportRange(date(2026, 1, 5), date(2026, 1, 18), "week"))
    first, second = stats["rows"]
    assert (first["orders"], first["revenue_orders"], first["cancelled"], first["revenue"]) == (3, 1, 1, D("130000"))
    assert (first["views"], first["visitors"], first["conversion_rate"]) == (5, 4, D("75.00"))
    assert (first["reviews"], first["average_rating"], first["rating_to_date"]) == (2, D("3.50"), D("4.00"))
    assert (second["orders"], second["revenue"], second["visitors"], second["conversion_rate"]) == (
        1, D("330000"), 1, D("100.00"))
    assert (second["reviews"], second["average_rating"], second["rating_to_date"]) == (0, None, D("4.00"))
    totals = stats["totals"]
    assert (totals["orders"], totals["revenue"], totals["visitors"], totals["conversion_rate"]) == (
        4, D("460000"), 4, D("100.00"))
    assert [p["title"] for p in stats["top_products"]] == ["Product A"]
