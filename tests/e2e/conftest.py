"""Browser journeys: Playwright driving Debian's chromium against pytest-django's live_server.

Skipped (with the reason) when /usr/bin/chromium or Playwright is missing, so `make test` passes on a bare
machine. One browser for the journeys; each test gets a fresh context (cookies) and page.
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


LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser():
    """One chromium for the journeys, started and stopped around them (not for the whole session).

    Playwright's sync API keeps an event loop running in this thread while it is started, and Django refuses
    ORM calls beside a running loop; so DJANGO_ALLOW_ASYNC_UNSAFE is set exactly as long as Playwright runs.
    Left set for the session it would reach the other tests of the xdist worker (`check --deploy` refuses it)."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright()
    pw = manager.start()
    chromium = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
    yield chromium
    chromium.close()
    pw.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    # bypass_csp: axe-core is injected as an inline script, which our CSP (rightly) refuses.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


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
