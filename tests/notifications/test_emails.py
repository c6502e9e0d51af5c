"""Every e-mail renders in Vietnamese and English, with an HTML and a plain-text part."""
import re

import pytest

from apps.notifications.kinds import EMAIL_SUBJECTS, KINDS
from apps.notifications.services import email_render

from .samples import MUST_SHOW, SAMPLE_CONTEXTS

OTHER_TEMPLATES = {
    "newsletter_confirm": {"url": "http://127.0.0.1:8000/newsletter/confirm/abc/"},
    "newsletter_campaign": {"subject": "Ưu đãi tuần này", "preheader": "Giảm 50%", "url": "/",
                            "paragraphs": ["Đoạn một.", "Đoạn hai."]},
}
CASES = [(k.template, {**SAMPLE_CONTEXTS[key], "url": "/orders/1/"}, key) for key, k in sorted(KINDS.items())]
CASES += [(name, context, None) for name, context in OTHER_TEMPLATES.items()]
THANKS = {"vi": "Cảm ơn bạn đã mua sắm tại Chợ.", "en": "Thank you for shopping with Chợ."}
HELLO = {"vi": "Xin chào", "en": "Hello"}


def test_every_template_is_covered():
    assert {c[0] for c in CASES} == set(EMAIL_SUBJECTS)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("template", "context", "kind"), CASES, ids=[c[0] for c in CASES])
def test_email_renders_in_both_parts(template, context, kind, language):
    subject, text, html = email_render(template=template, context=context, language=language)

    assert subject and "{" not in subject and "\n" not in subject
    # plain text: readable, no markup, no template syntax left over
    assert not re.search(r"<[a-z/][^>]*>", text), text
    assert "{{" not in text and "{%" not in text
    assert HELLO[language] in text and THANKS[language] in text
    # HTML: a whole document in the right language, styles inline only
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert f'<html lang="{language}">' in html
    assert "<link" not in html and "<style" not in html and "<script" not in html
    assert 'style="' in html
    assert THANKS[language] in html
    assert "http://127.0.0.1:8000/" in html  # links are absolute
    if kind in MUST_SHOW:
        assert MUST_SHOW[kind] in text and MUST_SHOW[kind] in html


@pytest.mark.parametrize("key", ["order.placed", "order.shipped", "shop.approved", "wishlist.price_drop"])
def test_vietnamese_and_english_subjects_differ(key):
    context = SAMPLE_CONTEXTS[key]
    vi, _text, _html = email_render(template=KINDS[key].template, context=context, language="vi")
    en, _text, _html = email_render(template=KINDS[key].template, context=context, language="en")
    assert vi != en


def test_amounts_are_shown_as_money_of_the_language():
    context = SAMPLE_CONTEXTS["order.placed"]
    _s, vi_text, _h = email_render(template="order_placed", context=context, language="vi")
    _s, en_text, _h = email_render(template="order_placed", context=context, language="en")
    assert "1.250.000 ₫" in vi_text and "₫1,250,000" in en_text
    assert "Mã đơn hàng: CHO-20261121-7K3QX" in vi_text and "Order number: CHO-20261121-7K3QX" in en_text


def test_values_are_escaped_in_html_but_not_mangled_in_text():
    context = {"product_title": "<b>Tai nghe</b> & hộp"}
    _s, text, html = email_render(template="wishlist_back_in_stock", context=context, language="vi")
    assert "<b>Tai nghe</b>" not in html and "&lt;b&gt;Tai nghe&lt;/b&gt; &amp; hộp" in html
    assert "<b>Tai nghe</b> & hộp" in text


def test_marketing_mail_has_an_unsubscribe_link_and_service_mail_does_not():
    _s, text, html = email_render(template="cart_reminder", context={"item_count": 1}, language="vi",
                                  unsubscribe="http://127.0.0.1:8000/notifications/unsubscribe/t/")
    assert "http://127.0.0.1:8000/notifications/unsubscribe/t/" in text and "Huỷ đăng ký" in html
    _s, text, html = email_render(template="order_placed", context=SAMPLE_CONTEXTS["order.placed"], language="vi")
    assert "unsubscribe" not in text and "Đây là thông báo dịch vụ" in text
