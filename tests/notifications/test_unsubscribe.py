"""One-click unsubscribe through a signed link: it works, and it cannot be forged."""
import pytest
from django.core import signing
from django.test import Client

from apps.notifications import services
from apps.notifications.models import NotificationPreference
from apps.notifications.services import notify

from .samples import SAMPLE_CONTEXTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def fan(make_user):
    return make_user(marketing_opt_in=True)


def _link_from_mail(mail) -> str:
    return mail.extra_headers["List-Unsubscribe"].strip("<>")


def _path(url: str) -> str:
    return url.replace("http://127.0.0.1:8000", "")


def test_unsubscribe_link_from_an_email_stops_that_kind_of_email(fan, mailoutbox, on_commit):
    with on_commit():
        notify(fan, "wishlist.back_in_stock", context=SAMPLE_CONTEXTS["wishlist.back_in_stock"])
    url = _path(_link_from_mail(mailoutbox[0]))

    page = Client().get(url)
    assert page.status_code == 200 and "Ngừng nhận e-mail về khuyến mãi?" in page.content.decode()
    fan.refresh_from_db()
    assert fan.marketing_opt_in is True  # opening the page (or a link scanner) changes nothing

    done = Client(enforce_csrf_checks=True).post(url)  # one-click: no session, no CSRF token
    assert done.status_code == 200 and "bạn sẽ không còn nhận e-mail về khuyến mãi" in done.content.decode()
    fan.refresh_from_db()
    assert fan.marketing_opt_in is False
    assert NotificationPreference.objects.get(user=fan, channel="email").promotion is False

    mailoutbox.clear()
    with on_commit():
        notify(fan, "wishlist.price_drop", context=SAMPLE_CONTEXTS["wishlist.price_drop"])
        notify(fan, "order.placed", context=SAMPLE_CONTEXTS["order.placed"])
    assert [m.subject for m in mailoutbox] == ["Đã đặt đơn hàng CHO-20261121-7K3QX"]


def test_one_click_post_is_idempotent(fan):
    url = _path(services.unsubscribe_url(user_id=fan.pk, category="promotion"))
    assert Client().post(url).status_code == 200
    assert Client().post(url).status_code == 200
    fan.refresh_from_db()
    assert fan.marketing_opt_in is False


def test_unsubscribing_from_review_requests_keeps_promotions(fan):
    Client().post(_path(services.unsubscribe_url(user_id=fan.pk, category="order_update")))
    fan.refresh_from_db()
    pref = NotificationPreference.objects.get(user=fan, channel="email")
    assert pref.order_update is False and pref.promotion is True and fan.marketing_opt_in is True


@pytest.mark.parametrize("forge", [
    lambda token, other: token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"),  # tampered signature
    lambda token, other: signing.dumps({"u": str(other.pk), "c": "promotion"}),  # signed without our salt
    lambda token, other: signing.dumps({"u": str(other.pk), "c": "promotion"}, salt="notifications.unsubscribe",
                                       key="not-the-secret-key"),  # signed with another key
    lambda token, other: "garbage",
])
def test_a_forged_link_is_refused_and_changes_nothing(fan, make_user, forge):
    victim = make_user(marketing_opt_in=True)
    genuine = services.unsubscribe_token(user_id=fan.pk, category="promotion")
    url = f"/notifications/unsubscribe/{forge(genuine, victim)}/"

    assert Client().get(url).status_code == 400
    response = Client().post(url)
    assert response.status_code == 400 and "không hợp lệ" in response.content.decode()
    victim.refresh_from_db()
    fan.refresh_from_db()
    assert victim.marketing_opt_in is True and fan.marketing_opt_in is True
    assert not NotificationPreference.objects.exists()


def test_a_token_for_one_user_cannot_be_edited_to_target_another(fan, make_user):
    victim = make_user(marketing_opt_in=True)
    token = services.unsubscribe_token(user_id=fan.pk, category="promotion")
    payload, _sep, signature = token.partition(":")
    other = services.unsubscribe_token(user_id=victim.pk, category="promotion").partition(":")[0]
    assert Client().post(f"/notifications/unsubscribe/{other}:{signature}/").status_code == 400
    victim.refresh_from_db()
    assert victim.marketing_opt_in is True
