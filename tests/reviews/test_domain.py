"""Pure review rules, without a database."""
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from apps.reviews import domain


@pytest.mark.parametrize(("ratings", "average"), [
    ([5, 4, 4], Decimal("4.33")),
    ([5, 5, 4], Decimal("4.67")),
    ([5, 4], Decimal("4.50")),
    ([1], Decimal("1.00")),
    ([1, 2, 2, 2, 2, 2, 2, 2], Decimal("1.88")),  # 15/8 = 1.875 rounds half up
])
def test_rating_summary_is_exact_and_rounds_half_up(ratings, average):
    counts = {r: ratings.count(r) for r in domain.RATINGS}
    got_average, count, distribution = domain.rating_summary(counts)
    assert got_average == average
    assert count == len(ratings)
    assert distribution == {str(r): ratings.count(r) for r in domain.RATINGS}


def test_rating_summary_of_nothing():
    assert domain.rating_summary({}) == (Decimal("0.00"), 0, {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0})


def test_distribution_rows_five_stars_first_with_percentages():
    rows = domain.distribution_rows({"5": 3, "4": 1, "1": 0}, 4)
    assert [r["stars"] for r in rows] == [5, 4, 3, 2, 1]
    assert rows[0] == {"stars": 5, "count": 3, "percent": 75}
    assert rows[1]["percent"] == 25
    assert domain.distribution_rows({}, 0)[0] == {"stars": 5, "count": 0, "percent": 0}


def test_blocked_words_match_whole_words_case_and_diacritics():
    words = ["lừa đảo", "ngu", "scam"]
    assert domain.blocked_words_found("Shop này LỪA   ĐẢO khách!", words) == ["lừa đảo"]
    assert domain.blocked_words_found("Hàng nguyên seal, rất tốt", words) == []  # "ngu" inside "nguyên"
    assert domain.blocked_words_found("Đồ ngu.", words) == ["ngu"]
    assert domain.blocked_words_found("Total SCAM", words) == ["scam"]
    assert domain.blocked_words_found("scammed?", words) == []


def test_default_list_catches_profanity_but_not_ordinary_reviews():
    words = domain.DEFAULT_BLOCKED_WORDS
    assert domain.moderation_flags("Giao hàng nhanh, đóng gói cẩn thận, con chó nhà mình rất thích.", words) == []
    assert domain.moderation_flags("Hàng như shit", words) == ["word:shit"]
    assert domain.moderation_flags("Đồ lừa đảo", words) == ["word:lừa đảo"]


def test_links_and_phone_numbers_are_held():
    assert domain.moderation_flags("Rẻ hơn tại http://example.com nhé", []) == ["link"]
    assert domain.moderation_flags("Mua ở shoprehon.vn rẻ hơn", []) == ["link"]
    assert domain.moderation_flags("Gọi 0912 345 678 để mua rẻ", []) == ["phone"]
    assert domain.moderation_flags("Gọi +84912345678", []) == ["phone"]
    assert domain.moderation_flags("Pin 5000 mAh, dùng được 2 ngày, giá 1.250.000đ", []) == []


def test_edit_window_inclusive_of_the_last_moment():
    created = datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert domain.can_edit(created_at=created, now=created + timedelta(days=30))
    assert not domain.can_edit(created_at=created, now=created + timedelta(days=30, seconds=1))
    assert domain.can_edit(created_at=created, now=created + timedelta(days=6), days=7)
    assert not domain.can_edit(created_at=created, now=created + timedelta(days=8), days=7)


def test_public_name_shortens():
    assert domain.public_name("Nguyễn Văn An") == "Nguyễn V. A."
    assert domain.public_name("  An  ") == "An"
    assert domain.public_name("", "buyer42@example.com") == "b***2"
    assert domain.public_name("", "ab@example.com") == "a***"
    assert domain.public_name("", "") == "***"


def test_query_values_are_normalised():
    assert domain.normalise_sort("helpful") == "helpful"
    assert domain.normalise_sort("price") == "newest"
    assert domain.normalise_sort(None) == "newest"
    assert domain.normalise_rating("4") == 4
    assert domain.normalise_rating("9") is None
    assert domain.normalise_rating("x") is None
