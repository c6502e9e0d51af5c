from django import template
from django.urls import NoReverseMatch
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from apps.search.query import fold, words

register = template.Library()


@register.filter
def product_url(product) -> str:
    """The product page; a conventional path while the catalog's page is not routed."""
    try:
        return product.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        slug = getattr(product, "slug", None) or (product.get("slug") if isinstance(product, dict) else "")
        return f"/products/{slug}/"


@register.filter
def highlight(text, query) -> str:
    """Wrap the words of `text` that start with a query word in <mark> (diacritics-insensitive)."""
    text = str(text or "")
    query_words = [w for w in words(str(query or "")) if len(w) >= 2]
    if not query_words:
        return escape(text)
    out = []
    for token in _split_keep(text):
        folded = fold(token)
        if token.strip() and any(folded.startswith(w) for w in query_words):
            out.append(format_html("<mark>{}</mark>", token))
        else:
            out.append(escape(token))
    return mark_safe("".join(str(p) for p in out))  # nosec B308, B703  # every part is escaped above


def _split_keep(text: str) -> list[str]:
    parts, current, is_word = [], "", None
    for ch in text:
        w = ch.isalnum()
        if is_word is None or w == is_word:
            current += ch
        else:
            parts.append(current)
            current = ch
        is_word = w
    if current:
        parts.append(current)
    return parts
