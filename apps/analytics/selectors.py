"""Reads of the back office and the seller centre: the dashboard, a shop's statistics, and the staff lists.
Figures follow the definitions of apps.analytics.reports (revenue orders, local dates)."""
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from apps.analytics import domain, reports
from apps.analytics.domain import REPORT_TZ, ReportRange
from apps.analytics.models import Event, EventKind
from apps.orders.domain import OrderStatus

WINDOWS = (("today", 1), ("last_7_days", 7), ("last_30_days", 30))


def local_today():
    return timezone.now().astimezone(REPORT_TZ).date()


def _window_ranges(today) -> dict[str, ReportRange]:
    return {name: ReportRange(today - timedelta(days=days - 1), today) for name, days in WINDOWS}


def dashboard_kpis(*, today=None) -> dict:
    """Revenue, orders, average order value, new users, new shops and conversion for today, 7 and 30 days
    (each window ends today, local time). Four queries."""
    from apps.orders.models import Order
    from apps.shops.models import Shop

    today = today or local_today()
    windows = _window_ranges(today)
    widest = windows["last_30_days"]
    rev = reports.revenue_q()
    order_aggs, user_aggs, shop_aggs, visitor_aggs = {}, {}, {}, {}
    for name, rng in windows.items():
        since = Q(created_at__gte=rng.start)
        order_aggs |= {f"{name}_revenue": Sum("total", filter=since & rev),
                       f"{name}_revenue_orders": Count("id", filter=since & rev),
                       f"{name}_orders": Count("id", filter=since),
                       f"{name}_checkouts": Count("checkout_id", filter=since, distinct=True)}
        user_aggs[name] = Count("id", filter=Q(date_joined__gte=rng.start))
        shop_aggs[name] = Count("id", filter=since)
        visitor_aggs[name] = Count("visitor", filter=Q(occurred_at__gte=rng.start), distinct=True)
    orders = reports.orders_in(widest, Order.objects.all()).aggregate(**order_aggs)
    users = reports.customers().filter(date_joined__gte=widest.start, date_joined__lt=widest.end).aggregate(**user_aggs)
    shops = Shop.objects.filter(created_at__gte=widest.start, created_at__lt=widest.end).aggregate(**shop_aggs)
    visitors = (Event.objects.filter(kind=EventKind.PRODUCT_VIEW, occurred_at__gte=widest.start,
                                     occurred_at__lt=widest.end).exclude(visitor="").aggregate(**visitor_aggs))
    out = {}
    for name, rng in windows.items():
        revenue = reports.money(orders[f"{name}_revenue"])
        counted = orders[f"{name}_revenue_orders"]
        out[name] = {
            "from": rng.date_from.isoformat(), "to": rng.date_to.isoformat(),
            "revenue": revenue, "orders": orders[f"{name}_orders"], "revenue_orders": counted,
            "average_order_value": reports.money(domain.average(revenue, counted) or 0),
            "new_users": users[name], "new_shops": shops[name], "visitors": visitors[name],
            "checkouts": orders[f"{name}_checkouts"],
            "conversion_rate": domain.ratio_percent(orders[f"{name}_checkouts"], visitors[name]),
        }
    return out


def top_shops(rng: ReportRange, *, limit: int = 10) -> list[dict]:
    from apps.orders.models import Order

    rows = (reports.orders_in(rng, Order.objects.filter(reports.revenue_q()))
            .values("shop_id").annotate(name=F("shop__name"), revenue=Sum("total"), orders=Count("id"))
            .order_by("-revenue", "name")[:limit])
    return [{"shop_id": str(r["shop_id"]), "name": r["name"], "orders": r["orders"],
             "revenue": reports.money(r["revenue"])} for r in rows]


def low_stock_variants(*, limit: int = 10):
    from apps.catalog.models import Variant

    return (Variant.objects.filter(is_deleted=False, is_active=True, product__is_deleted=False,
                                   stock__lte=F("low_stock_threshold"))
            .select_related("product__shop").order_by("stock", "product__title", "sku")[:limit])


def recent_orders(*, limit: int = 10):
    from apps.orders.models import Order

    return Order.objects.select_related("buyer", "shop").order_by("-created_at")[:limit]


def recent_users(*, limit: int = 10):
    return reports.customers().order_by("-date_joined")[:limit]


def dashboard(*, today=None) -> dict:
    """Everything the dashboard shows (page and API)."""
    today = today or local_today()
    last30 = ReportRange(today - timedelta(days=29), today, "day")
    sales = reports.sales_report(last30)
    statuses = reports.orders_report(last30).totals
    return {
        "kpis": dashboard_kpis(today=today),
        "sales_chart": {"labels": [r["period"] for r in sales.rows],
                        "revenue": [str(r["revenue"]) for r in sales.rows],
                        "orders": [r["orders_placed"] for r in sales.rows]},
        "status_chart": {"labels": [str(s.label) for s in OrderStatus],
                         "keys": [s.value for s in OrderStatus],
                         "counts": [statuses[s.value] for s in OrderStatus]},
        "top_products": reports.top_products_report(last30, limit=10).rows,
        "top_shops": top_shops(last30),
        "low_stock": list(low_stock_variants()),
        "recent_orders": list(recent_orders()),
        "recent_users": list(recent_users()),
        "currency": settings.DEFAULT_CURRENCY,
    }


# --- seller centre ------------------------------------------------------------------------------------------
def seller_stats(*, shop, rng: ReportRange) -> dict:
    """A shop's revenue and orders per period, its visitors and conversion, its best products and its rating
    over time (average of the reviews written in each period, and the running average)."""
    from apps.orders.models import Order
    from apps.reviews.models import Review

    rev = reports.revenue_q()
    orders = reports.grouped(reports.orders_in(rng, Order.objects.filter(shop=shop)), "created_at", rng.interval,
                             orders=Count("id"), revenue_orders=Count("id", filter=rev),
                             revenue=Sum("total", filter=rev), cancelled=Count("id", filter=Q(
                                 status=OrderStatus.CANCELLED)))
    visitors = reports.grouped(
        Event.objects.filter(shop=shop, kind=EventKind.PRODUCT_VIEW, occurred_at__gte=rng.start,
                             occurred_at__lt=rng.end).exclude(visitor=""),
        "occurred_at", rng.interval, visitors=Count("visitor", distinct=True), views=Count("id"))
    visible = Review.objects.filter(shop=shop, status="visible")
    ratings = reports.grouped(visible.filter(created_at__gte=rng.start, created_at__lt=rng.end), "created_at",
                              rng.interval, n=Count("id"), total=Sum("rating"))
    before = visible.filter(created_at__lt=rng.start).aggregate(n=Count("id"), total=Sum("rating"))
    running_n, running_total = before["n"] or 0, before["total"] or 0
    rows = []
    for p in rng.periods():
        o, v, r = orders.get(p, {}), visitors.get(p, {}), ratings.get(p, {})
        running_n += r.get("n", 0)
        running_total += r.get("total") or 0
        rows.append({
            "period": domain.period_label(p, rng.interval), "orders": o.get("orders", 0),
            "revenue_orders": o.get("revenue_orders", 0), "cancelled": o.get("cancelled", 0),
            "revenue": reports.money(o.get("revenue")), "views": v.get("views", 0), "visitors": v.get("visitors", 0),
            "conversion_rate": domain.ratio_percent(o.get("orders", 0), v.get("visitors", 0)),
            "reviews": r.get("n", 0), "average_rating": domain.average(r.get("total") or 0, r.get("n", 0), "0.01"),
            "rating_to_date": domain.average(running_total, running_n, "0.01"),
        })
    total_visitors = (Event.objects.filter(shop=shop, kind=EventKind.PRODUCT_VIEW, occurred_at__gte=rng.start,
                                           occurred_at__lt=rng.end).exclude(visitor="")
                      .aggregate(n=Count("visitor", distinct=True))["n"])
    total_orders = sum(r["orders"] for r in rows)
    totals = {
        "orders": total_orders, "revenue_orders": sum(r["revenue_orders"] for r in rows),
        "cancelled": sum(r["cancelled"] for r in rows),
        "revenue": sum((r["revenue"] for r in rows), reports.ZERO),
        "views": sum(r["views"] for r in rows), "visitors": total_visitors,
        "conversion_rate": domain.ratio_percent(total_orders, total_visitors),
        "reviews": sum(r["reviews"] for r in rows),
        "average_rating": shop.rating_average, "rating_count": shop.rating_count,
    }
    return {"from": rng.date_from.isoformat(), "to": rng.date_to.isoformat(), "interval": rng.interval,
            "currency": settings.DEFAULT_CURRENCY, "rows": rows, "totals": totals,
            "top_products": reports.top_products_report(rng, limit=10, shop=shop).rows}


# --- staff lists ----------------------------------------------------------------------------------------------
def staff_users(*, q: str = "", role: str = "", suspended: str = "", staff: str = ""):
    from apps.accounts.models import User

    qs = User.objects.annotate(order_count=Count("orders", distinct=True)).order_by("-date_joined", "id")
    if q:
        qs = qs.filter(Q(email__icontains=q) | Q(phone_number__icontains=q) | Q(full_name__icontains=q))
    if role:
        qs = qs.filter(role=role)
    if suspended in ("true", "false"):
        qs = qs.filter(is_suspended=suspended == "true")
    if staff in ("true", "false"):
        qs = qs.filter(is_staff=staff == "true")
    return qs


def staff_shops(*, q: str = "", status: str = ""):
    from apps.shops.models import Shop

    qs = (Shop.objects.select_related("owner").annotate(product_count=Count("products", distinct=True))
          .order_by("-created_at", "id"))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(owner__email__icontains=q))
    if status:
        qs = qs.filter(status=status)
    return qs


def staff_products(*, q: str = "", status: str = "", shop: str = "", include_deleted: bool = False):
    from apps.catalog.models import Product

    qs = Product.objects.select_related("shop", "category", "brand").order_by("-created_at", "id")
    if not include_deleted:
        qs = qs.filter(is_deleted=False)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(variants__sku__iexact=q)).distinct()
    if status:
        qs = qs.filter(status=status)
    if shop:
        qs = qs.filter(shop_id=shop)
    return qs


def audit_log(*, user: str = "", model: str = "", object_id: str = "", action: str = ""):
    qs = LogEntry.objects.select_related("user", "content_type").order_by("-action_time", "-id")
    if user:
        qs = qs.filter(user_id=user)
    if model and "." in model:
        app_label, model_name = model.lower().split(".", 1)
        qs = qs.filter(content_type__app_label=app_label, content_type__model=model_name)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if action in ("1", "2", "3"):
        qs = qs.filter(action_flag=int(action))
    return qs

