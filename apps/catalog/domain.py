"""Pure catalog rules (no ORM): slugs, description sanitising, specifications, stock arithmetic."""
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import nh3

_VI_MAP = str.maketrans({"đ": "d", "Đ": "D"})

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "blockquote",
                "a", "table", "thead", "tbody", "tr", "th", "td", "img", "span", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "td": {"colspan"},
                      "th": {"colspan"}}

MAX_IMAGES_PER_PRODUCT = 10
MAX_IMAGE_BYTES = 5 * 1024 * 1024
ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def slugify_vi(text: str, max_length: int = 200) -> str:
    """"Điện thoại Sài Gòn" → "dien-thoai-sai-gon": Vietnamese letters lose their marks, đ becomes d."""
    text = unicodedata.normalize("NFKD", (text or "").translate(_VI_MAP))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:max_length].rstrip("-") or "item"


def sanitize_html(html: str) -> str:
    """Keep the formatting a seller needs; drop scripts, event handlers and styles."""
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow")


def normalize_specifications(specs) -> list[dict]:
    """Specifications are ordered {name, value} pairs; accepts a list of pairs/dicts or a dict (order kept)."""
    if not specs:
        return []
    if isinstance(specs, dict):
        specs = [{"name": k, "value": v} for k, v in specs.items()]
    out = []
    for item in specs:
        if isinstance(item, dict):
            name, value = item.get("name"), item.get("value")
        elif isinstance(item, list | tuple) and len(item) == 2:
            name, value = item
        else:
            raise ValueError("each specification needs a name and a value")
        name, value = str(name or "").strip(), str(value if value is not None else "").strip()
        if not name:
            raise ValueError("a specification name cannot be empty")
        out.append({"name": name[:100], "value": value[:500]})
    return out


def crossed_low_stock(*, before: int, after: int, threshold: int) -> bool:
    """True when stock falls from above the threshold to at or below it (the seller is told once)."""
    return before > threshold >= after


def parse_price(value) -> Decimal:
    try:
        price = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, AttributeError) as exc:
        raise ValueError("not a price") from exc
    if price < 0 or not price.is_finite():
        raise ValueError("a price cannot be negative")
    return price


def merge_quantities(items) -> dict:
    """[(variant_id, qty), ...] → {variant_id: total}; quantities must be positive integers."""
    totals: dict = {}
    for variant_id, quantity in items:
        quantity = int(quantity)
        if quantity <= 0:
            raise ValueError("quantities must be positive")
        totals[variant_id] = totals.get(variant_id, 0) + quantity
    return totals


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


IMPORT_COLUMNS = ["handle", "title", "category", "brand", "condition", "description", "sku", "variant_name",
                  "attributes", "price", "compare_at_price", "stock", "status"]
IMPORT_MAX_ROWS = 5000
IMPORT_MAX_BYTES = 2 * 1024 * 1024


def parse_attributes(text: str) -> dict:
    """"size=M; colour=Red" → {"size": "M", "colour": "Red"}."""
    out = {}
    for part in (text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        name, sep, value = part.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ValueError(part)
        out[name.strip()[:50]] = value.strip()[:100]
    return out


def parse_stock(value) -> int:
    text = str(value).strip()
    if not text.isdigit():
        raise ValueError("stock must be a whole number of zero or more")
    return int(text)
