"""Benchmark buyers (bench-buyer-NNNN@example.com, cannot sign in: unusable password) with one address each and
JWT access tokens minted directly (the server must share JWT_SIGNING_KEY: benchmarks/run.py sets both)."""
from __future__ import annotations

from rest_framework_simplejwt.tokens import AccessToken


def bench_buyers(count: int):
    from apps.accounts.models import Address, User

    emails = [f"bench-buyer-{i:05d}@example.com" for i in range(count)]
    have = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    User.objects.bulk_create([User(email=e, full_name=f"Bench buyer {e[12:17]}", role="buyer", is_verified=True,
                                   password="!") for e in emails if e not in have], batch_size=1000)
    users = list(User.objects.filter(email__in=emails).order_by("email"))
    with_address = set(Address.objects.filter(user__in=users).values_list("user_id", flat=True))
    Address.objects.bulk_create([
        Address(user=u, recipient_name=u.full_name, phone_number="+84912000999", street_address="1 Lê Lợi",
                ward="Bến Nghé", district="Quận 1", city="TP. Hồ Chí Minh", is_default=True)
        for u in users if u.pk not in with_address], batch_size=1000)
    return users


def buyers_with_tokens(count: int) -> list[dict]:
    from apps.accounts.models import Address

    users = bench_buyers(count)
    addresses = dict(Address.objects.filter(user__in=users, is_default=True).values_list("user_id", "pk"))
    return [{"user_id": str(u.pk), "token": str(AccessToken.for_user(u)), "address_id": str(addresses[u.pk])}
            for u in users]
