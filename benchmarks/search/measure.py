"""Latency of search and autocomplete through the API (Django's test client, in process: no network, the
full middleware, DRF, serialisation and database round trips), p50/p95/p99 per kind of query.

    export DATABASE_URL=postgres://cho:cho@127.0.0.1:5432/cho_bench DJANGO_DEBUG=false THROTTLE_ANON=1000000/min
    .venv/bin/python benchmarks/search/measure.py --rounds 30 [--markdown]

"uncached": the result cache is off (DummyCache) so every request runs the queries; "cached": the
normal versioned result cache (local memory here, Redis in production) after a first request.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("THROTTLE_ANON", "1000000/min")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

SEARCHES = {
    "plain": ["dien thoai samsung", "laptop dell", "tai nghe bluetooth", "noi chien khong dau philips",
              "balo", "smartwatch garmin"],
    "diacritics": ["điện thoại samsung", "nồi cơm điện", "bàn phím cơ", "máy lọc không khí"],
    "typo": ["iphnoe", "samsnug galaxy", "lapotp asus", "tai nghe sonny"],
    "phrase/exclusion": ['"tai nghe" -bluetooth', "laptop -gaming", "samsung OR xiaomi"],
    "facets": [],  # filled in: a query with brand + price + condition filters
}
AUTOCOMPLETE = ["dien th", "sams", "iph", "tai n", "noi c", "lapt", "ban phi", "giay", "loa b", "sac du"]


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return qs[49], qs[94], qs[98]


def timed(client: Client, path: str, params: dict) -> float:
    start = time.perf_counter()
    response = client.get(path, params)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} {params} -> {response.status_code}: {response.content[:300]!r}")
    return elapsed


def run(rounds: int) -> list[tuple[str, str, int, float, float, float]]:
    from apps.catalog.models import Brand

    brand = Brand.objects.get(name="Samsung")
    facet_params = [{"q": "dien thoai", "brand": str(brand.pk), "price_min": "3000000", "price_max": "10000000"},
                    {"q": "tai nghe", "condition": "new", "rating": "4"},
                    {"q": "laptop", "price_min": "10000000", "sort": "price_asc"}]
    client = Client()
    rows = []

    def measure(label, mode, path, param_list):
        for params in param_list:  # warm-up (connections, first compile)
            timed(client, path, params)
        samples = [timed(client, path, params) for _ in range(rounds) for params in param_list]
        p50, p95, p99 = percentiles(samples)
        rows.append((label, mode, len(samples), p50, p95, p99))

    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        for kind, queries in SEARCHES.items():
            params = facet_params if kind == "facets" else [{"q": q} for q in queries]
            measure(f"search: {kind}", "uncached", "/api/v1/search", params)
        measure("autocomplete", "uncached", "/api/v1/search/autocomplete", [{"q": q} for q in AUTOCOMPLETE])
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                               "LOCATION": "bench"}}):
        all_searches = [{"q": q} for qs in SEARCHES.values() for q in qs] + facet_params
        measure("search: all kinds", "cached", "/api/v1/search", all_searches)
        measure("autocomplete", "cached", "/api/v1/search/autocomplete", [{"q": q} for q in AUTOCOMPLETE])
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL; the targets are for PostgreSQL", file=sys.stderr)
    from apps.catalog.models import Product

    products = Product.objects.count()
    rows = run(args.rounds)
    if args.markdown:
        print(f"{products:,} products, {args.rounds} rounds per query\n")
        print("| what | cache | requests | p50 ms | p95 ms | p99 ms |")
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        for label, mode, n, p50, p95, p99 in rows:
            print(f"| {label} | {mode} | {n} | {p50:.1f} | {p95:.1f} | {p99:.1f} |")
    else:
        print(f"{products} products")
        for label, mode, n, p50, p95, p99 in rows:
            print(f"{label:28} {mode:9} n={n:4}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms")


if __name__ == "__main__":
    main()
