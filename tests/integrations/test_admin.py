"""Staff issue, revoke and rotate keys in the admin; the token is shown once, on a page never cached."""
import hashlib
import re

import pytest

from apps.integrations import services
from apps.integrations.models import ApiKey
from tests.factories.accounts import UserFactory
from tests.factories.shops import ShopFactory


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True, role="admin")


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


def _token(html: str) -> str:
    return re.search(r'value="(cho_[0-9a-f]{12}_[^"]+)"', html).group(1)


def test_issuing_a_key_shows_the_token_once(admin_client):
    shop = ShopFactory()
    response = admin_client.post("/admin/integrations/apikey/add/", {
        "name": "Kho hàng", "scopes": ["orders:manage"], "shop": str(shop.pk), "expires_at_0": "", "expires_at_1": ""})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = _token(response.content.decode())
    key = ApiKey.objects.get()
    assert key.key_hash == hashlib.sha256(token.encode()).hexdigest() and key.shop == shop
    # Never shown again: neither the list nor the key's page contain it.
    for url in ("/admin/integrations/apikey/", f"/admin/integrations/apikey/{key.pk}/change/"):
        page = admin_client.get(url)
        assert page.status_code == 200 and token not in page.content.decode()


def test_order_scopes_without_a_shop_are_refused_in_the_form(admin_client):
    response = admin_client.post("/admin/integrations/apikey/add/", {"name": "x", "scopes": ["orders:read"]})
    assert response.status_code == 200 and not ApiKey.objects.exists()
    assert "errorlist" in response.content.decode()


def test_revoke_and_rotate_actions(admin_client, staff):
    key, _token_value = services.api_key_issue(name="Feed", scopes=["catalog:read"], by=staff)
    response = admin_client.post("/admin/integrations/apikey/", {
        "action": "rotate_key", "_selected_action": [str(key.pk)]})
    assert response.status_code == 200
    new_token = _token(response.content.decode())
    assert services.api_key_authenticate(token=new_token).name == "Feed"
    key.refresh_from_db()
    assert key.replaced_by is not None and key.expires_at is not None

    admin_client.post("/admin/integrations/apikey/", {"action": "revoke_keys",
                                                      "_selected_action": [str(key.replaced_by.pk)]})
    key.replaced_by.refresh_from_db()
    assert key.replaced_by.revoked_at is not None and key.replaced_by.revoked_by == staff
