"""Integration API keys: issued by staff with scopes, shown once, stored hashed, revocable, rotated with a
grace period, last use recorded; accepted only where an endpoint declares the scope."""
import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from apps.core.errors import Conflict, PermissionDenied, ValidationFailed
from apps.integrations import services
from apps.integrations.models import ApiKey
from tests.factories.accounts import UserFactory
from tests.factories.orders import OrderFactory
from tests.factories.shops import ShopFactory


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True, role="admin")


@pytest.fixture
def shop(db):
    return ShopFactory()


def keyed(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=token)
    return client


def issue(staff, scopes, shop=None, **kw):
    return services.api_key_issue(name="ERP", scopes=scopes, shop=shop, by=staff, **kw)


# --- services -------------------------------------------------------------------------------------------------------


def test_the_token_is_returned_once_and_only_its_hash_is_stored(staff, shop):
    key, token = issue(staff, ["orders:manage"], shop)
    stored = ApiKey.objects.get(pk=key.pk)
    assert stored.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ApiKey.objects.filter(pk=key.pk).values().get())
    assert token.startswith(f"cho_{stored.prefix}_")


def test_only_staff_issue_keys_with_valid_scopes(staff, shop):
    with pytest.raises(PermissionDenied):
        services.api_key_issue(name="x", scopes=["catalog:read"], by=shop.owner)
    with pytest.raises(ValidationFailed):
        issue(staff, ["orders:read"])  # order scopes act for one shop
    with pytest.raises(ValidationFailed):
        issue(staff, ["root"], shop)
    with pytest.raises(ValidationFailed):
        issue(staff, ["catalog:read"], expires_at=timezone.now() - timedelta(minutes=1))


def test_a_revoked_key_stops_working_at_once(staff, shop):
    key, token = issue(staff, ["orders:read"], shop)
    assert keyed(token).get("/api/v1/seller/orders").status_code == 200
    services.api_key_revoke(key=key, by=staff)
    response = keyed(token).get("/api/v1/seller/orders")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_rotation_keeps_the_old_key_valid_for_the_grace_period_only(staff, shop):
    old, old_token = issue(staff, ["orders:read"], shop)
    new, new_token = services.api_key_rotate(key=old, by=staff, grace=timedelta(hours=2))
    old.refresh_from_db()
    assert new.scopes == old.scopes and new.shop_id == shop.pk and new_token != old_token
    assert old.replaced_by_id == new.pk
    assert timedelta(hours=1, minutes=59) < old.expires_at - timezone.now() <= timedelta(hours=2)
    for token in (old_token, new_token):
        assert keyed(token).get("/api/v1/seller/orders").status_code == 200

    ApiKey.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))  # grace is over
    assert keyed(old_token).get("/api/v1/seller/orders").status_code == 401
    assert keyed(new_token).get("/api/v1/seller/orders").status_code == 200
    with pytest.raises(Conflict):
        services.api_key_rotate(key=old, by=staff)


def test_last_use_is_recorded_at_most_once_a_minute(staff, shop, django_assert_num_queries):
    key, token = issue(staff, ["catalog:read"])
    assert key.last_used_at is None
    services.api_key_authenticate(token=token)
    key.refresh_from_db()
    first = key.last_used_at
    assert first is not None
    with django_assert_num_queries(1):  # the lookup only: no UPDATE within the minute
        services.api_key_authenticate(token=token)
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now() - timedelta(minutes=2))
    with django_assert_num_queries(2):  # lookup + one UPDATE
        services.api_key_authenticate(token=token)


def test_a_suspended_shop_owner_s_key_is_refused(staff, shop):
    _key, token = issue(staff, ["orders:read"], shop)
    shop.owner.is_suspended = True
    shop.owner.save(update_fields=["is_suspended"])
    assert keyed(token).get("/api/v1/seller/orders").status_code == 401


# --- what a key may do -------------------------------------------------------------------------------------------------


def test_catalog_read_key_reads_the_catalogue(staff, shop):
    _key, token = issue(staff, ["catalog:read"])
    for url in ("/api/v1/products", "/api/v1/categories", "/api/v1/brands"):
        assert keyed(token).get(url).status_code == 200, url


def test_a_key_without_the_scope_is_refused(staff, shop):
    _key, token = issue(staff, ["orders:read"], shop)
    response = keyed(token).get("/api/v1/products")
    assert response.status_code == 403
    assert "catalog:read" in response.json()["error"]["message"]


def test_endpoints_that_did_not_opt_in_refuse_keys(staff, shop):
    """A shop key authenticates as the owner, yet it never reaches the owner's cart, profile or payments."""
    _key, token = issue(staff, ["orders:manage", "catalog:read"], shop)
    for method, url in (("get", "/api/v1/cart"), ("get", "/api/v1/users/profile"), ("get", "/api/v1/payments"),
                        ("post", "/api/v1/seller/products"), ("get", "/api/v1/integrations/keys")):
        response = getattr(keyed(token), method)(url, {}, format="json")
        assert response.status_code == 401, (url, response.status_code)
        assert response.json()["error"]["code"] == "not_authenticated"


def test_a_shop_key_sees_only_its_shop_s_orders(staff, shop):
    mine = OrderFactory(shop=shop)
    other = OrderFactory(shop=ShopFactory())
    _key, token = issue(staff, ["orders:read"], shop)
    listed = keyed(token).get("/api/v1/seller/orders").json()["results"]
    assert [o["id"] for o in listed] == [str(mine.pk)]
    assert keyed(token).get(f"/api/v1/seller/orders/{mine.pk}").status_code == 200
    assert keyed(token).get(f"/api/v1/seller/orders/{other.pk}").status_code == 404


def test_changing_an_order_needs_orders_manage(staff, shop):
    order = OrderFactory(shop=shop)
    _key, read_token = issue(staff, ["orders:read"], shop)
    _key, manage_token = issue(staff, ["orders:manage"], shop)
    url = f"/api/v1/seller/orders/{order.pk}/status"
    assert keyed(read_token).patch(url, {"status": "confirmed"}, format="json").status_code == 403
    assert keyed(manage_token).patch(url, {"status": "confirmed"}, format="json").status_code == 200
    order.refresh_from_db()
    assert order.status == "confirmed"


@pytest.mark.parametrize("token", ["", "garbage", "cho_0123456789ab_" + "x" * 43])
def test_invalid_keys_are_401(db, token):
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=token)
    response = client.get("/api/v1/products")
    if token == "":
        assert response.status_code == 200  # no key at all: an ordinary anonymous request
    else:
        assert response.status_code == 401


def test_an_expired_key_is_401(staff):
    key, token = issue(staff, ["catalog:read"], expires_at=timezone.now() + timedelta(minutes=5))
    ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert keyed(token).get("/api/v1/products").status_code == 401


def test_whoami_describes_the_calling_key(staff, shop):
    _key, token = issue(staff, ["orders:read"], shop)
    body = keyed(token).get("/api/v1/integrations/whoami").json()
    assert body["scopes"] == ["orders:read"] and body["shop"]["id"] == str(shop.pk)
    assert "token" not in body and "key_hash" not in body


# --- staff API ------------------------------------------------------------------------------------------------------------


def test_staff_issue_list_revoke_and_rotate_through_the_api(staff, shop, client_for):
    client = client_for(staff)
    issued = client.post("/api/v1/integrations/keys", {"name": "Kho", "scopes": ["orders:manage"],
                                                        "shop_id": str(shop.pk)}, format="json")
    assert issued.status_code == 201
    assert issued["Cache-Control"] == "no-store"
    token, key_id = issued.json()["token"], issued.json()["id"]
    assert keyed(token).get("/api/v1/seller/orders").status_code == 200

    listed = client.get("/api/v1/integrations/keys").json()["results"]
    assert [k["id"] for k in listed] == [key_id]
    assert "token" not in listed[0] and token not in str(listed)

    rotated = client.post(f"/api/v1/integrations/keys/{key_id}/rotate")
    assert rotated.status_code == 201 and rotated.json()["token"] != token
    revoked = client.post(f"/api/v1/integrations/keys/{key_id}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert keyed(token).get("/api/v1/seller/orders").status_code == 401
    assert keyed(rotated.json()["token"]).get("/api/v1/seller/orders").status_code == 200


def test_issue_validates_the_scopes_and_shop(staff, client_for):
    client = client_for(staff)
    assert client.post("/api/v1/integrations/keys", {"name": "x", "scopes": ["orders:read"]},
                       format="json").status_code == 400
    assert client.post("/api/v1/integrations/keys", {"name": "x", "scopes": ["catalog:read"],
                                                     "shop_id": "00000000-0000-4000-8000-000000000000"},
                       format="json").status_code == 400


def test_the_schema_documents_the_api_key_scheme(db, api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["components"]["securitySchemes"]["apiKeyAuth"] == {
        "type": "apiKey", "in": "header", "name": "X-Api-Key",
        "description": schema["components"]["securitySchemes"]["apiKeyAuth"]["description"]}
