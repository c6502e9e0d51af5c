"""Fixtures shared by every app's tests. App-specific fixtures live in tests/<app>/conftest.py;
factories in tests/factories/<app>.py."""
import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient


def clear_cache():
    """Empty this test process's cache. On Redis only our key prefix is deleted: clear() would FLUSHDB and
    wipe the keys of the other xdist workers sharing the database."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language: a request through LocaleMiddleware leaves its
    language active in the thread, and a later test's messages would otherwise depend on test order."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def password():
    return "Secret123pass"


@pytest.fixture
def make_user(db, password):
    """make_user(email=..., phone_number=..., **fields) → a verified buyer with `password`."""
    from apps.accounts.models import User

    counter = {"n": 0}

    def _make(**fields):
        counter["n"] += 1
        n = counter["n"]
        fields.setdefault("email", f"user{n}-{User.objects.count()}@example.com")
        fields.setdefault("full_name", f"Người dùng {n}")
        fields.setdefault("is_verified", True)
        return User.objects.create_user(password=password, **fields)

    return _make


@pytest.fixture
def user(make_user):
    return make_user()


@pytest.fixture
def staff_user(make_user):
    return make_user(is_staff=True, is_superuser=True, role="admin")


@pytest.fixture
def auth_client(user):
    """An APIClient authenticated as `user` with a real JWT."""
    from rest_framework_simplejwt.tokens import RefreshToken

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    client.user = user
    return client


@pytest.fixture
def client_for():
    """client_for(user) → an APIClient with a JWT for that user."""
    from rest_framework_simplejwt.tokens import RefreshToken

    def _client(u):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(u).access_token}")
        client.user = u
        return client

    return _client


@pytest.fixture
def free_port():
    """free_port() → a localhost TCP port nothing listens on (for a real server to start on, or to refuse)."""
    import socket

    def _port() -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    return _port


def is_postgres() -> bool:
    return connection.vendor == "postgresql"




def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` skip themselves on SQLite, with the reason.

    Tests that really commit (transaction=True, live_server) end by emptying the database, which would take
    away what the migrations put there (staff groups, permissions, content types, categories) from the tests
    that run after them in the same worker. They are made to use a serialised rollback, so the test database
    is serialised once after migrating, and `pytest_runtest_teardown` below puts it back after each of them."""
    from django.conf import settings

    for item in items:
        if _is_transactional(item):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False)
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL); the CI's second run has it")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Restore what the migrations made after a committing test emptied the database (see above)."""
    yield
    # After the worker's last test the test database is already gone (session fixtures end with it).
    if nextitem is None or not _is_transactional(item) or item.get_closest_marker("skip"):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None)
    if not contents:
        return
    with item.config.stash[blocking_manager_key].unblock():
        from django.contrib.contenttypes.models import ContentType
        from django.core.management import call_command

        # Sequences are left where they are (as TransactionTestCase does): the restored rows keep their ids.
        call_command("flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0)
        connection.creation.deserialize_db_from_string(contents)
        ContentType.objects.clear_cache()
