"""Staff API: users, shops, products, categories, audit log; permissions per action; fixed query counts."""
import pytest
from django.contrib.admin.models import LogEntry

from apps.catalog.models import Category
from apps.catalog.selectors import public_products
from tests.factories.accounts import UserFactory
from tests.factories.catalog import CategoryFactory, ProductFactory
from tests.factories.shops import ShopFactory


def test_suspend_and_unsuspend_a_user(staff_in):
    support = staff_in("Support")
    target = UserFactory()
    response = support.patch(f"/api/v1/admin/users/{target.pk}/suspend", {"reason": "Spam"})
    assert response.status_code == 200
    assert response.json()["is_suspended"] is True
    target.refresh_from_db()
    assert target.is_suspended
    entry = LogEntry.objects.get(object_id=str(target.pk))
    assert entry.user_id == support.user.pk and "Spam" in entry.change_message
    assert support.patch(f"/api/v1/admin/users/{target.pk}/unsuspend", {}).json()["is_suspended"] is False


def test_user_actions_need_change_permission_and_existing_users(staff_in, staff_client):
    target = UserFactory()
    assert staff_in("Finance").patch(f"/api/v1/admin/users/{target.pk}/suspend", {}).status_code == 403
    missing = "00000000-0000-0000-0000-000000000000"
    assert staff_client.patch(f"/api/v1/admin/users/{missing}/suspend", {}).status_code == 404
    assert staff_client.patch(f"/api/v1/admin/users/{staff_client.user.pk}/suspend", {}).status_code == 403


def test_user_list_filters(staff_in):
    UserFactory(full_name="Trần Thị Bình")
    UserFactory(full_name="Lê Văn Cường", is_suspended=True)
    client = staff_in("Support")
    body = client.get("/api/v1/admin/users", {"q": "Bình"}).json()
    assert [u["full_name"] for u in body["results"]] == ["Trần Thị Bình"]
    assert [u["full_name"] for u in client.get("/api/v1/admin/users", {"is_suspended": "true"}).json()["results"]] \
        == ["Lê Văn Cường"]


def test_shop_status(staff_in):
    manager = staff_in("Catalogue manager")
    shop = ShopFactory(status="pending")
    ProductFactory(shop=shop)
    response = manager.patch(f"/api/v1/admin/shops/{shop.pk}/status", {"status": "active"})
    assert response.status_code == 200 and response.json()["status"] == "active"
    assert public_products().filter(shop=shop).count() == 1
    refused = manager.patch(f"/api/v1/admin/shops/{shop.pk}/status", {"status": "suspended"})
    assert refused.status_code == 400 and "reason" in refused.json()["error"]["details"]
    response = manager.patch(f"/api/v1/admin/shops/{shop.pk}/status", {"status": "suspended", "reason": "Fakes"})
    assert response.json()["status"] == "suspended"
    assert public_products().filter(shop=shop).count() == 0
    again = manager.patch(f"/api/v1/admin/shops/{shop.pk}/status", {"status": "suspended", "reason": "Fakes"})
    assert again.status_code == 422
    assert manager.patch(f"/api/v1/admin/shops/{shop.pk}/status", {"status": "pending"}).status_code == 400
    assert LogEntry.objects.filter(object_id=str(shop.pk)).count() == 2
    assert staff_in("Support").patch(f"/api/v1/admin/shops/{shop.pk}/status", {"status": "active"}).status_code == 403


def test_product_status(staff_in):
    manager = staff_in("Catalogue manager")
    product = ProductFactory()
    response = manager.patch(f"/api/v1/admin/products/{product.pk}/status", {"status": "banned", "reason": "Fake"})
    assert response.status_code == 200 and response.json()["status"] == "banned"
    assert not public_products().filter(pk=product.pk).exists()
    assert manager.patch(f"/api/v1/admin/products/{product.pk}/status", {"status": "gone"}).status_code == 400
    assert staff_in("Support").patch(f"/api/v1/admin/products/{product.pk}/status",
                                     {"status": "active"}).status_code == 403
    assert "Fake" in LogEntry.objects.get(object_id=str(product.pk)).change_message


def test_categories_create_update_move_delete(staff_in):
    manager = staff_in("Catalogue manager")
    response = manager.post("/api/v1/admin/categories", {"name": "Đồ gia dụng"})
    assert response.status_code == 201
    root = response.json()
    assert root["slug"] == "do-gia-dung" and root["parent_id"] is None
    child = manager.post("/api/v1/admin/categories", {"name": "Nồi cơm", "parent_id": root["id"]}).json()
    assert child["parent_id"] == root["id"] and child["depth"] == 2
    assert manager.post("/api/v1/admin/categories", {"name": "X", "slug": "do-gia-dung"}).status_code == 409
    assert manager.post("/api/v1/admin/categories", {"name": "X", "parent_id": 999999}).status_code == 400

    other = CategoryFactory(name="Nhà bếp")
    moved = manager.put(f"/api/v1/admin/categories/{child['id']}", {"name": "Nồi cơm điện", "parent_id": other.pk})
    assert moved.status_code == 200
    assert moved.json()["parent_id"] == other.pk and moved.json()["name"] == "Nồi cơm điện"
    assert manager.put(f"/api/v1/admin/categories/{other.pk}",
                       {"name": "Nhà bếp", "parent_id": child["id"]}).status_code == 400  # under its own child

    ProductFactory(category=Category.objects.get(pk=child["id"]))
    assert manager.delete(f"/api/v1/admin/categories/{child['id']}").status_code == 409
    assert manager.delete(f"/api/v1/admin/categories/{other.pk}").status_code == 409  # has a subcategory
    assert manager.delete(f"/api/v1/admin/categories/{root['id']}").status_code == 204
    assert not Category.objects.filter(pk=root["id"]).exists()
    assert manager.delete("/api/v1/admin/categories/999999").status_code == 404
    assert staff_in("Support").post("/api/v1/admin/categories", {"name": "Y"}).status_code == 403
    actions = list(LogEntry.objects.filter(content_type__model="category").values_list("action_flag", flat=True))
    assert sorted(actions) == [1, 1, 2, 3]


def test_audit_log_shows_api_actions(staff_client):
    target = UserFactory()
    staff_client.patch(f"/api/v1/admin/users/{target.pk}/suspend", {"reason": "Abuse"})
    body = staff_client.get("/api/v1/admin/audit-log", {"model": "accounts.user"}).json()
    assert body["count"] == 1
    entry = body["results"][0]
    assert entry["action"] == "change" and entry["object_id"] == str(target.pk)
    assert entry["user"]["id"] == str(staff_client.user.pk) and "Abuse" in entry["change_message"]
    assert staff_client.get("/api/v1/admin/audit-log", {"user": "nope"}).status_code == 400
    assert staff_client.get("/api/v1/admin/products", {"shop": "nope"}).status_code == 400


def test_audit_log_needs_the_logentry_permission(staff_in):
    assert staff_in("Support", "Finance", "Catalogue manager").get("/api/v1/admin/audit-log").status_code == 403


# --- fixed query counts ---------------------------------------------------------------------------------------
def _count(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _make_users(n):
    for _ in range(n):
        UserFactory()


def _make_shops(n):
    for _ in range(n):
        ProductFactory(shop=ShopFactory())


def _make_products(n):
    for _ in range(n):
        ProductFactory(brand=None)


def _make_log(n):
    staff = UserFactory(is_staff=True)
    for _ in range(n):
        LogEntry.objects.log_actions(user_id=staff.pk, queryset=[UserFactory()], action_flag=2, change_message="x")


@pytest.mark.parametrize(("url", "make"), [
    ("/api/v1/admin/users", _make_users), ("/api/v1/admin/shops", _make_shops),
    ("/api/v1/admin/products", _make_products), ("/api/v1/admin/audit-log", _make_log)])
def test_list_query_counts_do_not_grow(url, make, staff_client, django_assert_max_num_queries):
    make(2)
    small = _count(staff_client, url, django_assert_max_num_queries)
    make(8)
    assert _count(staff_client, url, django_assert_max_num_queries) == small <= 4
