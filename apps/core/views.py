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


# What a process cannot serve without: down means 503, and a balancer should send its traffic elsewhere.
REQUIRED = ("database",)


@never_cache
def readyz(request):
    """Ready to serve. 503 when the database is down: nothing works without it. A cache (Redis) outage leaves
    the site working, slower (cache misses, sessions from the database, throttles and lockout counting open):
    200 with "status": "degraded" and "degraded": ["cache"], so that alerting sees it and a balancer does not
    take every process out at once."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    down = [name for name, ok in checks.items() if not ok and name in REQUIRED]
    degraded = [name for name, ok in checks.items() if not ok and name not in REQUIRED]
    status = "unavailable" if down else "degraded" if degraded else "ok"
    body = {"status": status, "checks": {k: "ok" if v else "down" for k, v in checks.items()}}
    if down:
        body["down"] = down
    if degraded:
        body["degraded"] = degraded
    return JsonResponse(body, status=503 if down else 200)


def bare(request):
    """The baseline of every benchmark: a JsonResponse with no database or cache (docs/benchmarks.md)."""
    return JsonResponse({"ok": True})
