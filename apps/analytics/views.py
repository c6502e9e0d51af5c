"""Seller centre: /seller/stats/ (the shop's statistics with charts)."""
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.analytics import charts, domain, selectors
from apps.core.errors import ValidationFailed
from apps.shops.decorators import seller_required


@seller_required
def seller_stats(request):
    shop = request.shop
    errors = {}
    try:
        rng = domain.parse_range(request.GET.get("from"), request.GET.get("to"), request.GET.get("interval"),
                                 today=selectors.local_today())
    except ValidationFailed as exc:
        errors = {k: [str(m) for m in v] for k, v in exc.details.items()}
        rng = domain.parse_range(None, None, None, today=selectors.local_today())
    stats = selectors.seller_stats(shop=shop, rng=rng)
    rows = stats["rows"]
    labels = [r["period"] for r in rows]
    context = {
        "shop": shop, "stats": stats, "errors": errors, "range": rng,
        "values": {"from": request.GET.get("from", rng.date_from.isoformat()),
                   "to": request.GET.get("to", rng.date_to.isoformat()), "interval": request.GET.get("interval", rng.interval)},
        "intervals": [("day", _("Day")), ("week", _("Week")), ("month", _("Month"))],
        "sales_chart": charts.series_chart(kind="line", labels=labels, money=stats["currency"], right=(_("Orders"),),
                                           series=[(_("Revenue"), [r["revenue"] for r in rows]),
                                                   (_("Orders"), [r["orders"] for r in rows])]),
        "conversion_chart": charts.series_chart(kind="line", labels=labels, right=(_("Conversion %"),),
                                                series=[(_("Visitors"), [r["visitors"] for r in rows]),
                                                        (_("Conversion %"), [r["conversion_rate"] for r in rows])]),
        "rating_chart": charts.series_chart(kind="line", labels=labels, right=(_("Reviews"),),
                                            series=[(_("Average rating"), [r["average_rating"] for r in rows]),
                                                    (_("Rating to date"), [r["rating_to_date"] for r in rows]),
                                                    (_("Reviews"), [r["reviews"] for r in rows])]),
        "top_chart": charts.series_chart(kind="bar", labels=[p["title"] for p in stats["top_products"]],
                                         money=stats["currency"],
                                         series=[(_("Product sales"), [p["sales"] for p in stats["top_products"]])]),
    }
    return render(request, "analytics/seller_stats.html", context)
