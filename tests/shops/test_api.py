import pytest

from apps.catalog.selectors import public_products
from apps.core.errors import InvalidTransition, ValidationFailed
from apps.notifications.models import Notification
from apps.shops.models import Shop, ShopFollow, ShopStatus
from apps.shops.services import shop_approve, shop_suspend
from tests.factories.catalog import ProductFactory
from tests.factories.shops import ShopFactory

pytestmark = pytest.mark.django_db


def test_register_makes_a_pending_shop_and_a_seller(auth_client, user):
    r = auth_client.post("/api/v1/seller/shops", {"name": "Điện Máy Sài Gòn", "city": "Hồ Chí Minh",
                                                  "phone_number": "0283 822 1234", "shipping_fee": "25000"},
                         format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["status"] == "pending" and body["slug"] == "dien-may-sai-gon"
    assert body["phone_number"] == "+842838221234"
    user.refresh_from_db()
    assert user.role == "seller"
    assert auth_client.get("/api/v1/seller/shops/me").json()["id"] == body["id"]
    # a pending shop is not public
    assert auth_client.get(f"/api/v1/shops/{body['id']}").status_code == 404


def test_register_twice_or_taken_name_is_409(auth_client, make_user, client_for):
    ShopFactory(name="Trùng Tên")
    r = auth_client.post("/api/v1/seller/shops", {"name": "trùng tên"}, format="json")
    assert r.status_code == 409
    assert auth_client.post("/api/v1/seller/shops", {"name": "Một"}, format="json").status_code == 201
    assert auth_client.post("/api/v1/seller/shops", {"name": "Hai"}, format="json").status_code == 409


def test_register_validates_input(auth_client):
    r = auth_client.post("/api/v1/seller/shops", {"name": "", "shipping_fee": "-1", "phone_number": "12"},
                         format="json")
    assert r.status_code == 400
    assert {"name", "shipping_fee", "phone_number"} <= set(r.json()["error"]["details"])


def test_update_my_shop(client_for):
    shop = ShopFactory()
    client = client_for(shop.owner)
    r = client.patch("/api/v1/seller/shops/me", {"description": "Mới", "free_shipping_threshold": "500000"},
                     format="json")
    assert r.status_code == 200 and r.json()["free_shipping_threshold"] == "500000.00"


def test_no_shop_is_404(auth_client):
    assert auth_client.get("/api/v1/seller/shops/me").status_code == 404


def test_approve_and_suspend_notify_the_owner_and_toggle_visibility(staff_user, django_capture_on_commit_callbacks):
    shop = ShopFactory(status=ShopStatus.PENDING, approved_at=None)
    product = ProductFactory(shop=shop)
    assert not public_products().filter(pk=product.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        shop_approve(shop=shop, by=staff_user)
    shop.refresh_from_db()
    assert shop.status == "active" and shop.approved_at
    assert public_products().filter(pk=product.pk).exists()
    note = Notification.objects.get(user=shop.owner, kind="shop.approved")
    assert note.data.get("shop_name", shop.name) == shop.name
    with pytest.raises(ValidationFailed):
        shop_suspend(shop=shop, by=staff_user, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        shop_suspend(shop=shop, by=staff_user, reason="Hàng giả")
    assert not public_products().filter(pk=product.pk).exists()
    assert Notification.objects.filter(user=shop.owner, kind="shop.suspended").exists()
    with pytest.raises(InvalidTransition):
        shop_suspend(shop=shop, by=staff_user, reason="again")


def test_public_shops_only_active(api_client):
    active = ShopFactory()
    ShopFactory(status=ShopStatus.PENDING)
    ShopFactory(status=ShopStatus.SUSPENDED)
    r = api_client.get("/api/v1/shops")
    assert [s["id"] for s in r.json()["results"]] == [str(active.pk)]
    body = api_client.get(f"/api/v1/shops/{active.pk}").json()
    assert body["name"] == active.name and body["is_following"] is False


def test_follow_unfollow_counts(auth_client, user, api_client):
    shop = ShopFactory()
    url = f"/api/v1/shops/{shop.pk}/follow"
    assert api_client.post(url).status_code == 401
    assert auth_client.post(url).json() == {"following": True, "follower_count": 1}
    assert auth_client.post(url).json() == {"following": True, "follower_count": 1}
    assert auth_client.get(f"/api/v1/shops/{shop.pk}").json()["is_following"] is True
    assert auth_client.delete(url).json() == {"following": False, "follower_count": 0}
    assert auth_client.delete(url).json() == {"following": False, "follower_count": 0}
    assert not ShopFollow.objects.exists()
    suspended = ShopFactory(status=ShopStatus.SUSPENDED)
    assert auth_client.post(f"/api/v1/shops/{suspended.pk}/follow").status_code == 404
    assert Shop.objects.get(pk=shop.pk).follower_count == 0


@pytest.mark.parametrize("size", [2, 5])
def test_shop_list_query_count(api_client, django_assert_num_queries, size):
    for _ in range(size):
        ShopFactory()
    with django_assert_num_queries(2):
        api_client.get("/api/v1/shops")
