"""notify(): in-app row and e-mail, in the user's language, after commit, per preferences."""
import pytest
from django.db import transaction

from apps.notifications import selectors, services
from apps.notifications.models import EmailLog, EmailStatus, Notification
from apps.notifications.services import notify

from .samples import SAMPLE_CONTEXTS

pytestmark = pytest.mark.django_db

PLACED = SAMPLE_CONTEXTS["order.placed"]


def test_notify_records_in_app_and_emails_after_commit_in_vietnamese(user, mailoutbox, on_commit):
    with on_commit():
        with transaction.atomic():
            notification = notify(user, "order.placed", context=PLACED, url="/orders/1/")
            assert mailoutbox == []  # nothing leaves before the caller's transaction commits
            assert EmailLog.objects.get().status == EmailStatus.QUEUED

    notification.refresh_from_db()
    assert notification.title == "Đã đặt đơn hàng CHO-20261121-7K3QX"
    assert "1.250.000 ₫" in notification.message
    assert notification.url == "/orders/1/" and notification.category == "order_update"
    assert notification.data == PLACED and notification.read_at is None
    [mail] = mailoutbox
    assert mail.to == [user.email] and mail.subject == "Đã đặt đơn hàng CHO-20261121-7K3QX"
    assert {m for _c, m in mail.alternatives} == {"text/html"}
    assert "http://127.0.0.1:8000/orders/1/" in mail.body
    log = EmailLog.objects.get()
    assert log.status == EmailStatus.SENT and log.attempts == 1 and log.user == user
    assert log.provider_message_id == mail.extra_headers["Message-ID"]


def test_english_speaker_gets_english(english_user, mailoutbox, on_commit):
    with on_commit():
        notification = notify(english_user, "order.shipped", context=SAMPLE_CONTEXTS["order.shipped"])
    assert notification.title == "Order CHO-20261121-7K3QX is on its way"
    assert mailoutbox[0].subject == notification.title
    assert "Hello Alice Nguyen," in mailoutbox[0].body


def test_rolled_back_transaction_leaves_no_notification_and_sends_nothing(user, mailoutbox, on_commit):
    with on_commit() as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                notify(user, "order.placed", context=PLACED)
                raise RuntimeError("payment provider said no")
    assert callbacks == []
    assert not Notification.objects.exists() and not EmailLog.objects.exists() and mailoutbox == []


def test_unknown_kind_raises_and_writes_nothing(user):
    with pytest.raises(ValueError):
        notify(user, "order.exploded", context={})
    assert not Notification.objects.exists()


def test_transactional_mail_is_sent_even_with_every_switch_off(user, mailoutbox, on_commit):
    services.preferences_update(user=user, channels={
        ch: dict.fromkeys(("order_update", "message", "promotion", "system"), False) for ch in ("email", "in_app")})
    with on_commit():
        notification = notify(user, "payment.refunded", context=SAMPLE_CONTEXTS["payment.refunded"])
    assert notification is not None and len(mailoutbox) == 1
    assert "List-Unsubscribe" not in mailoutbox[0].extra_headers


def test_marketing_mail_needs_marketing_consent(user, mailoutbox, on_commit):
    assert user.marketing_opt_in is False
    with on_commit():
        notification = notify(user, "wishlist.price_drop", context=SAMPLE_CONTEXTS["wishlist.price_drop"])
    assert notification is not None  # the in-app alert still appears
    assert mailoutbox == [] and not EmailLog.objects.exists()


def test_marketing_mail_with_consent_carries_one_click_unsubscribe_headers(make_user, mailoutbox, on_commit):
    fan = make_user(marketing_opt_in=True)
    with on_commit():
        notify(fan, "wishlist.back_in_stock", context=SAMPLE_CONTEXTS["wishlist.back_in_stock"], url="/p/x/")
    [mail] = mailoutbox
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = mail.extra_headers["List-Unsubscribe"]
    assert link.startswith("<http://127.0.0.1:8000/notifications/unsubscribe/") and link.endswith("/>")
    assert link[1:-1] in mail.body


def test_marketing_mail_respects_a_switched_off_category(make_user, mailoutbox, on_commit):
    fan = make_user(marketing_opt_in=True)
    services.preferences_update(user=fan, channels={"email": {"order_update": False}})
    fan.refresh_from_db()
    with on_commit():
        notify(fan, "review.request", context=SAMPLE_CONTEXTS["review.request"])
        notify(fan, "order.placed", context=PLACED)
    assert [m.subject for m in mailoutbox] == ["Đã đặt đơn hàng CHO-20261121-7K3QX"]


def test_in_app_switch_off_hides_marketing_but_never_order_updates(user):
    services.preferences_update(user=user, channels={"in_app": {"promotion": False, "order_update": False}})
    assert notify(user, "cart.reminder", context={"item_count": 2}) is None
    assert notify(user, "order.cancelled", context=SAMPLE_CONTEXTS["order.cancelled"]) is not None
    assert list(Notification.objects.values_list("kind", flat=True)) == ["order.cancelled"]


def test_user_without_email_gets_the_in_app_notification_only(make_user, mailoutbox, on_commit):
    phone_only = make_user(email=None, phone_number="+84912345678")
    with on_commit():
        assert notify(phone_only, "account.welcome") is not None
    assert mailoutbox == []


def test_email_only_kinds_create_no_in_app_row(user, mailoutbox, on_commit):
    with on_commit():
        assert notify(user, "account.password_reset", context={}, url="/reset/abc/") is None
    assert not Notification.objects.exists() and len(mailoutbox) == 1


def test_unread_count_is_cached_and_refreshed_by_every_change(user):
    assert selectors.unread_count(user) == 0
    first = notify(user, "account.welcome")
    notify(user, "system.message", context={"title": "Hi", "message": "There"})
    assert selectors.unread_count(user) == 2
    services.notification_mark_read(notification=first)
    assert selectors.unread_count(user) == 1
    services.notifications_mark_all_read(user=user)
    assert selectors.unread_count(user) == 0


def test_unread_count_comes_from_the_cache(user, django_assert_num_queries):
    notify(user, "account.welcome")
    selectors.unread_count(user)
    with django_assert_num_queries(0):
        assert selectors.unread_count(user) == 1


def test_switching_email_promotions_on_is_marketing_consent(user):
    services.preferences_update(user=user, channels={"email": {"promotion": True}}, language="en")
    user.refresh_from_db()
    assert user.marketing_opt_in is True and selectors.user_language(user) == "en"
    services.preferences_update(user=user, channels={"email": {"promotion": False}})
    user.refresh_from_db()
    assert user.marketing_opt_in is False


def test_send_templated_email_to_a_guest(mailoutbox, on_commit):
    with on_commit():
        log = services.send_templated_email(to="guest@example.com", template="newsletter_confirm",
                                            context={"url": "http://127.0.0.1:8000/newsletter/confirm/x/"},
                                            language="en")
    assert log.user is None
    assert mailoutbox[0].subject == "Confirm your subscription to the Chợ newsletter"
    assert "Hello," in mailoutbox[0].body


def test_context_with_decimals_and_ids_is_stored_as_plain_json(user, mailoutbox, on_commit):
    import uuid
    from decimal import Decimal

    order_id = uuid.uuid4()
    with on_commit():
        notification = notify(user, "payment.completed", context={
            "order_number": "CHO-9", "amount": Decimal("199000.00"), "currency": "VND", "order_id": order_id})
    notification.refresh_from_db()
    assert notification.data["amount"] == "199000.00" and notification.data["order_id"] == str(order_id)
    assert "199.000 ₫" in notification.message and "199.000 ₫" in mailoutbox[0].body
