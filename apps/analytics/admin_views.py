"""Back-office pages inside the admin: /admin/dashboard/, /admin/reports/ and /admin/reports/<name>/ with
CSV/XLSX export. Staff with analytics.view_reports see them; finance exports need
analytics.export_finance_reports."""
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from apps.analytics import charts, domain, exports, reports, selectors
from apps.analytics.permissions import can_export_report, can_view_reports
from apps.core.errors import NotFound, ValidationFailed

KPI_ROWS = [
    (_lazy("Revenue"), "revenue", "money"), (_lazy("Orders"), "orders", "int"),
    (_lazy("Average order value"), "average_order_value", "money"), (_lazy("New users"), "new_users", "int"),
    (_lazy("New shops"), "new_shops", "int"), (_lazy("Conversion"), "conversion_rate", "percent"),
]


def _require_reports(request):
    if not can_view_reports(request.user):
        raise PermissionDenied


def dashboard_view(request, site):
    _require_reports(request)
    data = selectors.dashboard()
    kpis = data["kpis"]
    sales = data["sales_chart"]
    context = {
        **site.each_context(request), "title": _("Dashboard"), "data": data,
        "windows": [("today", _("Today")), ("last_7_days", _("Last 7 days")), ("last_30_days", _("Last 30 days"))],
        "kpi_table": [(label, kind, [kpis[w][key] for w in ("today", "last_7_days", "last_30_days")])
                      for label, key, kind in KPI_ROWS],
        "sales_chart": charts.series_chart(
            kind="line", labels=sales["labels"], money=data["currency"], right=(_("Orders"),),
            series=[(_("Revenue"), sales["revenue"]), (_("Orders"), sales["orders"])]),
        "status_chart": charts.series_chart(
            kind="doughnut", labels=data["status_chart"]["labels"],
            series=[(_("Orders"), data["status_chart"]["counts"])]),
        "reports": reports.REPORTS.values(),
    }
    return TemplateResponse(request, "analytics/admin/dashboard.html", context)


def reports_index_view(request, site):
    _require_reports(request)
    specs = [(spec, can_export_report(request.user, spec.name)) for spec in reports.REPORTS.values()]
    context = {**site.each_context(request), "title": _("Reports"), "specs": specs}
    return TemplateResponse(request, "analytics/admin/reports.html", context)


def _range(request):
    return domain.parse_range(request.GET.get("from"), request.GET.get("to"), request.GET.get("interval"),
                              today=selectors.local_today())


def report_view(request, site, name):
    _require_reports(request)
    try:
        spec = reports.report_spec(name)
    except NotFound:
        from django.http import Http404

        raise Http404(_("Unknown report.")) from None
    errors, report, rng = {}, None, None
    try:
        rng = _range(request)
    except ValidationFailed as exc:
        errors = {k: [str(m) for m in v] for k, v in exc.details.items()}
    if rng is not None:
        report = spec.build(rng)
    context = {
        **site.each_context(request), "title": spec.title, "spec": spec, "report": report, "errors": errors,
        "values": {"from": request.GET.get("from", rng.date_from.isoformat() if rng else ""),
                   "to": request.GET.get("to", rng.date_to.isoformat() if rng else ""),
                   "interval": request.GET.get("interval", rng.interval if rng else "day")},
        "intervals": [("day", _("Day")), ("week", _("Week")), ("month", _("Month"))],
        "can_export": can_export_report(request.user, name),
        "chart": charts.report_chart(report) if report else None,
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "analytics/admin/report.html", context)


def report_export_view(request, site, name):
    _require_reports(request)
    try:
        spec = reports.report_spec(name)
    except NotFound:
        from django.http import Http404

        raise Http404(_("Unknown report.")) from None
    if not can_export_report(request.user, name):
        raise PermissionDenied
    fmt = request.GET.get("format", "csv")
    if fmt not in exports.FORMATS:
        fmt = "csv"
    try:
        rng = _range(request)
    except ValidationFailed:
        from django.http import HttpResponseBadRequest

        return HttpResponseBadRequest(_("Check the dates and the interval."))
    return exports.export_response(spec.build(rng), fmt)


def urlpatterns(site) -> list:
    def wrap(view):
        def inner(request, *args, **kwargs):
            return view(request, site, *args, **kwargs)

        return site.admin_view(inner)

    return [
        path("dashboard/", wrap(dashboard_view), name="analytics_dashboard"),
        path("reports/", wrap(reports_index_view), name="analytics_reports"),
        path("reports/<slug:name>/", wrap(report_view), name="analytics_report"),
        path("reports/<slug:name>/export/", wrap(report_export_view), name="analytics_report_export"),
    ]
