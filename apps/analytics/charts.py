"""Chart specifications for static/js/charts.js (Chart.js 4): plain JSON passed with json_script."""
from decimal import Decimal


def _num(value):
    if value is None or isinstance(value, int | float):
        return value
    try:
        return float(Decimal(str(value)))
    except ArithmeticError:
        return None


def series_chart(*, kind: str, labels: list, series: list[tuple[str, list]], stacked: bool = False,
                 money: str = "", right: tuple[str, ...] = ()) -> dict:
    """{type, labels, datasets: [{label, data, axis}], stacked, money}. Series named in `right` use a second
    y axis (e.g. order counts beside revenue)."""
    right = {str(r) for r in right}
    return {"type": kind, "labels": [str(x) for x in labels], "stacked": stacked, "money": money,
            "datasets": [{"label": str(label), "data": [_num(v) for v in data],
                          "axis": "y1" if str(label) in right else "y"} for label, data in series]}


def report_chart(report) -> dict | None:
    spec = report.chart
    if not spec or not report.rows:
        return None
    labels_key = spec.get("label", "period")
    by_key = {c.key: c for c in report.columns}
    series = [(str(by_key[k].label), [r.get(k) for r in report.rows]) for k in spec["series"]]
    money_cols = [k for k in spec["series"] if by_key[k].kind == "money"]
    right = tuple(str(by_key[k].label) for k in spec["series"] if money_cols and by_key[k].kind != "money")
    return series_chart(kind=spec.get("type", "line"), labels=[r.get(labels_key) for r in report.rows],
                        series=series, stacked=spec.get("stacked", False), money=report.currency if money_cols else "",
                        right=right)
