"""Whole storefront pages cached for visitors who are not signed in.

A catalogue page looks the same to every visitor who is not signed in (the header's cart and wishlist badges load
by htmx), except for two per-response values: the CSRF token in its forms and the CSP nonce on its scripts. So
the page is rendered once with placeholders in their place, kept under a versioned key (see apps.core.cache),
and each visitor gets the cached HTML with their own token and nonce put in:

    def product_detail(request, slug):
        return page_for_visitors(request, f"product:{product_id}", groups=("catalog", f"product:{product_id}"),
                                 timeout=60, render=lambda extra: render(request, "…", {**context, **extra}))

`render(extra)` must add `extra` to its template context (it names the placeholder token). Signed-in users,
and visitors with a message waiting (the layout shows it once), always get `render({})`.
"""
from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token

from apps.core.cache import (
    CSRF_PLACEHOLDER,
    MISSING,
    digest,
    versioned_get,
    versioned_set,
    with_csrf_token,
)

NONCE_PLACEHOLDER = "csp-nonce-placeholder-8e21"


def is_shared_visitor(request) -> bool:
    """True when this request sees the page every visitor sees."""
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    return not len(messages.get_messages(request))


def page_for_visitors(request, key: str, *, groups: tuple[str, ...], timeout: int,
                      render: Callable[[dict], HttpResponse]) -> HttpResponse:
    if not is_shared_visitor(request):
        return render({})
    page_key = _page_key(request, key)
    html, versions = versioned_get(page_key, groups, language=True)
    if html is not MISSING:
        return HttpResponse(_personalised(html, request))
    real_nonce, request.csp_nonce = request.csp_nonce, NONCE_PLACEHOLDER
    try:
        response = render({"csrf_token": CSRF_PLACEHOLDER})
    finally:
        request.csp_nonce = real_nonce
    if response.streaming:
        return response
    html = response.content.decode(response.charset)
    if response.status_code == 200 and not response.cookies:
        versioned_set(page_key, versions, html, timeout, language=True)
    response.content = _personalised(html, request)
    return response


def cached_page_for_visitor(request, key: str, *, groups: tuple[str, ...]) -> HttpResponse | None:
    """The cached page for this visitor if there is a current one (one cache read), else None: for a view
    that can try the cache before it has looked up everything page_for_visitors needs to render."""
    if not is_shared_visitor(request):
        return None
    html, _versions = versioned_get(_page_key(request, key), groups, language=True)
    return None if html is MISSING else HttpResponse(_personalised(html, request))


def _page_key(request, key: str) -> str:
    return "visitor-page:" + digest(key, request.get_full_path())


def _personalised(html: str, request) -> str:
    return with_csrf_token(html, get_token(request)).replace(NONCE_PLACEHOLDER, str(request.csp_nonce))
