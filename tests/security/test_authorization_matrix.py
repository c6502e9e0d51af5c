"""The authorisation matrix: every API endpoint × method × role answers the status written in MATRIX.

Endpoints come from the URL resolver (everything under api/v1/), so an endpoint added without an entry
here fails `test_every_endpoint_has_an_entry`. Each role's request runs against the same realistic data
(tests/security/conftest.py: `world`) inside a savepoint that is rolled back afterwards, so roles never
see each other's writes and write bodies are valid: a 2xx against a 4xx is about permission.

Roles, in the order of every expectation string:
    anonymous  buyer  buyer2 (another buyer)  seller  seller2 (another seller)  staff
The buyer owns the order, address, cart lines, notification, review...; the seller owns the shop whose
products, variants, vouchers and orders they are; staff is a superuser (is_staff) without a shop.
"""
from __future__ import annotations

import os
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import responses
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import clear_cache
from tests.security.conftest import ROLES, jpeg_bytes

API_PREFIX = "api/v1/"
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Case:
    expect: str  # six statuses in ROLES order
    params: Callable[[Any], dict] | None = None  # world -> URL kwargs
    body: Callable[[Any], Any] | None = None  # world -> request body
    query: dict = field(default_factory=dict)
    multipart: bool = False

    def statuses(self) -> dict[str, int]:
        codes = [int(code) for code in self.expect.split()]
        assert len(codes) == len(ROLES), f"expectation {self.expect!r} needs {len(ROLES)} statuses"
        return dict(zip(ROLES, codes, strict=True))


def public(ok=200, **kw) -> Case:
    return Case(f"{ok} {ok} {ok} {ok} {ok} {ok}", **kw)


def signed_in(ok=200, **kw) -> Case:
    """Any signed-in user, on their own data."""
    return Case(f"401 {ok} {ok} {ok} {ok} {ok}", **kw)


def buyer_owns(ok=200, **kw) -> Case:
    """An object of the buyer: everyone else gets 404 (it is not theirs)."""
    return Case(f"401 {ok} 404 404 404 404", **kw)


def any_seller(ok=200, **kw) -> Case:
    """A seller on their own shop; buyers and staff (no shop) are refused."""
    return Case(f"401 403 403 {ok} {ok} 403", **kw)


def seller_owns(ok=200, **kw) -> Case:
    """An object of the seller's shop: another seller gets 404, non-sellers 403."""
    return Case(f"401 403 403 {ok} 404 403", **kw)


def staff_only(ok=200, **kw) -> Case:
    return Case(f"401 403 403 403 403 {ok}", **kw)


def pk(attr: str) -> Callable[[Any], dict]:
    return lambda w: {"pk": getattr(w, attr).pk}


PASSWORD = "Secret123pass"
ADDRESS = {"recipient_name": "Trần Thị Bình", "phone_number": "0912345679", "street_address": "5 Hàng Bài",
           "ward": "Phường Hàng Bài", "district": "Quận Hoàn Kiếm", "city": "Hà Nội"}


def variant_body(sku: str) -> dict:
    return {"name": "Đỏ", "sku": sku, "price": "120000", "stock": 5}


def product_body(w) -> dict:
    return {"title": "Áo thun", "description": "<p>Cotton</p>", "category_id": w.category.pk, "condition": "new",
            "variants": [variant_body("MATRIX-NEW-1")]}


def voucher_body(code: str) -> dict:
    return {"code": code, "title": "Giảm 10%", "type": "percentage", "value": "10", "usage_limit": 10,
            "per_user_limit": 1}


def refresh_body(w) -> dict:
    from rest_framework_simplejwt.tokens import RefreshToken

    return {"refresh_token": str(RefreshToken.for_user(w.buyer))}


def csv_upload(w):
    content = ("handle,title,category,brand,condition,description,sku,variant_name,attributes,price,"
               "compare_at_price,stock,status\n"
               f"ao-moi,Áo mới,{w.category.slug},,new,Mô tả,CSV-SKU-1,Mặc định,,99000,,3,active\n")
    return {"file": SimpleUploadedFile("products.csv", content.encode(), content_type="text/csv")}


def image_upload(_w):
    return {"file": SimpleUploadedFile("photo.jpg", jpeg_bytes(), content_type="image/jpeg")}


# 401 = not signed in, 403 = signed in but not allowed, 404 = not yours (or no such object for you),
# 4xx on the owner's row = a business answer after the permission check passed (stated beside it).
MATRIX: dict[str, Case] = {
    # --- auth: public, no authentication at all (the caller's identity never matters) ---------------------
    "POST auth/register": public(201, body=lambda w: {"phone_number": "0987654321", "password": "matkhau2026X",
                                                     "full_name": "Lê Văn Cường"}),
    "POST auth/resend-otp": public(202, body=lambda w: {"phone_number": str(w.buyer.phone_number)}),
    "POST auth/verify-otp": public(400, body=lambda w: {"phone_number": str(w.buyer.phone_number), "otp": "000000"}),
    "POST auth/login": public(200, body=lambda w: {"email": "buyer@example.com", "password": PASSWORD}),
    "POST auth/refresh": public(200, body=refresh_body),
    "POST auth/logout": public(204, body=refresh_body),
    "POST auth/forgot-password": public(202, body=lambda w: {"email": "buyer@example.com"}),
    "POST auth/reset-password": public(400, body=lambda w: {"email": "buyer@example.com", "otp": "000000",
                                                           "new_password": "matkhau2027X"}),
    # The provider is unreachable in tests (no network): 503 for everyone, whoever calls.
    "POST auth/social/google": public(503, body=lambda w: {"access_token": "not-a-token"}),
    "POST auth/social/github": public(503, body=lambda w: {"access_token": "not-a-token"}),
    # --- profile and addresses: own data only ------------------------------------------------------------
    "GET users/profile": signed_in(),
    "PATCH users/profile": signed_in(body=lambda w: {"full_name": "Tên Mới"}),
    "DELETE users/profile": signed_in(204, body=lambda w: {"password": PASSWORD}),
    "POST users/profile/avatar": signed_in(body=image_upload, multipart=True),
    "GET users/profile/addresses": signed_in(),
    "POST users/profile/addresses": signed_in(201, body=lambda w: ADDRESS),
    "GET users/profile/addresses/<uuid:pk>": buyer_owns(params=pk("address_other")),
    "PUT users/profile/addresses/<uuid:pk>": buyer_owns(params=pk("address_other"), body=lambda w: ADDRESS),
    "PATCH users/profile/addresses/<uuid:pk>": buyer_owns(params=pk("address_other"),
                                                          body=lambda w: {"city": "Đà Nẵng"}),
    "DELETE users/profile/addresses/<uuid:pk>": buyer_owns(204, params=pk("address_other")),
    "POST users/profile/addresses/<uuid:pk>/set-default": buyer_owns(params=pk("address_other")),
    # Guests get their (session's) list, empty through the API; nobody sees another person's.
    "GET users/me/recently-viewed": public(),
    # --- shops ---------------------------------------------------------------------------------------------
    "GET shops": public(),
    "GET shops/<uuid:pk>": public(params=pk("shop")),
    "POST shops/<uuid:pk>/follow": signed_in(params=pk("shop")),
    "DELETE shops/<uuid:pk>/follow": signed_in(params=pk("shop")),
    # Anyone signed in may open a shop; a seller already has one (409).
    "POST seller/shops": Case("401 201 201 409 409 201", body=lambda w: {
        "name": "Cửa hàng mới", "description": "Mới", "address": "1 Lê Lợi", "city": "Huế",
        "phone_number": "0912345670", "email": "new-shop@example.com"}),
    # "You have no shop yet" (404) for anyone without one.
    "GET seller/shops/me": Case("401 404 404 200 200 404"),
    "PATCH seller/shops/me": Case("401 404 404 200 200 404", body=lambda w: {"description": "Cập nhật"}),
    # --- catalogue (public reads) ---------------------------------------------------------------------------
    "GET categories": public(),
    "GET categories/tree": public(),
    "GET categories/<int:pk>": public(params=pk("category")),
    "GET brands": public(),
    "GET products": public(),
    "GET products/<uuid:pk>": public(params=pk("product")),
    "GET products/<uuid:pk>/variants": public(params=pk("product")),
    "GET products/<uuid:pk>/related": public(params=pk("product")),
    "GET products/<uuid:pk>/reviews": public(params=pk("product")),
    "GET variants/<uuid:pk>/availability": public(params=pk("variant")),
    "GET products/trending": public(),
    "GET recommendations": signed_in(),
    # --- seller centre: catalogue ---------------------------------------------------------------------------
    "GET seller/products": any_seller(),
    "POST seller/products": any_seller(201, body=product_body),
    "POST seller/products/import": any_seller(201, body=csv_upload, multipart=True),
    "GET seller/products/import/template": any_seller(),
    "GET seller/products/imports/<uuid:pk>": seller_owns(params=pk("product_import")),
    "GET seller/products/<uuid:pk>": seller_owns(params=pk("product")),
    "PUT seller/products/<uuid:pk>": seller_owns(params=pk("product"), body=lambda w: {
        **{k: v for k, v in product_body(w).items() if k != "variants"}}),
    "PATCH seller/products/<uuid:pk>": seller_owns(params=pk("product"), body=lambda w: {"title": "Tên mới"}),
    "DELETE seller/products/<uuid:pk>": seller_owns(204, params=pk("product")),
    "POST seller/products/<uuid:pk>/variants": seller_owns(201, params=pk("product"),
                                                           body=lambda w: variant_body("MATRIX-VAR-2")),
    "POST seller/products/<uuid:pk>/images": seller_owns(201, params=pk("product"), body=image_upload,
                                                         multipart=True),
    "POST seller/products/<uuid:pk>/images/reorder": seller_owns(params=pk("product"),
                                                                 body=lambda w: {"image_ids": [str(w.image.pk)]}),
    "PATCH seller/images/<uuid:pk>": seller_owns(params=pk("image"), body=lambda w: {"alt": "Ảnh"}),
    "DELETE seller/images/<uuid:pk>": seller_owns(204, params=pk("image")),
    "GET seller/variants/<uuid:pk>": seller_owns(params=pk("variant")),
    "PUT seller/variants/<uuid:pk>": seller_owns(params=pk("variant"),
                                                 body=lambda w: variant_body(w.variant.sku)),
    "PATCH seller/variants/<uuid:pk>": seller_owns(params=pk("variant"), body=lambda w: {"price": "110000"}),
    "DELETE seller/variants/<uuid:pk>": seller_owns(204, params=pk("variant2")),
    "POST seller/variants/<uuid:pk>/stock": seller_owns(params=pk("variant"),
                                                        body=lambda w: {"delta": 5, "reason": "restock"}),
    "GET seller/variants/<uuid:pk>/movements": seller_owns(params=pk("variant")),
    "GET seller/inventory/low-stock": any_seller(),
    "GET seller/stats": Case("401 404 404 200 200 404"),  # "you have no shop yet" for non-sellers
    # --- search ------------------------------------------------------------------------------------------------
    "GET search": public(query={"q": "sản phẩm"}),
    "GET search/autocomplete": public(query={"q": "sản"}),
    "GET search/popular": public(),
    "GET search/history": signed_in(),
    "DELETE search/history": signed_in(204),
    # Click logging is anonymous-friendly (guests search too) and write-only: 204, nothing is returned.
    "POST search/clicks": public(204, body=lambda w: {
        "search_id": str(w.search_log.pk), "product_id": str(w.product.pk), "position": 1}),
    # --- cart and wishlist (own cart only) -----------------------------------------------------------------
    "GET cart": signed_in(),
    "DELETE cart": signed_in(204),
    "POST cart/items": signed_in(201, body=lambda w: {"variant_id": str(w.product2.variants.get().pk),
                                                      "quantity": 1}),
    "PATCH cart/items/<uuid:pk>": buyer_owns(params=pk("cart_item"), body=lambda w: {"quantity": 2}),
    "DELETE cart/items/<uuid:pk>": buyer_owns(204, params=pk("cart_item")),
    "POST cart/items/<uuid:pk>/save-for-later": buyer_owns(params=pk("cart_item")),
    "POST cart/sync": signed_in(body=lambda w: {"items": [{"variant_id": str(w.variant.pk), "quantity": 1}]}),
    # The shop voucher applies to the buyer's cart (it holds that shop's goods); others' carts are empty (422).
    "POST cart/vouchers": Case("401 200 422 422 422 422", body=lambda w: {"code": "SHOP10"}),
    # The code is on the buyer's cart; on anyone else's it is not there (404).
    "DELETE cart/vouchers/<str:code>": Case("401 204 404 404 404 404", params=lambda w: {"code": "SHOP10"}),
    "GET cart/saved": signed_in(),
    "POST cart/saved/<uuid:pk>/move-to-cart": buyer_owns(params=pk("saved_item")),
    "GET wishlist": signed_in(),
    "POST wishlist": signed_in(201, body=lambda w: {"product_id": str(w.product_b.pk)}),
    "GET wishlist/count": signed_in(),
    "DELETE wishlist/<uuid:product_id>": buyer_owns(204, params=lambda w: {"product_id": w.product.pk}),
    "POST wishlist/<uuid:product_id>/move-to-cart": buyer_owns(params=lambda w: {"product_id": w.product.pk},
                                                               body=lambda w: {"variant_id": str(w.variant.pk)}),
    # --- vouchers ------------------------------------------------------------------------------------------------
    "POST vouchers/validate": public(body=lambda w: {"code": "SHOP10", "shop_id": str(w.shop.pk),
                                                     "subtotal": "200000"}),
    "GET vouchers/available": public(query={}),
    "GET seller/vouchers": any_seller(),
    "POST seller/vouchers": any_seller(201, body=lambda w: voucher_body("NEWCODE1")),
    "GET seller/vouchers/<uuid:pk>": seller_owns(params=pk("voucher")),
    "PUT seller/vouchers/<uuid:pk>": seller_owns(params=pk("voucher"), body=lambda w: voucher_body("SHOP10")),
    "PATCH seller/vouchers/<uuid:pk>": seller_owns(params=pk("voucher"), body=lambda w: {"title": "Mới"}),
    # --- checkout and orders --------------------------------------------------------------------------------------
    # The summary prices the caller's own cart (the address is not read): nothing of the buyer's leaks.
    "POST checkout/summary": signed_in(body=lambda w: {
        "address_id": str(w.address.pk), "shipping_method": "standard", "payment_method": "cod"}),
    # Someone else's address id is refused as "choose one of your addresses" (400); it never leaks.
    "POST orders": Case("401 201 400 400 400 400", body=lambda w: {
        "address_id": str(w.address.pk), "payment_method": "cod", "shipping_method": "standard"}),
    "GET orders": signed_in(),
    "GET orders/<uuid:pk>": buyer_owns(params=pk("order")),
    "POST orders/<uuid:pk>/cancel": buyer_owns(params=pk("order"), body=lambda w: {"reason": "Đổi ý"}),
    # The invoice is for the buyer, the shop's seller (packing) and staff; another seller gets 404.
    "GET orders/<uuid:pk>/invoice": Case("401 200 404 200 404 200", params=pk("order")),
    "GET orders/<uuid:pk>/tracking": buyer_owns(params=pk("order")),
    "GET seller/orders": any_seller(),
    "POST seller/orders/bulk-confirm": Case("401 403 403 200 200 403",
                                            body=lambda w: {"order_ids": [str(w.order.pk)]}),
    "GET seller/orders/<uuid:pk>": seller_owns(params=pk("order")),
    "PATCH seller/orders/<uuid:pk>/status": seller_owns(params=pk("order"), body=lambda w: {"status": "confirmed"}),
    # --- payments ---------------------------------------------------------------------------------------------------
    "GET payments": signed_in(),
    "GET payments/methods": public(),
    # Stripe is not configured in tests: the buyer is told the method is unavailable (400); nobody else sees the order.
    "POST payments/orders/<uuid:order_id>/intent": Case("401 400 404 404 404 404",
                                                        params=lambda w: {"order_id": w.order.pk},
                                                        body=lambda w: {"provider": "stripe"}),
    # Staff or the shop's seller confirm a bank transfer; the buyer may not confirm their own (403).
    "POST payments/orders/<uuid:order_id>/mark-received": Case("401 403 404 200 404 200",
                                                               params=lambda w: {"order_id": w.order_bank.pk},
                                                               body=lambda w: {"note": "VCB 123"}),
    "POST payments/paypal/capture": signed_in(404, body=lambda w: {"paypal_order_id": "5O190127TN364715T"}),
    # Webhooks authenticate by signature, not by user: an unsigned body is 400 for everyone.
    "POST payments/webhooks/stripe": public(400, body=lambda w: {"id": "evt_1"}),
    "POST payments/webhooks/paypal": public(400, body=lambda w: {"id": "WH-1"}),
    "POST payments/webhooks/momo": public(400, body=lambda w: {"orderId": "x"}),
    "GET payments/saved-methods": signed_in(),
    "DELETE payments/saved-methods/<uuid:pk>": buyer_owns(204, params=pk("saved_method")),
    # Refunds: staff or the shop's seller; the buyer 403 (Stripe's API is faked at the HTTP edge).
    "POST payments/<uuid:pk>/refund": Case("401 403 404 201 404 201", params=pk("payment"),
                                           body=lambda w: {"reason": "Thiếu hàng"}),
    # --- reviews ----------------------------------------------------------------------------------------------------
    # Only the buyer of the delivered order may review; for anyone else the order is not theirs (404).
    "POST reviews": Case("401 201 404 404 404 404", body=lambda w: {
        "product_id": str(w.product_b.pk), "order_id": str(w.order_delivered.pk), "rating": 5,
        "content": "Rất tốt"}),
    "GET reviews/<uuid:pk>": public(params=pk("review")),
    "PATCH reviews/<uuid:pk>": Case("401 200 404 404 404 404", params=pk("review"),
                                    body=lambda w: {"content": "Đã sửa"}),
    # The author may delete their review, staff may remove any; others 404.
    "DELETE reviews/<uuid:pk>": Case("401 204 404 404 404 204", params=pk("review")),
    # Voting on one's own review is refused (403); anyone else signed in may vote.
    "POST reviews/<uuid:pk>/vote": Case("401 403 200 200 200 200", params=pk("review"),
                                        body=lambda w: {"helpful": True}),
    "GET seller/reviews": any_seller(),
    "POST seller/reviews/<uuid:pk>/reply": seller_owns(params=pk("review"), body=lambda w: {"content": "Cảm ơn"}),
    "POST seller/reviews/<uuid:pk>/report": seller_owns(params=pk("review"), body=lambda w: {"reason": "Spam"}),
    # --- notifications ------------------------------------------------------------------------------------------------
    "GET notifications": signed_in(),
    "GET notifications/unread-count": signed_in(),
    "POST notifications/mark-all-read": signed_in(),
    "GET notifications/preferences": signed_in(),
    "PUT notifications/preferences": signed_in(body=lambda w: {"language": "vi"}),
    "PATCH notifications/<uuid:pk>/read": buyer_owns(params=pk("notification")),
    # --- blog: public reads, staff writes --------------------------------------------------------------------------------
    "GET blog/posts": public(),
    "POST blog/posts": staff_only(201, body=lambda w: {"title": "Bài mới", "body": "Nội dung", "status": "draft"}),
    "GET blog/posts/featured": public(),
    "GET blog/posts/<slug:slug>": public(params=lambda w: {"slug": w.post.slug}),
    "PUT blog/posts/<slug:slug>": staff_only(params=lambda w: {"slug": w.post.slug},
                                             body=lambda w: {"title": "Sửa", "body": "Nội dung"}),
    "PATCH blog/posts/<slug:slug>": staff_only(params=lambda w: {"slug": w.post.slug},
                                               body=lambda w: {"title": "Sửa"}),
    "DELETE blog/posts/<slug:slug>": staff_only(204, params=lambda w: {"slug": w.post.slug}),
    "GET blog/categories": public(),
    "GET blog/tags": public(),
    # --- staff back office API ----------------------------------------------------------------------------------------------
    "GET admin/dashboard": staff_only(),
    "GET admin/reports/<slug:name>": staff_only(params=lambda w: {"name": "sales"}),
    "GET admin/reports/<slug:name>/export": staff_only(params=lambda w: {"name": "sales"}, query={"format": "csv"}),
    "GET admin/users": staff_only(),
    "PATCH admin/users/<uuid:pk>/suspend": staff_only(params=pk("victim"), body=lambda w: {"reason": "Gian lận"}),
    # Unsuspending a user who is not suspended is a state conflict, after the permission check.
    "PATCH admin/users/<uuid:pk>/unsuspend": staff_only(params=pk("victim"), body=lambda w: {"reason": "OK"}),
    "GET admin/shops": staff_only(),
    "PATCH admin/shops/<uuid:pk>/status": staff_only(params=pk("shop2"), body=lambda w: {
        "status": "suspended", "reason": "Hàng giả"}),
    "GET admin/products": staff_only(),
    "PATCH admin/products/<uuid:pk>/status": staff_only(params=pk("product2"), body=lambda w: {
        "status": "hidden", "reason": "Sai danh mục"}),
    "POST admin/categories": staff_only(201, body=lambda w: {"name": "Danh mục mới"}),
    "PUT admin/categories/<int:pk>": staff_only(params=pk("leaf_category"), body=lambda w: {"name": "Đổi tên"}),
    "DELETE admin/categories/<int:pk>": staff_only(204, params=pk("leaf_category")),
    "GET admin/audit-log": staff_only(),
    # --- integrations: staff manage keys; whoami answers API keys only -------------------------------------------------------
    "GET integrations/keys": staff_only(),
    "POST integrations/keys": staff_only(201, body=lambda w: {"name": "Feed", "scopes": ["catalog:read"]}),
    "GET integrations/keys/<uuid:pk>": staff_only(params=pk("api_key")),
    "POST integrations/keys/<uuid:pk>/revoke": staff_only(params=pk("api_key")),
    "POST integrations/keys/<uuid:pk>/rotate": staff_only(201, params=pk("api_key")),
    "GET integrations/whoami": Case("401 403 403 403 403 403"),
}


# --- discovering the endpoints --------------------------------------------------------------------------------------


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def api_endpoints() -> dict[str, tuple[str, str, type]]:
    """{"METHOD route": (method, route, view class)} for every API view, route relative to /api/v1/."""
    found = {}
    for route, pattern in _walk(get_resolver().url_patterns):
        if not route.startswith(API_PREFIX):
            continue
        view = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
        relative = route[len(API_PREFIX):]
        methods = [m for m in HTTP_METHODS if view is not None and hasattr(view, m)]
        if view is None:
            methods = ["get"]
        for method in methods:
            found[f"{method.upper()} {relative}"] = (method, relative, view)
    return found


def _app_of(view) -> str:
    module = getattr(view, "__module__", "") or ""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "apps" else module


def _groups() -> dict[str, list[str]]:
    groups = defaultdict(list)
    for key, (_method, _route, view) in sorted(api_endpoints().items()):
        if key in MATRIX:
            groups[_app_of(view)].append(key)
    return dict(groups)


def _url(route: str, params: dict) -> str:
    def replace(match):
        name = match.group(2)
        assert name in params, f"{route}: no value for <{name}> (add params=... to its MATRIX entry)"
        return str(params[name])

    return "/" + API_PREFIX + re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)


def fake_stripe(fake: responses.RequestsMock) -> None:
    """Stripe's answers for the two calls the matrix makes (refund, detach a saved card)."""
    fake.add(responses.POST, re.compile(r"https://api\.stripe\.com/v1/refunds"),
             json={"id": "re_matrix", "object": "refund", "status": "succeeded", "amount": 1, "currency": "vnd"})
    fake.add(responses.POST, re.compile(r"https://api\.stripe\.com/v1/payment_methods/.+/detach"),
             json={"id": "pm_matrix", "object": "payment_method", "customer": None})


# --- the tests -------------------------------------------------------------------------------------------------------


def test_every_endpoint_has_an_entry():
    endpoints = api_endpoints()
    missing = sorted(set(endpoints) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(endpoints))
    message = []
    if missing:
        message.append("These API endpoints have no entry in tests/security/test_authorization_matrix.py MATRIX. "
                       "Add one per method with the status each role must get (anonymous buyer buyer2 seller "
                       "seller2 staff), and a valid body and real ids for object endpoints:\n  "
                       + "\n  ".join(missing))
    if stale:
        message.append("These MATRIX entries match no endpoint any more (renamed or removed? update them):\n  "
                       + "\n  ".join(stale))
    assert not message, "\n\n".join(message)


def test_expectations_are_well_formed():
    for key, case in MATRIX.items():
        statuses = case.statuses()
        assert all(100 <= code < 600 for code in statuses.values()), key
        assert statuses["anonymous"] != 500, key


@pytest.mark.parametrize("app", sorted(_groups()))
def test_authorization_matrix(app, world, role_clients):
    """Each endpoint of this app, each method, each role: the status in MATRIX, never a 5xx other than
    the ones stated (a provider unreachable in tests)."""
    from apps.integrations.services import api_key_issue

    world.api_key, _token = api_key_issue(name="ERP", scopes=["orders:read"], shop=world.shop, by=world.staff)
    endpoints = api_endpoints()
    mismatches = []
    timings = []
    with responses.RequestsMock(assert_all_requests_are_fired=False) as fake:  # the network is never touched
        fake_stripe(fake)
        for key in _groups()[app]:
            method, route, _view = endpoints[key]
            case = MATRIX[key]
            url = _url(route, case.params(world) if case.params else {})
            for role, expected in case.statuses().items():
                client = role_clients[role]
                body = case.body(world) if case.body else None
                kwargs = {"format": "multipart"} if case.multipart else ({"format": "json"} if body is not None else {})
                if method == "get":
                    kwargs = {}
                    body = case.query or None
                started = time.perf_counter()
                with transaction.atomic():
                    response = getattr(client, method)(url, body, **kwargs)
                    transaction.set_rollback(True)
                timings.append((time.perf_counter() - started, key, role))
                clear_cache()  # throttles are tested on their own (test_rate_limits.py)
                if response.status_code != expected:
                    detail = ""
                    if response.get("Content-Type", "").startswith("application/json"):
                        detail = str(response.json())[:160]
                    mismatches.append(f"{key:55} {role:9} expected {expected}, got {response.status_code} {detail}")
    if os.environ.get("MATRIX_TIMINGS"):
        for t in sorted(timings, reverse=True)[:8]:
            print(f"{t[0]:.3f}s {t[1]} {t[2]}")
    assert not mismatches, "Authorisation matrix mismatches:\n" + "\n".join(mismatches)
