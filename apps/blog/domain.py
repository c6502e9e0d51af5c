"""Pure rules of the blog: Markdown rendering and sanitising, reading time, slugs, publication.

No ORM here; everything is unit-tested without a database.
"""
import math
import re
from dataclasses import dataclass
from datetime import datetime
from html import unescape

import markdown
import nh3
from django.utils.text import slugify

WORDS_PER_MINUTE = 200

# Slugs that would collide with the blog's own paths (/blog/feed/..., /api/v1/blog/posts/featured).
RESERVED_SLUGS = frozenset({"featured", "feed", "category", "tag", "search"})

MARKDOWN_EXTENSIONS = ["fenced_code", "codehilite", "tables", "sane_lists", "smarty"]
MARKDOWN_CONFIG = {"codehilite": {"guess_lang": False, "css_class": "codehilite", "linenums": False}}

# What a post body may contain once rendered. Anything else (script, style, iframe, form, on* handlers,
# style attributes, javascript:/data: URLs) is dropped.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "td": {"align"},
    "th": {"align", "scope"},
    "ol": {"start"},
    # Pygments marks up tokens with classes; blog.css colours them (no inline styles: CSP forbids them).
    "div": {"class"},
    "span": {"class"},
    "code": {"class"},
    "pre": {"class"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)

_TAG_RE = re.compile(r"<[^>]+>")
_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|pre|blockquote|br|hr|tr|td|th|table|thead|tbody|tfoot|caption|figure|"
    r"figcaption|img)\b[^>]*>", re.IGNORECASE)
_INLINE_TAG_RE = re.compile(r"</?(?:a|abbr|b|code|del|em|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|u)\b[^>]*>",
                            re.IGNORECASE)
_CODE_BLOCK_RE = re.compile(r"<pre\b.*?</pre>", re.IGNORECASE | re.DOTALL)
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def sanitize_html(html: str) -> str:
    """Keep only the tags, attributes and URL schemes a post body may contain."""
    return _cleaner.clean(html or "")


def render_markdown(text: str) -> str:
    """Markdown → HTML with highlighted code blocks, then sanitised. Raw HTML in the source is allowed
    but passes through the same sanitiser, so a post can never carry a script."""
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG, output_format="html")
    return sanitize_html(md.convert(text or "")).strip()


def plain_text(html: str, *, skip_code: bool = False) -> str:
    """Visible text of an HTML fragment, whitespace collapsed (for excerpts, feeds, reading time).
    Block elements separate words; inline ones (highlighted code tokens, <strong>...) do not.
    `skip_code` leaves out code blocks (an excerpt reads better without them)."""
    html = html or ""
    if skip_code:
        html = _CODE_BLOCK_RE.sub(" ", html)
    text = _INLINE_TAG_RE.sub("", _BLOCK_TAG_RE.sub(" ", html))
    return " ".join(unescape(_TAG_RE.sub(" ", text)).split())


def count_words(text: str) -> int:
    return len(_WORD_RE.findall(text or ""))


def reading_time_minutes(text: str, *, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Whole minutes to read `text` (rounded up), at least one."""
    return max(1, math.ceil(count_words(text) / max(1, words_per_minute)))


def make_excerpt(text: str, *, max_chars: int = 240) -> str:
    """The first `max_chars` characters of plain text, cut at a word boundary, with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars + 1].rsplit(" ", 1)[0] or text[:max_chars]
    return cut.rstrip(" ,.;:-") + "…"


def slugify_vi(value: str, *, max_length: int = 200) -> str:
    """An ASCII slug that keeps Vietnamese readable: "Đánh giá điện thoại" → "danh-gia-dien-thoai".
    (NFKD does not decompose đ/Đ, so plain slugify would drop them.)"""
    value = (value or "").replace("đ", "d").replace("Đ", "D")
    return slugify(value)[:max_length].strip("-")


def unique_slug(base: str, taken: set[str], *, max_length: int = 200) -> str:
    """`base`, or `base-2`, `base-3`, ... — the first one neither taken nor reserved."""
    base = base or "post"
    candidate = base[:max_length]
    n = 2
    while candidate in taken or candidate in RESERVED_SLUGS:
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)] + suffix
        n += 1
    return candidate


class PublicationError(ValueError):
    """A status and publish time that do not make sense together."""


DRAFT, SCHEDULED, PUBLISHED = "draft", "scheduled", "published"


@dataclass(frozen=True)
class Publication:
    status: str
    publish_at: datetime | None


def resolve_publication(*, status: str, publish_at: datetime | None, now: datetime) -> Publication:
    """Normalise what staff asked for:

    - published without a time is published now; published with a future time is in fact scheduled;
    - scheduled needs a time (a past time simply makes it visible at once);
    - a draft keeps whatever time it has, which is ignored until it is published.
    """
    if status == DRAFT:
        return Publication(DRAFT, publish_at)
    if status == SCHEDULED:
        if publish_at is None:
            raise PublicationError("A scheduled post needs a publish time.")
        return Publication(SCHEDULED, publish_at)
    if status == PUBLISHED:
        if publish_at is None:
            return Publication(PUBLISHED, now)
        return Publication(SCHEDULED if publish_at > now else PUBLISHED, publish_at)
    raise PublicationError(f"Unknown status {status!r}.")


def is_visible(*, status: str, publish_at: datetime | None, now: datetime) -> bool:
    """The public sees a post that is published or scheduled and whose time has come (no cron needed)."""
    return status in (SCHEDULED, PUBLISHED) and publish_at is not None and publish_at <= now
