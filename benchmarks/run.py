"""Load benchmarks of Chợ: one command per scenario, against gunicorn with production settings.

    .venv/bin/python benchmarks/run.py prepare            # migrate + seed_demo --size large + collectstatic (once)
    .venv/bin/python benchmarks/run.py product-list-cached [--duration 15] [--connections 32]
    .venv/bin/python benchmarks/run.py all --markdown     # every scenario, a Markdown table for docs/benchmarks.md
    .venv/bin/python benchmarks/run.py all --repeat 3     # each scenario three times: the median run is reported

Scenarios: bare, product-list-cached, product-list-uncached, product-list-cursor, category-page, product-page,
product-api, search, autocomplete, add-to-cart, checkout. Each run starts gunicorn (`--workers/--threads/
--worker-class/--conn-max-age` choose the configuration). Before every scenario it measures the bare JsonResponse
(/bench/bare, our whole middleware) with the same settings, then the scenario with wrk (checkout:
benchmarks/checkout.py, Python threads, one buyer per order), and prints requests/s, p50/p95/p99 and the fraction
of the bare view's requests/s measured just before it: the host's share of the CPU drifts within minutes, so each
scenario is compared with its own bare. At the start and the end of a run it measures the machine's yardstick
(benchmarks/yardstick.py: a JsonResponse behind `startproject`'s middleware, about 4,500 req/s on the machine of
the issue's reference numbers).

Database: BENCH_DATABASE_URL (default postgres://cho:cho@127.0.0.1:5432/cho_perf; createdb it first),
Redis: BENCH_REDIS_URL (default redis://127.0.0.1:6379/3). Rate limits are lifted for the run (we measure
capacity, not the throttle)."""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DB = os.environ.get("BENCH_DATABASE_URL", "postgres://cho:cho@127.0.0.1:5432/cho_perf")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
PORT = int(os.environ.get("BENCH_PORT", "8137"))
HOST = f"http://127.0.0.1:{PORT}"
YARDSTICK_HOST = f"http://127.0.0.1:{PORT + 1}"
REFERENCE_YARDSTICK_RPS = 4500  # the "bare JsonResponse" on its reference 2-core machine
SECRET = "bench-only-secret-key-not-for-production-0123456789-abcdefghijklmnop"

SCENARIOS = ["bare", "product-list-cached", "product-list-uncached", "product-list-cursor", "category-page",
             "product-page", "product-api", "search", "autocomplete", "add-to-cart", "checkout"]
TARGETS = {  # issue 16 (2-core machine); fraction of bare or absolute req/s; p95 ms
    "product-list-cached": ("fraction", 0.60), "product-list-uncached": ("fraction", 0.25),
    "category-page": ("rps", 500), "product-page": ("rps", 500), "search": ("p95", 50),
    "autocomplete": ("p95", 20), "checkout": ("rps", 50),
}


def django_env(**extra) -> dict:
    env = {**os.environ, "DATABASE_URL": DB, "REDIS_URL": REDIS, "DJANGO_SECRET_KEY": SECRET,
           "JWT_SIGNING_KEY": SECRET, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
           "DJANGO_SECURE_SSL_REDIRECT": "false", "DJANGO_DEBUG": "false",
           "THROTTLE_ANON": "100000000/min", "THROTTLE_USER": "100000000/min",
           "THROTTLE_CHECKOUT": "100000000/min", "AXES_ENABLED": "false", "LOG_LEVEL": "WARNING",
           "DJANGO_LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(*args, settings="config.settings.production") -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, check=True, env=django_env(DJANGO_SETTINGS_MODULE=settings))


def prepare(_args) -> None:
    manage("migrate", "--noinput")
    manage("seed_demo", "--size", "large", "--allow-production")  # a benchmark database, not a deployment
    manage("collectstatic", "--noinput", "-v", "0")


# --- server ---------------------------------------------------------------------------------------

class Server:
    """gunicorn serving Chợ (or, `yardstick=True`, benchmarks/yardstick.py on YARDSTICK_HOST)."""

    def __init__(self, args, *, yardstick: bool = False):
        self.args, self.yardstick = args, yardstick
        self.proc = None

    def __enter__(self):
        a = self.args
        app, host = ("benchmarks.yardstick:application", YARDSTICK_HOST) if self.yardstick \
            else ("config.wsgi:application", HOST)
        cmd = [GUNICORN, app, "--bind", host.removeprefix("http://"), "--workers", str(a.workers),
               "--worker-class", a.worker_class, "--log-level", "warning", "--backlog", "2048"]
        if a.worker_class == "gthread":
            cmd += ["--threads", str(a.threads)]
        env = django_env(DJANGO_SETTINGS_MODULE="config.settings.production", CONN_MAX_AGE=a.conn_max_age)
        if self.yardstick:
            env.pop("DJANGO_SETTINGS_MODULE")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=sys.stderr,
                                     start_new_session=True)
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{host}/{'bench/bare' if self.yardstick else 'healthz'}", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)


# --- data for the scenarios ----------------------------------------------------------------------

def sample_data(n=200) -> dict:
    """Slugs, ids and tokens the scenarios request, read once through Django (settings of the server)."""
    code = f"""
import json, random, django
django.setup()
from apps.catalog.models import Category
from apps.catalog.selectors import public_products, purchasable_variants
rng = random.Random(16)
ids = list(public_products().order_by("-sold_count", "pk").values_list("pk", "slug")[:5000])
rng.shuffle(ids)
leaf = (Category.objects.filter(is_active=True, numchild=0).order_by("path"))
cats = [c.slug for c in leaf if public_products().filter(category=c).count() >= 24][:20]
variants = list(purchasable_variants().filter(stock__gte=50).values_list("pk", flat=True)[:{n}])
print(json.dumps({{"products": [[str(p), s] for p, s in ids[:{n}]], "categories": cats,
                  "variants": [str(v) for v in variants]}}))
"""
    out = subprocess.run([PY, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True,
                         env=django_env(DJANGO_SETTINGS_MODULE="config.settings.production"))
    return json.loads(out.stdout.strip().splitlines()[-1])


SEARCH_QUERIES = ["dien thoai samsung", "laptop dell", "balo", "tai nghe bluetooth", "nồi cơm điện", "iphnoe",
                  "samsung", "áo thun", "giày", "máy lọc không khí", "ốp lưng", "xiaomi", "camera", "bàn phím"]
AUTOCOMPLETE = ["dien th", "sams", "iph", "lap", "tai n", "nồi", "giày", "áo", "xia", "ban ph"]

LUA_REPORT = r"""
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.timeout
  io.write(string.format('RESULT {"requests": %d, "seconds": %.3f, "errors": %d, "non2xx": %d, '
    .. '"p50": %.2f, "p95": %.2f, "p99": %.2f}\n', summary.requests, summary.duration / 1e6, errors,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


class Load(str):
    """A wrk script; `warm` lists the paths to request once each before measuring (so a cached scenario is
    measured with its cache filled, not while the first visits render)."""
    warm: tuple[str, ...] = ()
    headers: dict = {}


def lua_paths(paths, *, nonce=False, headers=None, method="GET", bodies=None, tokens=None) -> Load:
    """A wrk script picking a random path (and body/token) per request."""
    lines = ["math.randomseed(os.time())", "local paths = {" + ",".join(json.dumps(p) for p in paths) + "}"]
    lines.append("local bodies = {" + ",".join(json.dumps(b) for b in (bodies or [])) + "}")
    lines.append("local tokens = {" + ",".join(json.dumps(t) for t in (tokens or [])) + "}")
    lines.append("local counter = 0")
    hdrs = {"Accept": "application/json", "Host": f"127.0.0.1:{PORT}", **(headers or {})}
    lines.append("request = function()")
    lines.append("  counter = counter + 1")
    lines.append("  local path = paths[math.random(#paths)]")
    if nonce:
        lines.append("  path = path .. (string.find(path, '?') and '&' or '?') .. '_n=' .. math.random(1e9)")
    lines.append("  local h = {" + ",".join(f"[{json.dumps(k)}]={json.dumps(v)}" for k, v in hdrs.items()) + "}")
    lines.append("  local body = nil")
    lines.append("  if #bodies > 0 then body = bodies[math.random(#bodies)]; h['Content-Type'] = 'application/json' end")
    lines.append("  if #tokens > 0 then h['Authorization'] = 'Bearer ' .. tokens[math.random(#tokens)] end")
    lines.append(f"  return wrk.format({json.dumps(method)}, path, h, body)")
    lines.append("end")
    load = Load("\n".join(lines) + LUA_REPORT)
    if method == "GET" and not nonce and not tokens:
        load.warm, load.headers = tuple(paths), hdrs
    return load


def warm(load: Load, host: str = HOST) -> None:
    for path in load.warm:
        request = urllib.request.Request(host.rstrip("/") + path, headers=load.headers)
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  # nosec B310 - our own server
            response.read()


def wrk(script: Load, args, host: str = HOST) -> dict:
    warm(script, host)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    # warm up (fills caches, opens the database connections), then measure
    subprocess.run(["wrk", "-t2", f"-c{args.connections}", "-d3s", "-s", fh.name, host], capture_output=True)
    out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s",
                          "-s", fh.name, host], capture_output=True, text=True)
    os.unlink(fh.name)
    line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {out.stdout}\n{out.stderr}")
    r = json.loads(line[len("RESULT "):])
    r["rps"] = r["requests"] / r["seconds"]
    return r


def tokens_for_buyers(count: int) -> list[str]:
    """Buyers with JWTs, their carts emptied: adding to the cart is measured on a shopper's cart of a few lines,
    not on carts grown by every earlier run."""
    code = f"""
import json, django
django.setup()
from apps.cart.models import CartItem
from benchmarks.buyers import buyers_with_tokens
buyers = buyers_with_tokens({count})
CartItem.objects.filter(cart__user_id__in=[b["user_id"] for b in buyers]).delete()
print(json.dumps(buyers))
"""
    out = subprocess.run([PY, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True,
                         env=django_env(DJANGO_SETTINGS_MODULE="config.settings.production"))
    return json.loads(out.stdout.strip().splitlines()[-1])


def scenario_script(name: str, data: dict) -> str:
    products, cats = data["products"], data["categories"]
    if name == "bare":
        return lua_paths(["/bench/bare"])
    if name == "product-list-cached":
        return lua_paths([f"/api/v1/products?page={i}" for i in range(1, 6)])
    if name == "product-list-uncached":
        return lua_paths([f"/api/v1/products?page={i}" for i in range(1, 51)], nonce=True)
    if name == "product-list-cursor":
        return lua_paths(["/api/v1/products?cursor="], nonce=True)
    if name == "category-page":
        return lua_paths([f"/c/{c}/" for c in cats], headers={"Accept": "text/html"})
    if name == "product-page":
        return lua_paths([f"/p/{slug}/" for _, slug in products], headers={"Accept": "text/html"})
    if name == "product-api":
        return lua_paths([f"/api/v1/products/{pk}" for pk, _ in products])
    if name == "search":
        from urllib.parse import quote
        return lua_paths([f"/api/v1/search?q={quote(q)}" for q in SEARCH_QUERIES])
    if name == "autocomplete":
        from urllib.parse import quote
        return lua_paths([f"/api/v1/search/autocomplete?q={quote(q)}" for q in AUTOCOMPLETE])
    if name == "add-to-cart":
        tokens = [t["token"] for t in tokens_for_buyers(200)]
        bodies = [json.dumps({"variant_id": v, "quantity": 1}) for v in data["variants"]]
        return lua_paths(["/api/v1/cart/items"], method="POST", bodies=bodies, tokens=tokens)
    raise SystemExit(f"unknown scenario {name}")


def yardstick(args, data) -> dict:
    with Server(args, yardstick=True):
        return wrk(scenario_script("bare", data), args, host=YARDSTICK_HOST)


def run(args) -> tuple[list[dict], dict]:
    """The scenarios' rows (each with `bare_rps`, measured just before it) and the yardstick at start and end."""
    names = SCENARIOS if args.scenario == "all" else [args.scenario]
    rows = []
    data = sample_data()
    machine = {"start": yardstick(args, data)["rps"]}
    print(f"yardstick (startproject JsonResponse) {machine['start']:.0f} req/s", flush=True)
    with Server(args):
        for name in names:
            repeats = sorted((_measure(name, data, args) for _ in range(args.repeat)), key=lambda r: r["rps"])
            r = repeats[len(repeats) // 2]  # the median run, with its own latencies and bare
            r["runs_rps"] = [x["rps"] for x in repeats]
            r["runs"] = [{k: x[k] for k in ("rps", "bare_rps", "p50", "p95", "p99")} for x in repeats]
            rows.append(r)
            print(_line(r), flush=True)
    machine["end"] = yardstick(args, data)["rps"]
    print(f"yardstick (startproject JsonResponse) {machine['end']:.0f} req/s", flush=True)
    return rows, machine


def _measure(name: str, data: dict, args) -> dict:
    """One run of a scenario, with the bare view measured just before it."""
    bare = wrk(scenario_script("bare", data), args)
    if name == "bare":
        r = bare
    elif name == "checkout":
        from benchmarks import checkout
        r = checkout.run(host=HOST, env=django_env(DJANGO_SETTINGS_MODULE="config.settings.production"),
                         connections=args.connections, orders=args.orders)
    else:
        r = wrk(scenario_script(name, data), args)
    r["name"], r["bare_rps"] = name, bare["rps"]
    r["fraction"] = r["rps"] / bare["rps"]
    return r


def _line(r) -> str:
    return (f"{r['name']:<24} {r['rps']:9.1f} req/s  p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  "
            f"p99 {r['p99']:7.1f} ms  {r['fraction']:6.1%} of bare ({r['bare_rps']:.0f})  errors {r.get('errors', 0)}"
            + (f"  runs {', '.join(f'{x:.0f}' for x in r['runs_rps'])}" if len(r.get("runs_rps", ())) > 1 else "")
            + (f"  {r['note']}" if r.get("note") else ""))


def verdict(r) -> str:
    target = TARGETS.get(r["name"])
    if target is None:
        return "p95 < 100 ms: " + ("met" if r["p95"] < 100 else "**not met**")
    kind, value = target
    if kind == "fraction":
        ok, text = r["fraction"] >= value, f"≥ {value:.0%} of bare"
    elif kind == "rps":
        ok, text = r["rps"] >= value, f"≥ {value} req/s"
    else:
        ok, text = r["p95"] < value, f"p95 < {value} ms"
    return f"{text}: " + ("met" if ok else "**not met**")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", choices=["prepare", "all", *SCENARIOS])
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--conn-max-age", type=int, default=60)
    parser.add_argument("--orders", type=int, default=1500, help="checkout: buyers, one order each")
    parser.add_argument("--repeat", type=int, default=1, help="runs per scenario (each after its own bare run); "
                        "the table shows the median run, and every run's req/s")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if args.scenario == "prepare":
        prepare(args)
        return
    random.seed(16)
    rows, machine = run(args)
    if args.json:
        Path(args.json).write_text(json.dumps({"config": vars(args), "yardstick": machine, "rows": rows}, indent=1))
    if args.markdown:
        config = (f"gunicorn {args.worker_class} {args.workers} workers"
                  + (f" × {args.threads} threads" if args.worker_class == "gthread" else "")
                  + f", CONN_MAX_AGE={args.conn_max_age}, wrk -t2 -c{args.connections} -d{args.duration}s")
        print(f"\n{config}; yardstick {machine['start']:.0f} req/s at the start, {machine['end']:.0f} at the end "
              f"(reference machine ≈ {REFERENCE_YARDSTICK_RPS:,})\n")
        print("| scenario | req/s | p50 ms | p95 ms | p99 ms | bare req/s | of bare | errors | every run, req/s | target |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
        for r in rows:
            print(f"| {r['name']} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | "
                  f"{r['bare_rps']:.0f} | {r['fraction']:.0%} | {r.get('errors', 0)} | "
                  f"{', '.join(f'{x:.0f}' for x in r['runs_rps'])} | {verdict(r) if r['name'] != 'bare' else ''} |")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
