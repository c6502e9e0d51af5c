"""Browser journeys: Playwright driving Debian's chromium against pytest-django's live_server.

Skipped (with the reason) when /usr/bin/chromium or Playwright is missing, so `make test` passes on a bare
machine. One browser per session; each test gets a fresh context (cookies) and page.
"""
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parent.parent / "docs" / "screenshots"
AXE = HERE / "vendor" / "axe.min.js"

try:
    import playwright  # noqa: F401
    import pytest_playwright  # noqa: F401

    PLAYWRIGHT = True
except ImportError:  # pragma: no cover - bare machine
    PLAYWRIGHT = False


def _skip_reason():
    if not PLAYWRIGHT:
        return "Playwright is not installed (pip install -r requirements/local.txt)"
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _skip_reason()
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


if PLAYWRIGHT:

    @pytest.fixture(scope="session")
    def browser_type_launch_args(browser_type_launch_args):
        return {**browser_type_launch_args, "executable_path": CHROMIUM,
                "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                         "--disable-dev-shm-usage"]}

    @pytest.fixture(scope="session")
    def browser_context_args(browser_context_args):
        # bypass_csp: axe-core is injected as an inline script, which our CSP (rightly) refuses.
        return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "bypass_csp": True,
                "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in this thread, so Django would refuse ORM calls from the test.
    Set for the browser tests only: at import time it would leak into the other tests of the worker (and
    `check --deploy` rightly refuses it)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def shot(page):
    """shot("guest", "home") → docs/screenshots/guest-home.png; shot(..., mobile=True) at 390 px wide."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shot(journey, step, *, mobile=False, full_page=True):
        size = page.viewport_size
        if mobile:
            page.set_viewport_size({"width": 390, "height": 844})
            step = f"{step}-mobile"
        page.wait_for_load_state("networkidle")
        page.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
        path = SCREENSHOTS / f"{journey}-{step}.png"
        page.screenshot(path=str(path), full_page=full_page)
        if mobile:
            page.set_viewport_size(size)
        return path

    return _shot


@pytest.fixture
def axe(page):
    """axe(name) runs axe-core on the current page; fails on serious or critical violations."""

    def _check(name):
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE))
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact)).map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }""")
        assert result == [], f"axe on {name}: " + "\n".join(
            f"[{v['impact']}] {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in result)

    return _check


@pytest.fixture
def login(page, live_server, client):
    """login(user): the browser is signed in as user (session cookie from Django's test client)."""

    def _login(user):
        client.force_login(user)
        from django.conf import settings

        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])

    return _login


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A live_server test flushes the database when it ends. Put back what the migrations made (categories,
    staff groups, content types, permissions) so the tests that run next in this worker find it."""
    yield
    if "tests/e2e/" not in str(item.fspath).replace(os.sep, "/"):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None)
    if not contents:
        return
    with item.config.stash[blocking_manager_key].unblock():
        from django.contrib.contenttypes.models import ContentType

        if not ContentType.objects.exists():  # flushed: restore
            connection.creation.deserialize_db_from_string(contents)
