from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """The process is up."""
    return JsonResponse({"status": "ok"})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return False


def _cache_ok() -> bool:
    try:
        cache.set("readyz", "1", 5)
        return cache.get("readyz") == "1"
    except Exception:  # noqa: BLE001
        return False


@never_cache
def readyz(request):
    """Ready to serve: the database and the cache answer. 503 naming what is down otherwise."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    down = [name for name, ok in checks.items() if not ok]
    body = {"status": "ok" if not down else "unavailable", "checks": {k: "ok" if v else "down" for k, v in checks.items()}}
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)


def bare(request):
    """The baseline of every benchmark: a JsonResponse with no database or cache (docs/benchmarks.md)."""
    return JsonResponse({"ok": True})
