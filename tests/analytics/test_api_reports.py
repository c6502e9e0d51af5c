"""Staff API: dashboard and reports, permissions per group, exports."""
import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

REPORTS = ["sales", "revenue", "top-products", "user-growth", "orders", "inventory"]
ADMIN_GETS = ["/api/v1/admin/dashboard", "/api/v1/admin/reports/sales", "/api/v1/admin/reports/orders/export",
              "/api/v1/admin/users", "/api/v1/admin/shops", "/api/v1/admin/products", "/api/v1/admin/audit-log"]


@pytest.mark.parametrize("url", ADMIN_GETS)
def test_anonymous_gets_401_and_buyers_403(url, api_client, auth_client):
    assert api_client.get(url).status_code == 401
    response = auth_client.get(url)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


@pytest.mark.parametrize("url", ADMIN_GETS)
def test_staff_without_a_group_are_refused(url, staff_in):
    assert staff_in().get(url).status_code == 403


def test_report_with_hand_computed_figures(dataset, staff_in):
    client = staff_in("Finance")
    body = client.get("/api/v1/admin/reports/sales", {"from": "2026-01-05", "to": "2026-01-18",
                                                      "interval": "week"}).json()
    assert body["interval"] == "week" and body["currency"] == "VND"
    assert [(r["period"], r["orders_placed"], r["revenue"]) for r in body["rows"]] == [
        ("2026-01-05", 4, "340000.00"), ("2026-01-12", 3, "460000.00")]
    assert body["totals"]["revenue"] == "800000.00"


@pytest.mark.parametrize("name", REPORTS)
def test_every_report_answers(name, dataset, staff_client):
    response = staff_client.get(f"/api/v1/admin/reports/{name}", {"from": "2026-01-01", "to": "2026-01-31"})
    assert response.status_code == 200
    assert response.json()["name"] == name


def test_bad_report_requests(staff_client):
    assert staff_client.get("/api/v1/admin/reports/payroll").status_code == 404
    response = staff_client.get("/api/v1/admin/reports/sales", {"from": "2026-02-01", "to": "2026-01-01"})
    assert response.status_code == 400
    assert "from" in response.json()["error"]["details"]
    assert staff_client.get("/api/v1/admin/reports/sales", {"interval": "hour"}).status_code == 400
    assert staff_client.get("/api/v1/admin/reports/top-products", {"limit": "many"}).status_code == 400
    assert staff_client.get("/api/v1/admin/reports/sales/export", {"format": "pdf"}).status_code == 400


def test_support_may_view_reports_but_not_export_finance_ones(dataset, staff_in):
    support = staff_in("Support")
    assert support.get("/api/v1/admin/reports/revenue").status_code == 200
    assert support.get("/api/v1/admin/dashboard").status_code == 200
    for name in ("sales", "revenue"):
        response = support.get(f"/api/v1/admin/reports/{name}/export", {"format": "csv"})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
    assert support.get("/api/v1/admin/reports/orders/export", {"format": "csv"}).status_code == 200


def test_catalogue_managers_see_no_reports(staff_in):
    assert staff_in("Catalogue manager").get("/api/v1/admin/reports/orders").status_code == 403


def test_finance_exports_sales_as_csv(dataset, staff_in):
    response = staff_in("Finance").get("/api/v1/admin/reports/sales/export",
                                       {"format": "csv", "from": "2026-01-05", "to": "2026-01-18", "interval": "week"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="sales_20260105-20260118_week.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 4  # header, two weeks, totals
    assert rows[1][0] == "2026-01-05" and rows[1][-2] == "340000"
    assert rows[3][-2] == "800000"


def test_finance_exports_revenue_as_xlsx(dataset, staff_in):
    response = staff_in("Finance").get("/api/v1/admin/reports/revenue/export",
                                       {"format": "xlsx", "from": "2026-01-01", "to": "2026-01-31",
                                        "interval": "month"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[1][0] == "2026-01"
    assert Decimal(str(values[1][6])) == Decimal("800000")  # gross
    assert Decimal(str(values[1][8])) == Decimal("750000")  # net


def test_inventory_export_has_the_stock_summary(staff_client, dataset):
    response = staff_client.get("/api/v1/admin/reports/inventory/export", {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Units in stock" in text or "Số lượng tồn kho" in text


def test_dashboard(dataset, staff_client):
    body = staff_client.get("/api/v1/admin/dashboard").json()
    assert set(body["kpis"]) == {"today", "last_7_days", "last_30_days"}
    assert len(body["sales_chart"]["labels"]) == 30
    assert body["status_chart"]["keys"][0] == "pending"
    for key in ("top_products", "top_shops", "low_stock", "recent_orders", "recent_users"):
        assert isinstance(body[key], list)
    assert len(body["recent_orders"]) == 9
