"""Every report's figures equal the ones computed by hand from the fixed dataset (see conftest.dataset)."""
from datetime import date
from decimal import Decimal

import pytest

from apps.analytics import reports
from apps.analytics.domain import ReportRange
from apps.catalog.models import InventoryMovement
from tests.analytics.conftest import local
from tests.factories.accounts import UserFactory
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.factories.shops import ShopFactory

D = Decimal


def by_period(report):
    return {r["period"]: r for r in report.rows}


def test_revenue_orders_follow_the_documented_definition(dataset):
    from apps.orders.models import Order

    counted = set(Order.objects.filter(reports.revenue_q()).values_list("order_number", flat=True))
    o = dataset["orders"]
    assert counted == {o[n].order_number for n in (1, 2, 5, 6, 8, 9)}


def test_sales_by_day(dataset, january):
    report = reports.sales_report(january("day"))
    rows = by_period(report)
    assert len(report.rows) == 31  # empty days are there, as zeros
    assert rows["2026-01-05"] == {"period": "2026-01-05", "orders_placed": 2, "orders_cancelled": 0,
                                  "revenue_orders": 2, "items_sold": 3, "revenue": D("340000"),
                                  "average_order_value": D("170000")}
    # 00:30 local on the 6th is still the 5th in UTC: it belongs to the 6th.
    assert rows["2026-01-06"] == {"period": "2026-01-06", "orders_placed": 2, "orders_cancelled": 1,
                                  "revenue_orders": 0, "items_sold": 0, "revenue": D("0"),
                                  "average_order_value": D("0")}
    assert rows["2026-01-14"]["revenue"] == D("130000")
    assert rows["2026-01-15"]["orders_placed"] == 1 and rows["2026-01-15"]["revenue"] == 0
    assert rows["2026-01-20"]["orders_placed"] == 0
    assert report.totals == {"orders_placed": 7, "orders_cancelled": 1, "revenue_orders": 4, "items_sold": 7,
                             "revenue": D("800000"), "average_order_value": D("200000")}


def test_sales_by_week_start_on_monday(dataset, january):
    report = reports.sales_report(january("week", (2026, 1, 5), (2026, 1, 18)))
    assert [r["period"] for r in report.rows] == ["2026-01-05", "2026-01-12"]
    first, second = report.rows
    assert (first["orders_placed"], first["revenue_orders"], first["items_sold"], first["revenue"]) == (4, 2, 3,
                                                                                                        D("340000"))
    assert (second["orders_placed"], second["revenue_orders"], second["items_sold"], second["revenue"]) == (
        3, 2, 4, D("460000"))


def test_sales_by_month_around_the_new_year(dataset, january):
    report = reports.sales_report(january("month", (2025, 12, 15), (2026, 2, 10)))
    assert [(r["period"], r["orders_placed"], r["revenue"]) for r in report.rows] == [
        ("2025-12", 1, D("130000")), ("2026-01", 7, D("800000")), ("2026-02", 1, D("130000"))]


def test_revenue_breakdown_and_refunds(dataset, january):
    report = reports.revenue_report(january("month"))
    assert report.rows == [{"period": "2026-01", "revenue_orders": 4, "merchandise": D("700000"),
                            "shipping": D("120000"), "discounts": D("20000"), "tax": D("72727"),
                            "gross": D("800000"), "refunded": D("50000"), "net": D("750000")}]
    assert report.totals["net"] == D("750000")


def test_top_products(dataset, january):
    report = reports.top_products_report(january())
    got = [(r["rank"], r["title"], r["shop"], r["units"], r["orders"], r["sales"]) for r in report.rows]
    assert got == [(1, "Product A", "Shop A", 4, 2, D("400000")), (2, "Product B", "Shop B", 2, 1, D("200000")),
                   (3, "Product D", "Shop B", 1, 1, D("100000"))]
    assert [r["title"] for r in reports.top_products_report(january(), limit=1).rows] == ["Product A"]
    shop_b = dataset["shops"][1]
    assert [r["title"] for r in reports.top_products_report(january(), shop=shop_b).rows] == ["Product B",
                                                                                               "Product D"]


def test_orders_by_status(dataset, january):
    report = reports.orders_report(january("day"))
    rows = by_period(report)
    assert rows["2026-01-05"]["pending"] == 1 and rows["2026-01-05"]["delivered"] == 1
    assert rows["2026-01-06"]["cancelled"] == 1 and rows["2026-01-06"]["cancellation_rate"] == D("50.00")
    assert rows["2026-01-07"]["cancellation_rate"] is None
    t = report.totals
    assert (t["pending"], t["confirmed"], t["packed"], t["shipping"], t["delivered"], t["completed"],
            t["cancelled"], t["total"]) == (2, 0, 0, 1, 2, 1, 1, 7)
    assert t["cancellation_rate"] == D("14.29")


def _joined(when, **fields):
    user = UserFactory(**fields)
    type(user).objects.filter(pk=user.pk).update(date_joined=when)
    return user


def test_user_growth(db):
    from apps.shops.models import Shop

    _joined(local(2025, 12, 20))
    _joined(local(2026, 1, 3))
    _joined(local(2026, 1, 5, 23, 30))
    _joined(local(2026, 1, 4), is_staff=True)  # staff are not users here
    _joined(local(2026, 1, 20))
    s1, s2 = ShopFactory(), ShopFactory()
    Shop.objects.filter(pk=s1.pk).update(created_at=local(2026, 1, 5, 8))
    Shop.objects.filter(pk=s2.pk).update(created_at=local(2026, 1, 20, 8))
    report = reports.user_growth_report(ReportRange(date(2026, 1, 5), date(2026, 1, 25), "week"))
    assert report.rows == [
        {"period": "2026-01-05", "new_users": 1, "new_shops": 1, "total_users": 3},
        {"period": "2026-01-12", "new_users": 0, "new_shops": 0, "total_users": 3},
        {"period": "2026-01-19", "new_users": 1, "new_shops": 1, "total_users": 4},
    ]
    assert report.totals == {"new_users": 2, "new_shops": 2, "total_users": 4}


def test_inventory(db):
    low = VariantFactory(price=D("20000"), stock=4, low_stock_threshold=5)
    VariantFactory(price=D("30000"), stock=0)
    VariantFactory(price=D("50000"), stock=10, low_stock_threshold=2)
    VariantFactory(stock=99, product=ProductFactory(is_deleted=True, default_variant=False))  # not counted

    def move(day, delta, reason):
        m = InventoryMovement.objects.create(variant=low, delta=delta, reason=reason, stock_after=0)
        InventoryMovement.objects.filter(pk=m.pk).update(created_at=local(2026, 1, day, 10))

    InventoryMovement.objects.all().delete()  # the factories' opening stock is not part of this story
    move(5, 10, "restock")
    move(5, -3, "order")
    move(6, 1, "cancellation")
    move(6, -2, "adjustment")
    move(6, 5, "import")
    move(9, -1, "order")
    report = reports.inventory_report(ReportRange(date(2026, 1, 5), date(2026, 1, 7), "day"))
    assert report.rows == [
        {"period": "2026-01-05", "received": 10, "sold": 3, "returned": 0, "adjusted": 0, "net": 7},
        {"period": "2026-01-06", "received": 5, "sold": 0, "returned": 1, "adjusted": -2, "net": 4},
        {"period": "2026-01-07", "received": 0, "sold": 0, "returned": 0, "adjusted": 0, "net": 0},
    ]
    assert report.totals == {"received": 15, "sold": 3, "returned": 1, "adjusted": -2, "net": 11}
    assert report.summary == {"stock_units": 14, "stock_value": D("580000"), "low_stock_variants": 1,
                              "out_of_stock_variants": 1}


def test_reports_as_json_use_strings_for_money(dataset, january):
    data = reports.report_build("revenue", january("month")).as_dict()
    assert data["rows"][0]["gross"] == "800000.00"
    assert data["from"] == "2026-01-01" and data["interval"] == "month"
    assert [c["key"] for c in data["columns"]][:2] == ["period", "revenue_orders"]


def test_unknown_report_is_not_found():
    from apps.core.errors import NotFound

    with pytest.raises(NotFound):
        reports.report_spec("salary")

