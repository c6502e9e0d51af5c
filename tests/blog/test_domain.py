"""Pure blog rules: rendering and sanitising, reading time, slugs, publication. No database."""
import datetime as dt

import pytest

from apps.blog import domain

NOW = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)


# --- sanitiser ----------------------------------------------------------------------------------

def test_script_tags_are_removed_with_their_content():
    html = domain.render_markdown("Hello <script>alert('x')</script> world\n\n<script src=//evil.js></script>")
    assert "<script" not in html.lower()
    assert "alert" not in html
    assert "Hello" in html and "world" in html


@pytest.mark.parametrize("source", [
    '<img src="/a.png" onerror="alert(1)">',
    '<a href="/x" onclick="steal()">x</a>',
    '<p onmouseover="alert(1)">hover</p>',
    '<div><span onfocus="x()" tabindex=1>focus</span></div>',
])
def test_event_handler_attributes_are_removed(source):
    html = domain.render_markdown(source)
    assert " on" not in html.lower()
    assert "alert" not in html and "steal" not in html


@pytest.mark.parametrize("source", [
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="  javascript:alert(1)">click</a>',
    "![x](javascript:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">click</a>',
])
def test_javascript_and_data_urls_are_removed(source):
    html = domain.render_markdown(source).lower()
    assert "javascript:" not in html
    assert "data:" not in html


def test_dangerous_elements_and_inline_styles_are_removed():
    html = domain.render_markdown(
        '<iframe src="https://evil.example"></iframe><form action="/x"><input name="a"></form>'
        '<style>body{display:none}</style><p style="position:fixed">text</p><object data="x.swf"></object>'
    )
    for needle in ("<iframe", "<form", "<input", "<style", "style=", "<object", "display:none"):
        assert needle not in html
    assert "text" in html


def test_safe_markdown_survives():
    html = domain.render_markdown(
        "## Cấu hình\n\n**đậm** và _nghiêng_, [liên kết](https://cho.vn/a \"tiêu đề\"), "
        "![ảnh](https://cdn.cho.vn/a.png)\n\n> trích dẫn\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert "<h2>Cấu hình</h2>" in html
    assert "<strong>đậm</strong>" in html and "<em>nghiêng</em>" in html
    assert '<a href="https://cho.vn/a"' in html and 'rel="noopener noreferrer"' in html
    assert '<img alt="ảnh" src="https://cdn.cho.vn/a.png">' in html
    assert "<blockquote>" in html and "<table>" in html


def test_fenced_code_is_highlighted_with_classes():
    html = domain.render_markdown("```python\ndef f(x):\n    return '<b>'\n```\n")
    assert '<div class="codehilite">' in html
    assert '<span class="k">def</span>' in html  # a Pygments keyword token
    assert "&lt;b&gt;" in html  # code is escaped, not interpreted
    assert "style=" not in html  # colours come from blog.css (CSP forbids inline styles)


def test_code_blocks_keep_script_text_as_text():
    html = domain.render_markdown("```html\n<script>alert(1)</script>\n```\n")
    assert "<script>" not in html
    assert "script" in html  # shown to the reader, escaped


# --- reading time -------------------------------------------------------------------------------

@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (1, 1), (200, 1), (201, 2), (400, 2), (1000, 5), (1001, 6)])
def test_reading_time_rounds_up_at_200_words_a_minute(words, minutes):
    assert domain.reading_time_minutes(" ".join(["từ"] * words)) == minutes


def test_reading_time_counts_words_not_characters_or_markup():
    assert domain.count_words("Điện thoại, máy tính — và sách!") == 6
    text = domain.plain_text(domain.render_markdown("**một** _hai_ [ba](https://x.vn) `bốn`"))
    assert domain.count_words(text) == 4


def test_reading_time_speed_is_configurable():
    assert domain.reading_time_minutes(" ".join(["w"] * 300), words_per_minute=100) == 3


# --- excerpt, slugs -----------------------------------------------------------------------------

def test_excerpt_cuts_at_a_word_with_an_ellipsis():
    text = "Một hai ba bốn năm sáu bảy tám chín mười"
    assert domain.make_excerpt(text, max_chars=100) == text
    short = domain.make_excerpt(text, max_chars=14)
    assert short == "Một hai ba bốn…"


def test_vietnamese_slug_keeps_d_for_đ():
    assert domain.slugify_vi("Đánh giá điện thoại Đời mới 2026!") == "danh-gia-dien-thoai-doi-moi-2026"


def test_unique_slug_adds_a_number_and_skips_reserved_words():
    assert domain.unique_slug("laptop", set()) == "laptop"
    assert domain.unique_slug("laptop", {"laptop", "laptop-2"}) == "laptop-3"
    assert domain.unique_slug("featured", set()) == "featured-2"


# --- publication --------------------------------------------------------------------------------

def test_published_without_a_time_is_published_now():
    assert domain.resolve_publication(status="published", publish_at=None, now=NOW) == domain.Publication(
        "published", NOW)


def test_published_in_the_future_is_scheduled():
    later = NOW + dt.timedelta(days=1)
    assert domain.resolve_publication(status="published", publish_at=later, now=NOW).status == "scheduled"


def test_scheduled_needs_a_time():
    with pytest.raises(domain.PublicationError):
        domain.resolve_publication(status="scheduled", publish_at=None, now=NOW)


@pytest.mark.parametrize(("status", "offset", "visible"), [
    ("draft", -60, False),
    ("published", -60, True),
    ("scheduled", -60, True),   # its time has come: visible without any cron
    ("scheduled", 0, True),
    ("scheduled", 60, False),
    ("published", 60, False),
])
def test_visibility(status, offset, visible):
    at = NOW + dt.timedelta(minutes=offset)
    assert domain.is_visible(status=status, publish_at=at, now=NOW) is visible


def test_a_draft_without_time_is_invisible():
    assert domain.is_visible(status="draft", publish_at=None, now=NOW) is False


def test_plain_text_joins_inline_markup_and_can_leave_code_out():
    html = domain.render_markdown("Biết **mình cần gì**. [Xem](https://x.vn)!\n\n```python\ndef f(x): pass\n```\n\nHết")
    assert domain.plain_text(html) == "Biết mình cần gì. Xem! def f(x): pass Hết"
    assert domain.plain_text(html, skip_code=True) == "Biết mình cần gì. Xem! Hết"
