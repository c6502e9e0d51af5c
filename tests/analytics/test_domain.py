"""Pure rules: periods, range parsing, ratios, decay, co-occurrence, affinity. No database."""
from datetime import UTC, date, datetime, timedelta

import pytest

from apps.analytics import domain
from apps.core.errors import ValidationFailed

TODAY = date(2026, 1, 31)


def test_periods_by_day_week_and_month():
    assert domain.periods(date(2026, 1, 30), date(2026, 2, 2), "day") == [
        date(2026, 1, 30), date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 2)]
    # 2026-01-07 is a Wednesday: its week starts on Monday the 5th.
    assert domain.periods(date(2026, 1, 7), date(2026, 1, 19), "week") == [
        date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)]
    assert domain.periods(date(2025, 12, 15), date(2026, 2, 10), "month") == [
        date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]


def test_period_labels():
    assert domain.period_label(date(2026, 1, 5), "week") == "2026-01-05"
    assert domain.period_label(date(2026, 1, 1), "month") == "2026-01"


def test_range_defaults_to_the_last_30_days_by_day():
    rng = domain.parse_range(None, None, None, today=TODAY)
    assert (rng.date_from, rng.date_to, rng.interval, rng.days) == (date(2026, 1, 2), TODAY, "day", 30)


def test_range_covers_whole_local_days():
    rng = domain.parse_range("2026-01-05", "2026-01-05", "day", today=TODAY)
    assert rng.start.isoformat() == "2026-01-05T00:00:00+07:00"
    assert rng.end.isoformat() == "2026-01-06T00:00:00+07:00"


@pytest.mark.parametrize(("args", "field"), [
    (("2026-02-01", "2026-01-01", "day"), "from"),
    (("yesterday", None, "day"), "from"),
    ((None, "2026-13-01", "day"), "to"),
    ((None, None, "hour"), "interval"),
    (("2020-01-01", "2026-01-01", "day"), "to"),
])
def test_bad_ranges_are_refused_with_the_field_named(args, field):
    with pytest.raises(ValidationFailed) as exc:
        domain.parse_range(*args, today=TODAY)
    assert field in exc.value.details


def test_long_ranges_are_fine_by_month():
    assert domain.parse_range("2020-01-01", "2026-01-01", "month", today=TODAY).interval == "month"


def test_ratio_and_average():
    assert str(domain.ratio_percent(1, 7)) == "14.29"
    assert domain.ratio_percent(3, 0) is None
    assert str(domain.average(800000, 4)) == "200000"
    assert domain.average(5, 0) is None


def test_decay_halves_every_half_life():
    assert domain.decay(0, 48) == 1
    assert domain.decay(48, 48) == pytest.approx(0.5)
    assert domain.decay(96, 48) == pytest.approx(0.25)


def test_recent_activity_outranks_older_activity_of_the_same_size():
    now = datetime(2026, 1, 31, tzinfo=UTC)
    rows = [("old", "product_view", now - timedelta(days=6), 10), ("new", "product_view", now, 6),
            ("sold", "sale", now - timedelta(days=1), 2), ("noise", "unknown", now, 100)]
    scores = domain.trending_scores(rows, now=now, half_life_hours=48)
    assert domain.top_ids(scores, 10) == ["sold", "new", "old"]
    assert scores["old"] == pytest.approx(10 * 0.125)
    assert scores["sold"] == pytest.approx(2 * 5 * 0.5 ** 0.5)


def test_co_occurrence_counts_buyers_who_bought_both():
    pairs = domain.co_occurrence([{"a", "b"}, {"a", "b", "c"}, {"a"}, set("abcdefghij")], max_basket=5)
    assert pairs[("a", "b")] == 2 and pairs[("b", "a")] == 2
    assert pairs[("a", "c")] == 1
    assert ("a", "d") not in pairs  # the oversized basket is ignored


def test_affinity_prefers_purchases_and_recent_interest():
    now = datetime(2026, 1, 31, tzinfo=UTC)
    categories, brands = domain.affinity_profile([
        ("purchase", "phones", "acme", now, 1),
        ("product_view", "books", None, now, 2),
        ("product_view", "toys", None, now - timedelta(days=60), 2),
    ], now=now)
    assert domain.top_ids(categories, 3) == ["phones", "books", "toys"]
    assert brands == {"acme": 5.0}
    score = domain.candidate_score(category_id="books", brand_id="acme", categories=categories, brands=brands)
    assert score == pytest.approx(2 + 2.5)
