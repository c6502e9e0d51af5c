"""Pure review rules: ratings arithmetic, the edit window, the word filter, public names.

No ORM here: everything is unit-tested without a database.
"""
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

RATINGS = (1, 2, 3, 4, 5)
MAX_IMAGES = 5
MAX_IMAGE_BYTES = 5 * 1024 * 1024
ALLOWED_IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
EDIT_WINDOW_DAYS = 30
TITLE_MAX = 120
CONTENT_MAX = 5000
REPLY_MAX = 2000
REPORT_REASON_MAX = 500

# Held for a moderator when found (whole words or phrases, case-insensitive). Override with the setting
# REVIEW_BLOCKED_WORDS. Profanity and insults, scam accusations that need a human look, and spam that
# pulls buyers off the platform.
DEFAULT_BLOCKED_WORDS = (
    # Vietnamese
    "địt", "đụ", "đéo", "đếch", "lồn", "cặc", "buồi", "đĩ", "vãi lồn", "vcl", "vkl", "vl", "đmm", "đm", "dm",
    "clm", "cmm", "mẹ mày", "óc chó", "thằng chó", "mất dạy", "lừa đảo",
    "cá độ", "lô đề", "cờ bạc", "kiếm tiền online", "inbox zalo", "liên hệ zalo", "kết bạn zalo",
    # English
    "fuck", "fucking", "shit", "bullshit", "bitch", "asshole", "bastard", "cunt", "dick", "motherfucker",
    "scam", "scammer", "fraud", "casino", "viagra", "crypto giveaway",
)

_URL = re.compile(r"(https?://|www\.)\S+|\b[\w-]+\.(com|net|org|vn|xyz|info|top|io)\b", re.IGNORECASE)
# Vietnamese mobile numbers (0912345678, 091 234 5678, +84 912 345 678): contacts that pull a sale off the platform.
_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.-]?\d){9}(?!\d)")


class ReviewStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    PENDING = "pending", _("Pending moderation")
    HIDDEN = "hidden", _("Hidden")


class ReviewSort(models.TextChoices):
    NEWEST = "newest", _("Newest")
    HELPFUL = "helpful", _("Most helpful")
    RATING = "rating", _("Highest rating")


# The ORM ordering of each sort; the primary key last makes pages stable.
SORT_ORDERING = {
    ReviewSort.NEWEST: ("-created_at", "-id"),
    ReviewSort.HELPFUL: ("-helpful_count", "-created_at", "-id"),
    ReviewSort.RATING: ("-rating", "-created_at", "-id"),
}


def normalise_sort(value) -> str:
    return value if value in SORT_ORDERING else ReviewSort.NEWEST


def normalise_rating(value) -> int | None:
    """A rating filter from a query string: 1..5, anything else means no filter."""
    try:
        rating = int(value)
    except (TypeError, ValueError):
        return None
    return rating if rating in RATINGS else None


# --- aggregates ------------------------------------------------------------------------------------

def empty_distribution() -> dict[str, int]:
    return {str(r): 0 for r in RATINGS}


def rating_summary(counts: Mapping) -> tuple[Decimal, int, dict[str, int]]:
    """(average to 2 places, count, distribution {"1": n, ..., "5": n}) from counts per star.

    The average is exact decimal arithmetic (no float), rounded half up; 0.00 when there is none.
    """
    distribution = {str(r): int(counts.get(r, counts.get(str(r), 0)) or 0) for r in RATINGS}
    total = sum(distribution.values())
    if not total:
        return Decimal("0.00"), 0, distribution
    points = sum(r * distribution[str(r)] for r in RATINGS)
    average = (Decimal(points) / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return average, total, distribution


def distribution_rows(distribution: Mapping | None, count: int) -> list[dict]:
    """Rows for the bars, 5 stars first: {stars, count, percent} (percent of all ratings, whole numbers)."""
    distribution = distribution or {}
    total = max(int(count or 0), 1)
    rows = []
    for stars in reversed(RATINGS):
        n = int(distribution.get(str(stars), 0) or 0)
        rows.append({"stars": stars, "count": n, "percent": round(100 * n / total)})
    return rows


# --- rules -----------------------------------------------------------------------------------------

def edit_deadline(created_at: datetime, days: int = EDIT_WINDOW_DAYS) -> datetime:
    return created_at + timedelta(days=days)


def can_edit(*, created_at: datetime, now: datetime, days: int = EDIT_WINDOW_DAYS) -> bool:
    return now <= edit_deadline(created_at, days)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").casefold()


def blocked_words_found(text: str, words: Iterable[str]) -> list[str]:
    """The blocked words or phrases that occur in `text` as whole words (case-insensitive, Unicode).

    "ngu" does not match inside "nguyên"; "lừa đảo" matches across any run of spaces.
    """
    folded = re.sub(r"\s+", " ", _fold(text))
    found = []
    for word in words:
        w = _fold(word).strip()
        if not w:
            continue
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(part) for part in w.split()) + r"(?!\w)"
        if re.search(pattern, folded) and w not in found:
            found.append(w)
    return found


def moderation_flags(text: str, words: Iterable[str]) -> list[str]:
    """Why a review should wait for a moderator (empty: publish it). Reasons are short English tags."""
    flags = [f"word:{w}" for w in blocked_words_found(text, words)]
    if _URL.search(text or ""):
        flags.append("link")
    if _PHONE.search(text or ""):
        flags.append("phone")
    return flags


def public_name(full_name: str, fallback: str = "") -> str:
    """What other shoppers see of an author: "Nguyễn Văn An" → "Nguyễn V. A."; an e-mail → "b***r"."""
    parts = (full_name or "").split()
    if parts:
        return " ".join([parts[0], *[p[0] + "." for p in parts[1:]]])
    local = (fallback or "").split("@")[0]
    if len(local) <= 2:
        return (local[:1] + "***") if local else "***"
    return f"{local[0]}***{local[-1]}"
