"""Whole catalogue pages cached for visitors who are not signed in (apps/core/page_cache.py)."""
import re

import pytest
from django.conf import settings
from django.test import Client

from apps.catalog.services import product_set_status
from apps.catalog.services.indexing import index_products_on_commit
from tests.factories.catalog import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

SCRIPT_NONCE = re.compile(r'<script[^>]* nonce="([^"]+)"')


def _nonces(response) -> set[str]:
    return set(SCRIPT_NONCE.findall(response.content.decode()))


@pytest.mark.parametrize("page", ["/", "/categories/", "/products/", "product", "category"])
def test_each_visitor_of_a_cached_page_gets_their_own_nonce_and_csrf_token(page):
    product = ProductFactory(category=CategoryFactory())
    url = {"product": product.get_absolute_url(), "category": product.category.get_absolute_url()}.get(page, page)
    first, second = Client().get(url), Client().get(url)
    assert first.status_code == second.status_code == 200
    for response in (first, second):
        html = response.content.decode()
        assert "csrf-token-placeholder" not in html and "csp-nonce-placeholder" not in html
        (nonce,) = _nonces(response)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        assert settings.CSRF_COOKIE_NAME in response.cookies
    assert _nonces(first) != _nonces(second)
    token = re.compile(r'"X-CSRFToken": "([^"]+)"')
    assert token.search(first.content.decode()).group(1) != token.search(second.content.decode()).group(1)


def test_a_signed_in_shopper_gets_their_own_page_and_visitors_never_see_it(make_user):
    product = ProductFactory(title="Bàn phím cơ Keychron K2")
    url = product.get_absolute_url()
    Client().get(url)  # cached for visitors
    shopper = Client()
    user = make_user(full_name="Trần Thị Lan")
    shopper.force_login(user)
    html = shopper.get(url).content.decode()
    assert f"<summary>{user.get_short_name()}</summary>" in html and "/accounts/logout/" in html
    visitor = Client().get(url).content.decode()
    assert "Keychron K2" in visitor and "/accounts/logout/" not in visitor and "/account/login/" in visitor


def test_a_message_waiting_for_a_visitor_is_shown_once_and_never_cached_for_others():
    product = ProductFactory(title="Chuột Logitech MX Master 3S", default_variant__stock=5)
    url = product.get_absolute_url()
    guest = Client()
    assert guest.get(url).status_code == 200  # the page is cached for visitors now
    added = guest.post("/cart/add/", {"variant_id": str(product.variants.get().pk), "quantity": 1, "next": url},
                       follow=True)
    message = 'class="message message-success"'
    assert message in added.content.decode()
    assert message not in guest.get(url).content.decode()
    assert message not in Client().get(url).content.decode()


def test_browsing_as_a_visitor_creates_no_server_side_session():
    product = ProductFactory()
    visitor = Client()
    for url in ("/", product.get_absolute_url(), product.category.get_absolute_url()):
        assert visitor.get(url).status_code == 200
    assert settings.SESSION_COOKIE_NAME not in visitor.cookies
    assert "cho_recent" in visitor.cookies and "cho_visitor" in visitor.cookies


def test_a_missing_product_is_a_404_for_visitors_and_is_not_cached():
    assert Client().get("/p/khong-co/").status_code == 404
    ProductFactory(slug="khong-co")
    assert Client().get("/p/khong-co/").status_code == 200


def test_a_slug_that_moves_to_another_product_shows_that_product_not_the_remembered_page(
        django_capture_on_commit_callbacks):
    """The product page remembers slug -> product per process to be one cache read; a slug given to another
    product (or a product taken down) must never serve the page remembered under the old product."""
    old = ProductFactory(title="Nồi cơm điện Sharp 1.8L", slug="noi-com-dien")
    assert "Nồi cơm điện Sharp" in Client().get("/p/noi-com-dien/").content.decode()  # cached and remembered
    with django_capture_on_commit_callbacks(execute=True):  # the catalogue's cache version moves on commit
        old.slug = "noi-com-dien-sharp"
        old.save()
        index_products_on_commit([old.pk])  # as the admin's product form does
        ProductFactory(title="Nồi cơm điện Toshiba 1L", slug="noi-com-dien")

    html = Client().get("/p/noi-com-dien/").content.decode()
    assert "Toshiba" in html and "Sharp" not in html
    assert "Sharp" in Client().get("/p/noi-com-dien-sharp/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        product_set_status(product=old, status="draft", by=old.shop.owner)
    assert Client().get("/p/noi-com-dien-sharp/").status_code == 404
