"""Back-office pages in the admin, the site-wide CSV action, and the seller centre's statistics page."""
import csv
import io
import re

import pytest

from tests.factories.accounts import UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.orders import OrderFactory
from tests.factories.shops import ShopFactory


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def login_staff(client, staff_member):
    def _login(*groups):
        client.force_login(staff_member(*groups))
        return client

    return _login


def test_admin_index_links_to_the_dashboard(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert 'href="/admin/dashboard/"' in html and 'href="/admin/reports/"' in html


def test_dashboard_page_with_charts_and_lists(admin_client):
    product = ProductFactory(title="Tai nghe Bluetooth")
    order = OrderFactory(shop=product.shop, status="delivered", items=[(product.variants.first(), 2)])
    response = admin_client.get("/admin/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-chart="chart-sales"' in html and 'id="chart-sales" type="application/json"' in html
    assert 'data-chart="chart-status"' in html and 'id="chart-status" type="application/json"' in html
    nonces = re.findall(r'<script src="[^"]*(?:chart-4\.6\.1\.umd\.min\.js|charts\.js)" nonce="([^"]+)"', html)
    assert len(nonces) == 2 and all(nonces)
    assert " style=" not in html.split('id="content-main"')[1]
    assert "Tai nghe Bluetooth" in html  # top products
    assert order.order_number in html  # recent orders
    assert "130.000" in html  # revenue today, formatted


def test_report_pages(admin_client, dataset):
    html = admin_client.get("/admin/reports/").content.decode()
    assert html.count('href="/admin/reports/') >= 6
    response = admin_client.get("/admin/reports/sales/", {"from": "2026-01-05", "to": "2026-01-18",
                                                          "interval": "week"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2026-01-12" in html and "460.000" in html and "800.000" in html
    assert 'data-chart="chart-report"' in html
    assert "format=csv" in html and "format=xlsx" in html
    bad = admin_client.get("/admin/reports/sales/", {"from": "2026-02-01", "to": "2026-01-01"}).content.decode()
    assert 'class="errorlist"' in bad
    assert admin_client.get("/admin/reports/payroll/").status_code == 404


def test_report_export_from_the_admin(admin_client, dataset):
    response = admin_client.get("/admin/reports/revenue/export/", {"from": "2026-01-01", "to": "2026-01-31",
                                                                   "interval": "month", "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][0] == "2026-01" and rows[1][-1] == "750000"


def test_report_pages_follow_the_permissions(login_staff, client):
    assert client.get("/admin/dashboard/").status_code == 302  # not signed in: the admin login
    login_staff()
    assert client.get("/admin/dashboard/").status_code == 403
    assert "/admin/dashboard/" not in client.get("/admin/").content.decode()
    login_staff("Support")
    assert client.get("/admin/dashboard/").status_code == 200
    assert client.get("/admin/reports/sales/").status_code == 200
    assert "format=csv" not in client.get("/admin/reports/sales/").content.decode()
    assert client.get("/admin/reports/sales/export/", {"format": "csv"}).status_code == 403
    assert client.get("/admin/reports/orders/export/", {"format": "xlsx"}).status_code == 200


def test_buyers_cannot_open_the_back_office(db, client):
    client.force_login(UserFactory())
    assert client.get("/admin/dashboard/").status_code == 302


def test_export_selected_as_csv_works_on_any_change_list(admin_client):
    first, second = ShopFactory(name="Sách Cũ Hà Nội"), ShopFactory(name="Điện Máy Sài Gòn")
    ShopFactory(name="Not selected")
    response = admin_client.post("/admin/shops/shop/", {"action": "export_selected_csv",
                                                        "_selected_action": [first.pk, second.pk]})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 3
    names = {cell for row in rows[1:] for cell in row}
    assert {"Sách Cũ Hà Nội", "Điện Máy Sài Gòn"} <= names and "Not selected" not in names


def test_seller_stats_page(client, dataset):
    shop = dataset["shops"][0]
    client.force_login(shop.owner)
    response = client.get("/seller/stats/", {"from": "2026-01-05", "to": "2026-01-18", "interval": "week"})
    assert response.status_code == 200
    html = response.content.decode()
    for chart in ("chart-sales", "chart-conversion", "chart-rating", "chart-top"):
        assert f'data-chart="{chart}"' in html and f'id="{chart}" type="application/json"' in html
    assert "Product A" in html and "Product B" not in html  # only this shop's products
    assert "460.000" in html
    assert 'class="errorlist"' in client.get("/seller/stats/", {"interval": "year"}).content.decode()


def test_seller_stats_page_needs_a_shop(db, client):
    client.force_login(UserFactory())
    assert client.get("/seller/stats/")["Location"].endswith("/seller/register/")


def test_seller_stats_api_is_for_the_own_shop(client_for, dataset):
    shop_a, shop_b = dataset["shops"]
    body = client_for(shop_b.owner).get("/api/v1/seller/stats", {"from": "2026-01-01", "to": "2026-01-31",
                                                                 "interval": "month"}).json()
    assert body["rows"][0]["revenue"] == "340000.00"  # O2 210 000 + O6 130 000
    assert [p["title"] for p in body["top_products"]] == ["Product B", "Product D"]
    assert client_for(UserFactory()).get("/api/v1/seller/stats").status_code == 404
