import io

import pytest
from PIL import Image

from apps.accounts.models import Address, User
from tests.accounts.utils import assert_error
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def image_bytes(size=(2000, 1000), fmt="PNG", mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 30)).save(buffer, format=fmt)
    buffer.seek(0)
    buffer.name = f"photo.{fmt.lower()}"
    return buffer


def test_profile_needs_authentication(api_client):
    assert_error(api_client.get("/api/v1/users/profile"), 401, "not_authenticated")


def test_get_and_patch_profile(auth_client, user):
    body = auth_client.get("/api/v1/users/profile").json()
    assert body["id"] == str(user.id) and body["email"] == user.email
    assert "password" not in body
    response = auth_client.patch("/api/v1/users/profile", {"full_name": "Trần Thị Bình", "marketing_opt_in": True},
                                 format="json")
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.full_name, user.marketing_opt_in) == ("Trần Thị Bình", True)


def test_patch_cannot_change_role_or_verification(auth_client, user):
    auth_client.patch("/api/v1/users/profile", {"role": "admin", "is_verified": False, "is_staff": True}, format="json")
    user.refresh_from_db()
    assert (user.role, user.is_verified, user.is_staff) == ("buyer", True, False)


def test_email_taken_by_another_account_is_409(auth_client, user):
    UserFactory(email="taken@example.com")
    error = assert_error(auth_client.patch("/api/v1/users/profile", {"email": "Taken@Example.com"}, format="json"), 409,
                         "conflict")
    assert "email" in error["details"]
    user.refresh_from_db()
    assert user.email != "taken@example.com"


def test_invalid_email_is_400(auth_client):
    error = assert_error(auth_client.patch("/api/v1/users/profile", {"email": "not-an-email"}, format="json"), 400,
                         "validation_error")
    assert "email" in error["details"]


def test_avatar_is_checked_resized_and_reencoded(auth_client, user):
    response = auth_client.post("/api/v1/users/profile/avatar", {"file": image_bytes()}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["avatar"].endswith(".jpg")
    user.refresh_from_db()
    with Image.open(user.avatar.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (512, 256)


def test_avatar_replacing_removes_the_old_file(auth_client, user, django_capture_on_commit_callbacks):
    auth_client.post("/api/v1/users/profile/avatar", {"file": image_bytes((100, 100))}, format="multipart")
    user.refresh_from_db()
    old_path = user.avatar.path
    with django_capture_on_commit_callbacks(execute=True):
        auth_client.post("/api/v1/users/profile/avatar", {"file": image_bytes((80, 80), "JPEG")}, format="multipart")
    import os

    assert not os.path.exists(old_path)


def test_avatar_that_is_not_an_image_is_refused(auth_client, user):
    fake = io.BytesIO(b"<?php echo 'hi'; ?>" * 10)
    fake.name = "avatar.png"
    error = assert_error(auth_client.post("/api/v1/users/profile/avatar", {"file": fake}, format="multipart"), 400,
                         "validation_error")
    assert "file" in error["details"]
    user.refresh_from_db()
    assert not user.avatar


def test_avatar_over_5mb_is_refused(auth_client):
    big = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024))
    big.name = "big.png"
    error = assert_error(auth_client.post("/api/v1/users/profile/avatar", {"file": big}, format="multipart"), 400)
    assert "5 MB" in error["details"]["file"][0]


def test_delete_account_needs_the_password(auth_client, user):
    error = assert_error(auth_client.delete("/api/v1/users/profile", {"password": "wrong"}, format="json"), 400,
                         "validation_error")
    assert "password" in error["details"]
    user.refresh_from_db()
    assert user.is_active


def test_delete_account_anonymises_and_revokes(api_client, client_for):
    user = UserFactory(email="an@example.com", phone_number="+84912345678", full_name="Nguyễn Văn An")
    Address.objects.create(user=user, recipient_name="An", phone_number="+84912345678", street_address="1 Lê Lợi",
                           ward="Bến Nghé", district="Quận 1", city="Hồ Chí Minh", is_default=True)
    tokens = api_client.post("/api/v1/auth/login", {"email": "an@example.com", "password": PASSWORD},
                             format="json").json()
    client = client_for(user)
    assert client.delete("/api/v1/users/profile", {"password": PASSWORD}, format="json").status_code == 204

    user.refresh_from_db()  # the row stays, so orders keep their buyer
    assert user.full_name == "" and user.phone_number is None and "an@example.com" not in user.email
    assert not user.is_active and not user.has_usable_password()
    assert not Address.objects.filter(user=user).exists()
    assert_error(api_client.post("/api/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]}, format="json"),
                 401)
    assert_error(client.get("/api/v1/users/profile"), 401)
    assert_error(api_client.post("/api/v1/auth/login", {"email": "an@example.com", "password": PASSWORD},
                                 format="json"), 401)
    # the e-mail and number are free for a new account
    assert not User.objects.by_email("an@example.com").exists()


# --- addresses ----------------------------------------------------------------------------------

ADDRESS = {"recipient_name": "Nguyễn Văn An", "phone_number": "0912345678", "street_address": "12 Lý Thường Kiệt",
           "ward": "Phường Hàng Bài", "district": "Quận Hoàn Kiếm", "city": "Hà Nội"}
URL = "/api/v1/users/profile/addresses"


def add(client, **overrides):
    response = client.post(URL, {**ADDRESS, **overrides}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def defaults(user):
    return list(Address.objects.filter(user=user, is_default=True).values_list("street_address", flat=True))


def test_first_address_is_the_default_and_phone_is_normalised(auth_client):
    first = add(auth_client)
    assert first["is_default"] is True
    assert first["phone_number"] == "+84912345678"
    second = add(auth_client, street_address="2 Tràng Tiền")
    assert second["is_default"] is False


def test_first_address_is_default_even_when_asked_otherwise(auth_client):
    assert add(auth_client, is_default=False)["is_default"] is True


def test_creating_with_is_default_moves_the_default(auth_client, user):
    add(auth_client, street_address="A")
    add(auth_client, street_address="B", is_default=True)
    assert defaults(user) == ["B"]


def test_set_default(auth_client, user):
    add(auth_client, street_address="A")
    b = add(auth_client, street_address="B")
    response = auth_client.post(f"{URL}/{b['id']}/set-default")
    assert response.status_code == 200 and response.json()["is_default"] is True
    assert defaults(user) == ["B"]
    listed = auth_client.get(URL).json()
    assert [a["street_address"] for a in listed["results"]] == ["B", "A"]


def test_unsetting_the_default_is_refused(auth_client, user):
    a = add(auth_client, street_address="A")
    error = assert_error(auth_client.patch(f"{URL}/{a['id']}", {"is_default": False}, format="json"), 400)
    assert "is_default" in error["details"]
    assert defaults(user) == ["A"]


def test_deleting_the_default_promotes_the_newest_other(auth_client, user):
    a = add(auth_client, street_address="A")
    add(auth_client, street_address="B")
    add(auth_client, street_address="C")
    assert auth_client.delete(f"{URL}/{a['id']}").status_code == 204
    assert defaults(user) == ["C"]


def test_deleting_a_non_default_keeps_the_default(auth_client, user):
    add(auth_client, street_address="A")
    b = add(auth_client, street_address="B")
    assert auth_client.delete(f"{URL}/{b['id']}").status_code == 204
    assert defaults(user) == ["A"]


def test_the_last_address_cannot_be_deleted(auth_client, user):
    a = add(auth_client)
    assert_error(auth_client.delete(f"{URL}/{a['id']}"), 409, "conflict")
    assert Address.objects.filter(user=user).count() == 1


def test_put_replaces_and_patch_changes(auth_client):
    a = add(auth_client)
    response = auth_client.put(f"{URL}/{a['id']}", {**ADDRESS, "city": "Đà Nẵng"}, format="json")
    assert response.status_code == 200 and response.json()["city"] == "Đà Nẵng"
    error = assert_error(auth_client.put(f"{URL}/{a['id']}", {"city": "Huế"}, format="json"), 400)
    assert "street_address" in error["details"]
    response = auth_client.patch(f"{URL}/{a['id']}", {"city": "Huế"}, format="json")
    assert response.status_code == 200 and response.json()["city"] == "Huế"
    assert response.json()["street_address"] == ADDRESS["street_address"]


def test_bad_address_input(auth_client):
    error = assert_error(auth_client.post(URL, {**ADDRESS, "phone_number": "12", "ward": ""}, format="json"), 400,
                         "validation_error")
    assert {"ward", "phone_number"} & set(error["details"])
    error = assert_error(auth_client.post(URL, {**ADDRESS, "phone_number": "0241234567"}, format="json"), 400)
    assert "phone_number" in error["details"]


def test_another_users_address_is_404(auth_client, client_for):
    other = client_for(UserFactory())
    theirs = add(other)
    add(other, street_address="B")
    for response in (auth_client.get(f"{URL}/{theirs['id']}"),
                     auth_client.patch(f"{URL}/{theirs['id']}", {"city": "Huế"}, format="json"),
                     auth_client.put(f"{URL}/{theirs['id']}", ADDRESS, format="json"),
                     auth_client.delete(f"{URL}/{theirs['id']}"),
                     auth_client.post(f"{URL}/{theirs['id']}/set-default")):
        assert_error(response, 404, "not_found")
    assert other.get(f"{URL}/{theirs['id']}").json()["city"] == "Hà Nội"
    assert auth_client.get(URL).json()["count"] == 0


def test_address_list_query_count_is_fixed(auth_client, user, django_assert_num_queries):
    add(auth_client)
    with django_assert_num_queries(3):  # user (JWT), count, page
        assert auth_client.get(URL).json()["count"] == 1
    for n in range(5):
        add(auth_client, street_address=f"{n} Hàng Bông")
    with django_assert_num_queries(3):
        assert auth_client.get(URL).json()["count"] == 6
