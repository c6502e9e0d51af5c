"""The back office's reports: ONE module used by the admin pages, the API (GET /admin/reports/{name}) and the
CSV/XLSX exports. Each report takes a ReportRange (inclusive local dates and an interval day|week|month) and
returns a Report: columns, one row per period (empty periods included, as zeros) and totals.

Definitions, so that every figure means one thing everywhere:

* Time: an order belongs to the local day (Asia/Ho_Chi_Minh) it was *placed* (Order.created_at); a user to
  the day they joined; a shop to the day it registered; a stock movement to the day it happened. Weeks start
  on Monday (ISO), months on the 1st. TruncDay/TruncWeek/TruncMonth run in the database with that time zone.
* Revenue order: an order that is **not cancelled**, **not fully refunded**, and either **paid** (payment
  status paid or partially refunded: card, PayPal, MoMo, confirmed transfers) or **delivered/completed**
  (cash on delivery is collected at the door). Pending COD orders, unpaid transfers and failed payments are
  not revenue until then.
* Revenue (gross) = the sum of `total` of revenue orders (what buyers pay: merchandise + shipping − discounts,
  VAT included). Refunded = the sum of refunded amounts of their payments; net revenue = gross − refunded.
* Orders placed counts every order, whatever its status; a checkout across three shops is three orders.
* Average order value = gross revenue / revenue orders.
* Items sold = the quantities of the lines of revenue orders; product sales = the line subtotals
  (unit price × quantity, before order-level vouchers and shipping).
* Users are customer accounts (staff excluded). Only orders in settings.DEFAULT_CURRENCY are summed.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.analytics.domain import REPORT_TZ, ReportRange, average, period_label, ratio_percent
from apps.core.errors import NotFound
from apps.core.money import quantize
from apps.orders.domain import OrderStatus, PaymentStatus

ZERO = Decimal("0")
TRUNC = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}


# --- the definitions ------------------------------------------------------------------------------------------
def revenue_q(prefix: str = "") -> Q:
    """Which orders count as revenue (see the module docstring). `prefix` reaches an order through a relation,
    e.g. "order__" from an order line."""
    p = prefix
    return (~Q(**{f"{p}status": OrderStatus.CANCELLED}) & ~Q(**{f"{p}payment_status": PaymentStatus.REFUNDED})
            & (Q(**{f"{p}payment_status__in": [PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED]})
               | Q(**{f"{p}status__in": [OrderStatus.DELIVERED, OrderStatus.COMPLETED]})))


def orders_in(rng: ReportRange, qs=None):
    from apps.orders.models import Order

    qs = Order.objects.all() if qs is None else qs
    return qs.filter(created_at__gte=rng.start, created_at__lt=rng.end, currency=settings.DEFAULT_CURRENCY)


def customers():
    from apps.accounts.models import User

    return User.objects.filter(is_staff=False)


def bucket(field_name: str, interval: str):
    return TRUNC[interval](field_name, tzinfo=REPORT_TZ)


def _day(value) -> date:
    """A truncated value from the database as a local date (backends return datetimes, aware or not)."""
    if hasattr(value, "hour"):
        if value.tzinfo is not None:
            value = value.astimezone(REPORT_TZ)
        return value.date()
    return value


def grouped(qs, field_name: str, interval: str, **aggregates) -> dict[date, dict]:
    """{period start: {aggregate: value}} for rows of qs grouped by the period of `field_name`."""
    rows = (qs.annotate(period=bucket(field_name, interval)).values("period").annotate(**aggregates)
            .order_by("period"))
    return {_day(r.pop("period")): r for r in rows}


def money(value) -> Decimal:
    return quantize(value or ZERO, settings.DEFAULT_CURRENCY)


# --- report shape ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "int"  # text | int | money | percent


@dataclass
class Report:
    name: str
    title: str
    range: ReportRange
    columns: list[Column]
    rows: list[dict]
    totals: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)
    currency: str = field(default_factory=lambda: settings.DEFAULT_CURRENCY)
    chart: dict = field(default_factory=dict)

    def summary_items(self) -> list[tuple[str, object]]:
        return [(str(SUMMARY_LABELS.get(k, k)), v) for k, v in self.summary.items()]

    def as_dict(self) -> dict:
        """JSON-ready: money and percentages as strings, dates ISO."""
        return {
            "name": self.name, "title": str(self.title), "from": self.range.date_from.isoformat(),
            "to": self.range.date_to.isoformat(), "interval": self.range.interval, "currency": self.currency,
            "columns": [{"key": c.key, "label": str(c.label), "kind": c.kind} for c in self.columns],
            "rows": [jsonable(r) for r in self.rows], "totals": jsonable(self.totals),
            "summary": jsonable(self.summary),
        }


def jsonable(row: dict) -> dict:
    """Decimals as strings with two places (money as everywhere in the API: "259000.00"), dates ISO."""
    return {k: (f"{v:.2f}" if isinstance(v, Decimal) else v.isoformat() if isinstance(v, date) else v)
            for k, v in row.items()}


PERIOD = Column("period", _("Period"), "text")
SUMMARY_LABELS = {"stock_units": _("Units in stock"), "stock_value": _("Stock value (at current prices)"),
                  "low_stock_variants": _("Variants low on stock"), "out_of_stock_variants": _("Variants out of stock")}


def _period_rows(rng: ReportRange, build_row: Callable[[date], dict]) -> list[dict]:
    return [{"period": period_label(p, rng.interval), **build_row(p)} for p in rng.periods()]


def _sum_columns(rows: list[dict], keys: list[str]) -> dict:
    return {k: sum((r[k] for r in rows), ZERO if isinstance(rows[0][k], Decimal) else 0) if rows else 0
            for k in keys}


# --- the reports ------------------------------------------------------------------------------------------
def sales_report(rng: ReportRange, **_options) -> Report:
    from apps.orders.models import OrderItem

    rev = revenue_q()
    by_period = grouped(orders_in(rng), "created_at", rng.interval,
                        orders_placed=Count("id"),
                        orders_cancelled=Count("id", filter=Q(status=OrderStatus.CANCELLED)),
                        revenue_orders=Count("id", filter=rev), revenue=Sum("total", filter=rev))
    items = grouped(OrderItem.objects.filter(order__in=orders_in(rng)).filter(revenue_q("order__")),
                    "order__created_at", rng.interval, items_sold=Sum("quantity"))

    def row(p):
        g = by_period.get(p, {})
        revenue, counted = money(g.get("revenue")), g.get("revenue_orders", 0)
        return {"orders_placed": g.get("orders_placed", 0), "orders_cancelled": g.get("orders_cancelled", 0),
                "revenue_orders": counted, "items_sold": (items.get(p) or {}).get("items_sold") or 0,
                "revenue": revenue, "average_order_value": money(average(revenue, counted) or ZERO)}

    rows = _period_rows(rng, row)
    totals = _sum_columns(rows, ["orders_placed", "orders_cancelled", "revenue_orders", "items_sold", "revenue"])
    totals["average_order_value"] = money(average(totals["revenue"], totals["revenue_orders"]) or ZERO)
    columns = [PERIOD, Column("orders_placed", _("Orders placed")), Column("orders_cancelled", _("Cancelled")),
               Column("revenue_orders", _("Revenue orders")), Column("items_sold", _("Items sold")),
               Column("revenue", _("Revenue"), "money"), Column("average_order_value", _("Average order value"),
                                                                "money")]
    return Report("sales", _("Sales"), rng, columns, rows, totals,
                  chart={"type": "line", "series": ["revenue", "orders_placed"]})


def revenue_report(rng: ReportRange, **_options) -> Report:
    from apps.payments.models import Payment

    rev = revenue_q()
    by_period = grouped(orders_in(rng).filter(rev), "created_at", rng.interval,
                        revenue_orders=Count("id"), merchandise=Sum("subtotal"), shipping=Sum("shipping_fee"),
                        discounts=Sum("discount"), tax=Sum("tax"), gross=Sum("total"))
    refunds = grouped(Payment.objects.filter(order__in=orders_in(rng).filter(rev), refunded_amount__gt=0),
                      "order__created_at", rng.interval, refunded=Sum("refunded_amount"))

    def row(p):
        g = by_period.get(p, {})
        gross, refunded = money(g.get("gross")), money((refunds.get(p) or {}).get("refunded"))
        return {"revenue_orders": g.get("revenue_orders", 0), "merchandise": money(g.get("merchandise")),
                "shipping": money(g.get("shipping")), "discounts": money(g.get("discounts")),
                "tax": money(g.get("tax")), "gross": gross, "refunded": refunded, "net": gross - refunded}

    rows = _period_rows(rng, row)
    keys = ["revenue_orders", "merchandise", "shipping", "discounts", "tax", "gross", "refunded", "net"]
    columns = [PERIOD, Column("revenue_orders", _("Revenue orders")),
               Column("merchandise", _("Merchandise"), "money"), Column("shipping", _("Shipping fees"), "money"),
               Column("discounts", _("Discounts"), "money"), Column("tax", _("VAT included"), "money"),
               Column("gross", _("Gross revenue"), "money"), Column("refunded", _("Refunded"), "money"),
               Column("net", _("Net revenue"), "money")]
    return Report("revenue", _("Revenue"), rng, columns, rows, _sum_columns(rows, keys),
                  chart={"type": "line", "series": ["gross", "net"]})


def top_products_report(rng: ReportRange, *, limit: int = 20, shop=None, **_options) -> Report:
    """The best-selling products of the range (the interval does not apply), by product sales."""
    from apps.orders.models import OrderItem

    items = OrderItem.objects.filter(order__in=orders_in(rng), product__isnull=False).filter(revenue_q("order__"))
    if shop is not None:
        items = items.filter(order__shop=shop)
    rows = list(items.values("product_id").annotate(
        title=F("product__title"), shop_name=F("product__shop__name"), units=Sum("quantity"),
        sales=Sum("subtotal"), orders=Count("order_id", distinct=True),
    ).order_by("-sales", "-units", "title")[: max(1, min(int(limit), 100))])
    out = [{"rank": i, "product_id": str(r["product_id"]), "title": r["title"], "shop": r["shop_name"],
            "units": r["units"], "orders": r["orders"], "sales": money(r["sales"])} for i, r in enumerate(rows, 1)]
    columns = [Column("rank", _("Rank")), Column("title", _("Product"), "text"), Column("shop", _("Shop"), "text"),
               Column("units", _("Units sold")), Column("orders", _("Orders")),
               Column("sales", _("Product sales"), "money")]
    return Report("top-products", _("Top products"), rng, columns, out,
                  {"units": sum(r["units"] for r in out), "sales": sum((r["sales"] for r in out), ZERO)},
                  chart={"type": "bar", "label": "title", "series": ["sales"]})


def user_growth_report(rng: ReportRange, **_options) -> Report:
    from apps.shops.models import Shop

    users = grouped(customers().filter(date_joined__gte=rng.start, date_joined__lt=rng.end), "date_joined",
                    rng.interval, n=Count("id"))
    shops = grouped(Shop.objects.filter(created_at__gte=rng.start, created_at__lt=rng.end), "created_at",
                    rng.interval, n=Count("id"))
    running = customers().filter(date_joined__lt=rng.start).count()
    rows = []
    for p in rng.periods():
        new = (users.get(p) or {}).get("n", 0)
        running += new
        rows.append({"period": period_label(p, rng.interval), "new_users": new,
                     "new_shops": (shops.get(p) or {}).get("n", 0), "total_users": running})
    totals = _sum_columns(rows, ["new_users", "new_shops"])
    totals["total_users"] = running
    columns = [PERIOD, Column("new_users", _("New users")), Column("new_shops", _("New shops")),
               Column("total_users", _("Users in total"))]
    return Report("user-growth", _("User growth"), rng, columns, rows, totals,
                  chart={"type": "line", "series": ["new_users", "new_shops"]})


def orders_report(rng: ReportRange, **_options) -> Report:
    statuses = list(OrderStatus)
    aggregates = {s.value: Count("id", filter=Q(status=s)) for s in statuses}
    by_period = grouped(orders_in(rng), "created_at", rng.interval, total=Count("id"), **aggregates)

    def row(p):
        g = by_period.get(p, {})
        out = {s.value: g.get(s.value, 0) for s in statuses}
        out["total"] = g.get("total", 0)
        out["cancellation_rate"] = ratio_percent(out[OrderStatus.CANCELLED], out["total"])
        return out

    rows = _period_rows(rng, row)
    totals = _sum_columns(rows, [s.value for s in statuses] + ["total"])
    totals["cancellation_rate"] = ratio_percent(totals[OrderStatus.CANCELLED], totals["total"])
    columns = [PERIOD, *[Column(s.value, s.label) for s in statuses], Column("total", _("Orders placed")),
               Column("cancellation_rate", _("Cancelled %"), "percent")]
    return Report("orders", _("Orders"), rng, columns, rows, totals,
                  chart={"type": "bar", "stacked": True, "series": [s.value for s in statuses]})


def inventory_report(rng: ReportRange, **_options) -> Report:
    """Stock movements per period by reason, and (as a summary) the stock on hand now."""
    from apps.catalog.models import InventoryMovement, MovementReason, Variant

    R = MovementReason
    by_period = grouped(
        InventoryMovement.objects.filter(created_at__gte=rng.start, created_at__lt=rng.end), "created_at",
        rng.interval,
        received=Sum("delta", filter=Q(reason__in=[R.RESTOCK, R.IMPORT])),
        sold=Sum("delta", filter=Q(reason=R.ORDER)),
        returned=Sum("delta", filter=Q(reason__in=[R.CANCELLATION, R.EXPIRY])),
        adjusted=Sum("delta", filter=Q(reason=R.ADJUSTMENT)),
        net=Sum("delta"),
    )

    def row(p):
        g = by_period.get(p, {})
        return {"received": g.get("received") or 0, "sold": -(g.get("sold") or 0),
                "returned": g.get("returned") or 0, "adjusted": g.get("adjusted") or 0, "net": g.get("net") or 0}

    rows = _period_rows(rng, row)
    live = Variant.objects.filter(is_deleted=False, product__is_deleted=False)
    snapshot = live.aggregate(units=Sum("stock"), value=Sum(F("stock") * F("price")),
                              low=Count("id", filter=Q(stock__lte=F("low_stock_threshold"), stock__gt=0)),
                              out=Count("id", filter=Q(stock=0)))
    summary = {"stock_units": snapshot["units"] or 0, "stock_value": money(snapshot["value"]),
               "low_stock_variants": snapshot["low"], "out_of_stock_variants": snapshot["out"]}
    columns = [PERIOD, Column("received", _("Received")), Column("sold", _("Sold")),
               Column("returned", _("Returned")), Column("adjusted", _("Adjusted")), Column("net", _("Net change"))]
    return Report("inventory", _("Inventory"), rng, columns, rows,
                  _sum_columns(rows, ["received", "sold", "returned", "adjusted", "net"]), summary,
                  chart={"type": "bar", "series": ["received", "sold", "returned"]})


# --- registry -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportSpec:
    name: str
    title: str
    build: Callable[..., Report]
    finance: bool = False
    description: str = ""


REPORTS: dict[str, ReportSpec] = {spec.name: spec for spec in (
    ReportSpec("sales", _("Sales"), sales_report, finance=True,
               description=_("Orders placed, revenue orders, items sold, revenue and average order value.")),
    ReportSpec("revenue", _("Revenue"), revenue_report, finance=True,
               description=_("Revenue split into merchandise, shipping, discounts and VAT; refunds and net.")),
    ReportSpec("top-products", _("Top products"), top_products_report,
               description=_("Best-selling products of the range by product sales.")),
    ReportSpec("user-growth", _("User growth"), user_growth_report,
               description=_("New customer accounts and new shops, and the running total of users.")),
    ReportSpec("orders", pgettext_lazy("report", "Orders"), orders_report,
               description=_("Orders placed by their current status, and the cancellation rate.")),
    ReportSpec("inventory", _("Inventory"), inventory_report,
               description=_("Stock received, sold, returned and adjusted; the stock on hand now.")),
)}

FINANCE_REPORTS = frozenset(name for name, spec in REPORTS.items() if spec.finance)


def report_spec(name: str) -> ReportSpec:
    try:
        return REPORTS[name]
    except KeyError:
        raise NotFound(_("Unknown report.")) from None


def report_build(name: str, rng: ReportRange, **options) -> Report:
    return report_spec(name).build(rng, **options)
