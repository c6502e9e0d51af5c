import pytest

from apps.accounts.models import SecurityEvent, User
from tests.factories.accounts import AddressFactory, PhoneUserFactory, SecurityEventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user, backend="apps.accounts.backends.PhoneOrEmailBackend")
    return client


def test_users_are_searchable_by_phone_email_and_name(admin_client):
    PhoneUserFactory(phone_number="+84912345678", full_name="Lê Thị Cúc")
    UserFactory(email="dung@example.com", full_name="Phạm Dũng")
    for query, expected in (("912345678", "Lê Thị Cúc"), ("dung@example", "Phạm Dũng"), ("Cúc", "Lê Thị Cúc")):
        html = admin_client.get("/admin/accounts/user/", {"q": query}).content.decode()
        assert expected in html
    html = admin_client.get("/admin/accounts/user/", {"q": "dung@example"}).content.decode()
    assert "Lê Thị Cúc" not in html


def test_users_filter_by_role_verified_suspended(admin_client):
    UserFactory(full_name="Zeta Seller", role="seller")
    UserFactory(full_name="Chưa xác minh", is_verified=False)
    UserFactory(full_name="Bị khóa", is_suspended=True)
    assert "Zeta Seller" in admin_client.get("/admin/accounts/user/?role__exact=seller").content.decode()
    html = admin_client.get("/admin/accounts/user/?is_verified__exact=0").content.decode()
    assert "Chưa xác minh" in html and "Zeta Seller" not in html
    html = admin_client.get("/admin/accounts/user/?is_suspended__exact=1").content.decode()
    assert "Bị khóa" in html and "Zeta Seller" not in html


def test_suspend_and_unsuspend_actions_with_reason(admin_client, staff_user):
    user = UserFactory()
    response = admin_client.post("/admin/accounts/user/", {"action": "suspend_users", "_selected_action": [user.pk],
                                                           "reason": "spam"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_suspended
    event = SecurityEvent.objects.get(kind="suspended")
    assert event.actor == staff_user and event.details == {"reason": "spam"}
    admin_client.post("/admin/accounts/user/", {"action": "unsuspend_users", "_selected_action": [user.pk]})
    user.refresh_from_db()
    assert not user.is_suspended


def test_change_page_shows_addresses_inline_and_role_change_is_audited(admin_client, staff_user):
    user = UserFactory(email="an@example.com")
    AddressFactory(user=user, street_address="99 Nguyễn Huệ", is_default=True)
    page = admin_client.get(f"/admin/accounts/user/{user.pk}/change/")
    assert page.status_code == 200 and "99 Nguyễn Huệ" in page.content.decode()
    data = {"email": "an@example.com", "phone_number": "", "full_name": user.full_name, "role": "seller",
            "is_verified": "on", "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
            "addresses-TOTAL_FORMS": "1", "addresses-INITIAL_FORMS": "1", "addresses-MIN_NUM_FORMS": "0",
            "addresses-MAX_NUM_FORMS": "1000", "addresses-0-id": str(user.addresses.get().pk),
            "addresses-0-user": str(user.pk)}
    response = admin_client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.role == "seller"
    assert SecurityEvent.objects.get(kind="role_changed").actor == staff_user


def test_add_user_normalises_phone(admin_client):
    response = admin_client.post("/admin/accounts/user/add/", {
        "email": "New@Example.com", "phone_number": "0987654321", "full_name": "Mới", "role": "buyer",
        "usable_password": "true", "password1": "Secret123pass", "password2": "Secret123pass"})
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="new@example.com")
    assert user.phone_number == "+84987654321"


def test_audit_log_is_read_only(admin_client):
    event = SecurityEventFactory()
    assert admin_client.get("/admin/accounts/securityevent/").status_code == 200
    assert admin_client.get("/admin/accounts/securityevent/add/").status_code == 403
    page = admin_client.get(f"/admin/accounts/securityevent/{event.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.post(f"/admin/accounts/securityevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert SecurityEvent.objects.filter(pk=event.pk).exists()
