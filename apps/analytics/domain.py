"""Pure analytics rules (no ORM): report periods, ratios, time decay, co-occurrence and affinity scores.
Unit-tested without a database."""
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ValidationFailed

REPORT_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
INTERVALS = ("day", "week", "month")
DEFAULT_RANGE_DAYS = 30
# The longest range per interval, so a request can never ask for an unbounded number of rows.
MAX_RANGE_DAYS = {"day": 366, "week": 366 * 3, "month": 366 * 10}


@dataclass(frozen=True)
class ReportRange:
    """Inclusive local dates [date_from, date_to] in Asia/Ho_Chi_Minh, cut into `interval` periods."""

    date_from: date
    date_to: date
    interval: str = "day"

    @property
    def start(self) -> datetime:
        return datetime.combine(self.date_from, time.min, tzinfo=REPORT_TZ)

    @property
    def end(self) -> datetime:
        """Exclusive: midnight after date_to."""
        return datetime.combine(self.date_to + timedelta(days=1), time.min, tzinfo=REPORT_TZ)

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    def periods(self) -> list[date]:
        return periods(self.date_from, self.date_to, self.interval)


def period_start(day: date, interval: str) -> date:
    """The first day of the period holding `day`: itself, its ISO week's Monday, or the 1st of its month."""
    if interval == "day":
        return day
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown interval {interval!r}")


def _next_period(start: date, interval: str) -> date:
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def periods(date_from: date, date_to: date, interval: str) -> list[date]:
    """Every period start from the one holding date_from to the one holding date_to, in order."""
    out, current = [], period_start(date_from, interval)
    while current <= date_to:
        out.append(current)
        current = _next_period(current, interval)
    return out


def period_label(start: date, interval: str) -> str:
    return start.strftime("%Y-%m") if interval == "month" else start.isoformat()


def _parse_date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise ValidationFailed(_("Enter a date as YYYY-MM-DD."),
                               details={field: [_("Enter a date as YYYY-MM-DD.")]}) from None


def parse_range(date_from: str | None, date_to: str | None, interval: str | None, *, today: date) -> ReportRange:
    """Read ?from=&to=&interval= (all optional: the last 30 days by day). Bad input → ValidationFailed."""
    interval = (interval or "day").strip().lower()
    if interval not in INTERVALS:
        raise ValidationFailed(_("Choose day, week or month."), details={"interval": [_("Choose day, week or month.")]})
    end = _parse_date(date_to, "to") if date_to else today
    start = _parse_date(date_from, "from") if date_from else end - timedelta(days=DEFAULT_RANGE_DAYS - 1)
    if start > end:
        raise ValidationFailed(_("The start date is after the end date."),
                               details={"from": [_("The start date is after the end date.")]})
    if (end - start).days + 1 > MAX_RANGE_DAYS[interval]:
        message = _("This range is too long for this interval (at most %(n)s days).") % {"n": MAX_RANGE_DAYS[interval]}
        raise ValidationFailed(message, details={"to": [message]})
    return ReportRange(start, end, interval)


def ratio_percent(numerator, denominator) -> Decimal | None:
    """numerator / denominator as a percentage with two decimals; None when there is nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def average(total, count, places: str = "1") -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


# --- trending ---------------------------------------------------------------------------------------------
TRENDING_WEIGHTS = {"product_view": 1.0, "add_to_cart": 3.0, "sale": 5.0}


def decay(age_hours: float, half_life_hours: float) -> float:
    """Weight of something that happened `age_hours` ago: 1 now, 1/2 after one half-life, 1/4 after two."""
    return 0.5 ** (max(age_hours, 0.0) / half_life_hours)


def trending_scores(rows: Iterable[tuple], *, now: datetime, half_life_hours: float = 48.0) -> dict:
    """rows of (product_id, signal, at, count) where signal is product_view, add_to_cart or sale
    → {product_id: score}: each signal weighted by kind and decayed by its age."""
    scores: dict = {}
    for product_id, signal, at, count in rows:
        weight = TRENDING_WEIGHTS.get(signal, 0.0)
        if not weight or product_id is None:
            continue
        age = (now - at).total_seconds() / 3600
        scores[product_id] = scores.get(product_id, 0.0) + weight * count * decay(age, half_life_hours)
    return scores


def top_ids(scores: dict, limit: int) -> list:
    """Highest score first; ties broken by id so the order is stable."""
    return [pid for pid, _s in sorted(scores.items(), key=lambda kv: (-kv[1], str(kv[0])))[:limit]]


# --- bought together ----------------------------------------------------------------------------------------
def co_occurrence(baskets: Iterable[set], *, max_basket: int = 50) -> Counter:
    """Count, for each ordered pair (a, b) of distinct products, the baskets (one per buyer) holding both.
    Baskets larger than `max_basket` (resellers, bots) are ignored: they relate everything to everything."""
    pairs: Counter = Counter()
    for basket in baskets:
        if len(basket) < 2 or len(basket) > max_basket:
            continue
        for a, b in combinations(sorted(basket, key=str), 2):
            pairs[(a, b)] += 1
            pairs[(b, a)] += 1
    return pairs


# --- personal affinity ---------------------------------------------------------------------------------------
AFFINITY_WEIGHTS = {"purchase": 5.0, "add_to_cart": 3.0, "product_view": 1.0}


def affinity_profile(interactions: Iterable[tuple], *, now: datetime, half_life_hours: float = 24.0 * 14):
    """interactions of (kind, category_id, brand_id, at, count) → ({category_id: w}, {brand_id: w})."""
    categories: dict = {}
    brands: dict = {}
    for kind, category_id, brand_id, at, count in interactions:
        w = AFFINITY_WEIGHTS.get(kind, 0.0) * count * decay((now - at).total_seconds() / 3600, half_life_hours)
        if not w:
            continue
        if category_id is not None:
            categories[category_id] = categories.get(category_id, 0.0) + w
        if brand_id is not None:
            brands[brand_id] = brands.get(brand_id, 0.0) + w
    return categories, brands


def candidate_score(*, category_id, brand_id, categories: dict, brands: dict, popularity: float = 0.0) -> float:
    """How well a product matches a shopper: category affinity counts fully, brand affinity half as much,
    and a little popularity (trending score) breaks ties."""
    return categories.get(category_id, 0.0) + 0.5 * brands.get(brand_id, 0.0) + 0.01 * popularity
