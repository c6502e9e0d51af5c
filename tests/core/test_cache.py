"""Versioned caching (apps/core/cache.py): what a reader gets before and after a write bumps a group."""
from django.utils import translation

from apps.core.cache import cache_version_bump, cache_version_bump_on_commit, cached


def _counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)
    return compute


def test_a_value_is_computed_once_and_again_after_any_of_its_groups_is_bumped():
    compute = _counter()
    assert [cached("k", ("shop", "product:1"), 60, compute) for _ in range(3)] == [1, 1, 1]
    cache_version_bump("product:1")
    assert cached("k", ("shop", "product:1"), 60, compute) == 2
    cache_version_bump("other")
    assert cached("k", ("shop", "product:1"), 60, compute) == 2
    cache_version_bump("shop")
    assert cached("k", ("shop", "product:1"), 60, compute) == 3


def test_a_bump_inside_a_transaction_counts_only_once_it_commits(db, django_capture_on_commit_callbacks):
    compute = _counter()
    cached("k", "shop", 60, compute)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cache_version_bump_on_commit("shop")
        assert cached("k", "shop", 60, compute) == 1  # the old rows are still what others see
    for callback in callbacks:
        callback()
    assert cached("k", "shop", 60, compute) == 2


def test_translated_values_are_kept_per_language():
    with translation.override("vi"):
        assert cached("title", "shop", 60, lambda: "Điện thoại", language=True) == "Điện thoại"
    with translation.override("en"):
        assert cached("title", "shop", 60, lambda: "Phones", language=True) == "Phones"
    with translation.override("vi"):
        assert cached("title", "shop", 60, lambda: "changed", language=True) == "Điện thoại"
