"""Races, on PostgreSQL with real threads: each thread has its own connection and transaction."""
import threading

import pytest
from django.db import connection

from apps.accounts.models import Address
from apps.accounts.services import address_create, token_refresh, tokens_issue
from apps.core.errors import DomainError
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ADDRESS = {"recipient_name": "An", "phone_number": "0912345678", "street_address": "1 Lê Lợi", "ward": "Bến Nghé",
           "district": "Quận 1", "city": "Hồ Chí Minh"}


def run_together(target, n):
    barrier = threading.Barrier(n)
    results = []

    def worker(i):
        try:
            barrier.wait()
            results.append(("ok", target(i)))
        except DomainError as exc:
            results.append(("error", exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_first_addresses_make_exactly_one_default():
    user = UserFactory()
    results = run_together(lambda i: address_create(user=user, **{**ADDRESS, "street_address": f"{i} Lê Lợi"}), 5)
    assert [r for r, _ in results] == ["ok"] * 5
    assert Address.objects.filter(user=user).count() == 5
    assert Address.objects.filter(user=user, is_default=True).count() == 1


def test_concurrent_default_requests_leave_one_default():
    user = UserFactory()
    address_create(user=user, **ADDRESS)
    run_together(lambda i: address_create(user=user, is_default=True, **{**ADDRESS, "street_address": str(i)}), 4)
    assert Address.objects.filter(user=user, is_default=True).count() == 1


def test_a_refresh_token_used_twice_at_once_rotates_only_once():
    user = UserFactory()
    refresh = tokens_issue(user=user)["refresh_token"]
    results = run_together(lambda i: token_refresh(refresh_token=refresh), 4)
    assert sorted(r for r, _ in results) == ["error", "error", "error", "ok"]
