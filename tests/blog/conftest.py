import pytest


@pytest.fixture
def author(make_user):
    return make_user(is_staff=True, full_name="Trần Biên Tập")


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """View counting keeps "seen" keys in the cache between requests. On Redis the shared test conftest's
    cache.clear() is a FLUSHDB that other processes running tests at the same time also issue, which would
    wipe those keys mid-test; a process-local cache keeps these tests deterministic."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "blog-tests"}}
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
