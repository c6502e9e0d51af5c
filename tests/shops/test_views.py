import pytest

from apps.notifications.models import Notification
from apps.shops.models import Shop, ShopFollow, ShopStatus
from tests.factories.catalog import ProductFactory
from tests.factories.shops import ShopFactory

pytestmark = pytest.mark.django_db


def test_register_page_opens_a_pending_shop(client, user):
    client.force_login(user)
    assert client.get("/seller/register/").status_code == 200
    r = client.post("/seller/register/", {"name": "Sách Cũ Hà Nội", "city": "Hà Nội", "shipping_fee": "20000",
                                          "express_shipping_fee": "40000"})
    assert r.status_code == 302 and r["Location"] == "/seller/"
    shop = Shop.objects.get(owner=user)
    assert shop.status == ShopStatus.PENDING and shop.slug == "sach-cu-ha-noi"
    user.refresh_from_db()
    assert user.role == "seller"
    dashboard = client.get("/seller/").content.decode()
    assert "Sách Cũ Hà Nội" in dashboard
    # a second visit goes to the dashboard
    assert client.get("/seller/register/")["Location"] == "/seller/"


def test_register_page_shows_errors(client, user):
    ShopFactory(name="Trùng")
    client.force_login(user)
    r = client.post("/seller/register/", {"name": "Mới", "shipping_fee": "1", "express_shipping_fee": "1",
                                          "phone_number": "abc"})
    assert r.status_code == 200 and set(r.context["form"].errors) == {"phone_number"}
    r = client.post("/seller/register/", {"name": "Trùng", "shipping_fee": "1", "express_shipping_fee": "1"})
    assert r.status_code == 200 and set(r.context["form"].errors) == {"name"}
    assert not Shop.objects.filter(owner=user).exists()


def test_register_needs_login(client):
    r = client.get("/seller/register/")
    assert r.status_code == 302 and "login" in r["Location"]


def test_shop_page_lists_its_public_products(client):
    shop = ShopFactory(name="Tiệm Điện Thoại")
    ProductFactory(shop=shop, title="Máy A")
    ProductFactory(shop=shop, title="Máy nháp", status="draft")
    ProductFactory(title="Máy của người khác")
    html = client.get(f"/shops/{shop.slug}/").content.decode()
    assert "Máy A" in html and "Máy nháp" not in html and "Máy của người khác" not in html
    assert f'<link rel="canonical" href="http://127.0.0.1:8000/shops/{shop.slug}/">' in html
    assert "Tiệm Điện Thoại" in client.get("/shops/").content.decode()


def test_follow_button_with_htmx(client, user):
    shop = ShopFactory()
    client.force_login(user)
    r = client.post(f"/shops/{shop.slug}/follow/", {"action": "follow"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and 'aria-pressed="true"' in r.content.decode()
    assert ShopFollow.objects.filter(shop=shop, user=user).exists()
    r = client.post(f"/shops/{shop.slug}/follow/", {"action": "unfollow"})
    assert r.status_code == 302
    shop.refresh_from_db()
    assert shop.follower_count == 0


def test_admin_actions_approve_and_suspend(client, staff_user, django_capture_on_commit_callbacks):
    shop = ShopFactory(status=ShopStatus.PENDING, approved_at=None)
    client.force_login(staff_user)
    url = "/admin/shops/shop/"
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url, {"action": "approve_shops", "_selected_action": [str(shop.pk)]})
    assert r.status_code == 302
    shop.refresh_from_db()
    assert shop.status == ShopStatus.ACTIVE
    assert Notification.objects.filter(user=shop.owner, kind="shop.approved").exists()
    # suspending asks for a reason first
    r = client.post(url, {"action": "suspend_shops", "_selected_action": [str(shop.pk)]})
    assert r.status_code == 200 and 'name="reason"' in r.content.decode()
    shop.refresh_from_db()
    assert shop.status == ShopStatus.ACTIVE
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "suspend_shops", "_selected_action": [str(shop.pk)], "apply": "1",
                          "reason": "Bán hàng giả"})
    shop.refresh_from_db()
    assert shop.status == ShopStatus.SUSPENDED and shop.suspension_reason == "Bán hàng giả"
    assert Notification.objects.filter(user=shop.owner, kind="shop.suspended").exists()


def test_admin_pages_render(client, staff_user):
    p = ProductFactory()
    client.force_login(staff_user)
    for url in ("/admin/shops/shop/", f"/admin/shops/shop/{p.shop_id}/change/", "/admin/catalog/category/",
                "/admin/catalog/product/", f"/admin/catalog/product/{p.pk}/change/", "/admin/catalog/variant/",
                "/admin/catalog/inventorymovement/", "/admin/catalog/productimport/", "/admin/catalog/brand/"):
        assert client.get(url).status_code == 200, url


def test_admin_can_ban_a_product(client, staff_user):
    p = ProductFactory()
    client.force_login(staff_user)
    client.post("/admin/catalog/product/", {"action": "ban", "_selected_action": [str(p.pk)]})
    p.refresh_from_db()
    assert p.status == "banned"
