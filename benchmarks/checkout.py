"""Checkout under load: N buyers, each with one line in the cart, all place their order at once (32 at a time)
through POST /api/v1/orders; four "hot" variants have less stock than the buyers want, so some must be refused
(422 out_of_stock). Afterwards the database is checked: no stock below zero, and each hot variant lost exactly
as much stock as its order lines took (zero oversell).

Called by `benchmarks/run.py checkout`; `python benchmarks/checkout.py setup|verify` are its Django halves."""
from __future__ import annotations

import http.client
import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
HOT = 4


def _django(cmd: str, env: dict, payload: dict) -> dict:
    out = subprocess.run([str(ROOT / ".venv/bin/python"), __file__, cmd], cwd=ROOT, env=env, check=True,
                         input=json.dumps(payload), capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def setup(payload: dict) -> dict:
    """Buyers with a fresh cart of one hot variant each; the hot variants' stock set below the demand."""
    from django.db import transaction

    from apps.cart.models import Cart, CartItem
    from apps.catalog.models import Variant
    from apps.catalog.selectors import purchasable_variants
    from benchmarks.buyers import buyers_with_tokens

    orders = payload["orders"]
    buyers = buyers_with_tokens(orders)
    hot = list(purchasable_variants().filter(product__shop__slug__startswith="kho-hang")
               .order_by("sku")[:HOT])
    stock = int(orders * 0.8 / HOT)  # 20% of the buyers must be refused
    with transaction.atomic():
        Variant.objects.filter(pk__in=[v.pk for v in hot]).update(stock=stock)
        user_ids = [b["user_id"] for b in buyers]
        CartItem.objects.filter(cart__user_id__in=user_ids).delete()
        have = set(Cart.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True))
        Cart.objects.bulk_create([Cart(user_id=u) for u in user_ids if u not in {str(h) for h in have}])
        carts = dict(Cart.objects.filter(user_id__in=user_ids).values_list("user_id", "pk"))
        CartItem.objects.bulk_create([
            CartItem(cart_id=carts[uuid.UUID(b["user_id"])], variant=hot[i % HOT], quantity=1,
                     unit_price_at_add=hot[i % HOT].price) for i, b in enumerate(buyers)])
    from apps.catalog.services import product_refresh_summary

    product_refresh_summary(product_ids={v.product_id for v in hot})
    return {"buyers": buyers, "hot": {str(v.pk): stock for v in hot}}


def verify(payload: dict) -> dict:
    from django.db.models import Sum

    from apps.catalog.models import Variant
    from apps.orders.models import OrderItem

    report = {"oversold": 0, "negative": 0, "lines": {}}
    for pk, before in payload["hot"].items():
        after = Variant.objects.get(pk=pk).stock
        sold = OrderItem.objects.filter(variant_id=pk, order__buyer_id__in=payload["user_ids"],
                                        order__created_at__gte=payload["since"]).aggregate(n=Sum("quantity"))["n"] or 0
        report["lines"][pk] = {"before": before, "after": after, "ordered": sold}
        report["negative"] += after < 0
        report["oversold"] += int(sold > before or before - after != sold)
    return report


def run(*, host: str, env: dict, connections: int, orders: int) -> dict:
    prepared = _django("setup", env, {"orders": orders})
    buyers = prepared["buyers"]
    since = _django("now", env, {})["now"]
    url = urlparse(host)
    work: queue.Queue = queue.Queue()
    for b in buyers:
        work.put(b)
    latencies, statuses, lock = [], {}, threading.Lock()

    def worker():
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        while True:
            try:
                b = work.get_nowait()
            except queue.Empty:
                break
            body = json.dumps({"address_id": b["address_id"], "payment_method": "cod", "shipping_method": "standard"})
            started = time.perf_counter()
            conn.request("POST", "/api/v1/orders", body=body, headers={
                "Authorization": f"Bearer {b['token']}", "Content-Type": "application/json",
                "Accept": "application/json", "Idempotency-Key": f"bench-{b['user_id']}-{since}"})
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[response.status] = statuses.get(response.status, 0) + 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    check = _django("verify", env, {"hot": prepared["hot"], "user_ids": [b["user_id"] for b in buyers],
                                    "since": since})
    q = statistics.quantiles(latencies, n=100)
    placed = statuses.get(201, 0)
    ok = check["oversold"] == 0 and check["negative"] == 0
    return {"requests": len(latencies), "seconds": seconds, "rps": placed / seconds, "p50": q[49], "p95": q[94],
            "p99": q[98], "errors": sum(n for s, n in statuses.items() if s not in (201, 422)),
            "statuses": statuses, "verify": check,
            "note": f"{placed} orders placed, {statuses.get(422, 0)} refused out of stock; "
                    f"oversell: {'none' if ok else 'FOUND'}"}


def _main():
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    cmd = sys.argv[1]
    payload = json.loads(sys.stdin.read() or "{}")
    if cmd == "setup":
        print(json.dumps(setup(payload)))
    elif cmd == "verify":
        print(json.dumps(verify(payload)))
    elif cmd == "now":
        from django.utils import timezone

        print(json.dumps({"now": timezone.now().isoformat()}))


if __name__ == "__main__":
    _main()
