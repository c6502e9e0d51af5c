"""Matching, ranking, spelling correction, facets and autocomplete on PostgreSQL and on SQLite.

PostgreSQL: a tsquery over the stored weighted vector (GIN), ranked by

    rank = exact_title_boost + ts_rank(vector, query) * (1 + 0.1 * ln(1 + sold_count) + 0.04 * average_rating)

with exact_title_boost 10 when the folded title equals the folded query, 1 when it starts with it, else 0.
Typo tolerance: words unknown to the catalogue's vocabulary (SearchTerm) are corrected by pg_trgm KNN
(GiST, `word <-> 'iphnoe'`) plus an edit-distance check, and the corrected query is ORed in when the
original finds fewer than FEW_RESULTS products. SQLite: word-prefix matching on folded text with a
simpler score of the same shape, and difflib-style correction over the vocabulary. docs/search.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramDistance
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Ln

from apps.search.filters import RATING_STEPS, SearchFilters, price_buckets
from apps.search.models import SearchTerm
from apps.search.query import ParsedQuery, Term, best_correction, max_typos

FEW_RESULTS = 3
EXACT_TITLE_BOOST = 10.0
TITLE_PREFIX_BOOST = 1.0
SOLD_WEIGHT = 0.1
RATING_WEIGHT = 0.04
MAX_CORRECTED_WORDS = 4
SQLITE_LEXICON_LIMIT = 50_000


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@dataclass
class SearchOutcome:
    queryset: QuerySet
    parsed: ParsedQuery
    corrections: dict[str, str] = field(default_factory=dict)

    @property
    def corrected(self) -> ParsedQuery | None:
        return self.parsed.with_words_replaced(self.corrections) if self.corrections else None


# --- tsquery (PostgreSQL) ------------------------------------------------------------------------

def _lexeme(word: str, *, prefix: bool = False, weights: str = "") -> str:
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    suffix = (":" + ("*" if prefix else "") + weights) if (prefix or weights) else ""
    return quoted + suffix


def _term_tsquery(term: Term, *, prefix: bool, weights: str = "") -> str:
    if term.is_phrase:
        parts = [_lexeme(w, weights=weights) for w in term.words]
        return "(" + " <-> ".join(parts) + ")"
    return _lexeme(term.words[0], prefix=prefix and len(term.words[0]) >= 2, weights=weights)


def to_tsquery(pq: ParsedQuery, *, prefix: str = "last", weights: str = "") -> str:
    """Raw tsquery text. prefix: "last" (the word being typed), "all" (autocomplete) or "none"."""
    groups = []
    last_index = len(pq.required) - 1
    for i, group in enumerate(pq.required):
        use_prefix = prefix == "all" or (prefix == "last" and i == last_index)
        alternatives = [_term_tsquery(t, prefix=use_prefix, weights=weights) for t in group]
        groups.append("(" + " | ".join(alternatives) + ")" if len(alternatives) > 1 else alternatives[0])
    expr = " & ".join(groups)
    for term in pq.excluded:
        expr += " & !" + _term_tsquery(term, prefix=False)
    return expr


def _tsquery_object(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="raw", config="simple")


# --- SQLite word-prefix matching -----------------------------------------------------------------

def _sqlite_term_q(term: Term, *, whole_word: bool = False) -> Q:
    needle = " " + term.text + (" " if whole_word else "")
    return Q(search_document__plain__contains=needle) | Q(search_document__body__contains=needle)


def _sqlite_match_q(pq: ParsedQuery) -> Q:
    q = Q()
    for group in pq.required:
        alt = Q()
        for term in group:
            alt |= _sqlite_term_q(term)
        q &= alt
    for term in pq.excluded:
        q &= ~_sqlite_term_q(term, whole_word=True)
    return q


def _sqlite_text_score(pq: ParsedQuery):
    """Per positive term: 1 if in the title, 0.4 if in brand/category, else 0.1 (it matched the details)."""
    score = Value(0.0, output_field=FloatField())
    for group in pq.required:
        for term in group:
            in_title = Q(search_document__title_key__startswith=term.text) | Q(
                search_document__title_key__contains=" " + term.text)
            in_labels = Q(search_document__plain__contains=" " + term.text)
            score = score + Case(
                When(in_title, then=Value(1.0)), When(in_labels, then=Value(0.4)),
                default=Value(0.1), output_field=FloatField())
    return score


# --- ranking -------------------------------------------------------------------------------------

def _popularity():
    return (Ln(Cast(F("sold_count"), FloatField()) + Value(1.0)) * Value(SOLD_WEIGHT)
            + Cast(F("average_rating"), FloatField()) * Value(RATING_WEIGHT))


def _title_boost(pq: ParsedQuery):
    text = pq.text
    return Case(
        When(search_document__title_key=text, then=Value(EXACT_TITLE_BOOST)),
        When(search_document__title_key__startswith=text + " ", then=Value(TITLE_PREFIX_BOOST)),
        default=Value(0.0), output_field=FloatField())


def _matching(queryset: QuerySet, pq: ParsedQuery, corrected: ParsedQuery | None = None):
    """(filtered queryset, text score expression)."""
    if is_postgres():
        text = to_tsquery(pq)
        if corrected is not None:
            text = f"({text}) | ({to_tsquery(corrected)})"
        query = _tsquery_object(text)
        return queryset.filter(search_document__vector=query), SearchRank(F("search_document__vector"), query)
    q = _sqlite_match_q(pq)
    score = _sqlite_text_score(pq)
    if corrected is not None:
        q |= _sqlite_match_q(corrected)
        score = score + _sqlite_text_score(corrected)
    return queryset.filter(q), score


def _ranked(queryset: QuerySet, pq: ParsedQuery, corrected: ParsedQuery | None) -> QuerySet:
    matched, text_score = _matching(queryset, pq, corrected)
    boost = _title_boost(pq)
    if corrected is not None:
        boost = boost + _title_boost(corrected)
    return matched.annotate(rank=boost + text_score * (Value(1.0) + _popularity())).order_by(
        "-rank", "-sold_count", "-created_at")


# --- spelling correction -------------------------------------------------------------------------

def _sqlite_candidates(word: str, version: int) -> list[str]:
    """The vocabulary for SQLite (no trigram index): cached per index version, filtered by length."""
    key = f"search:v{version}:lexicon"
    lexicon = cache.get(key)
    if lexicon is None:
        lexicon = list(SearchTerm.objects.order_by("word").values_list("word", flat=True)[:SQLITE_LEXICON_LIMIT])
        cache.set(key, lexicon, 600)
    budget = max_typos(word)
    return [w for w in lexicon if abs(len(w) - len(word)) <= budget]


def correct_words(words_: list[str], *, version: int = 0) -> dict[str, str]:
    """{misspelt word: catalogue word} for words the catalogue vocabulary does not know."""
    candidates = sorted({w for w in words_ if max_typos(w) > 0 and not w.isdigit()})
    if not candidates:
        return {}
    known = set(SearchTerm.objects.filter(word__in=candidates).values_list("word", flat=True))
    corrections = {}
    for word in [w for w in candidates if w not in known][:MAX_CORRECTED_WORDS]:
        if is_postgres():
            options = list(SearchTerm.objects.annotate(distance=TrigramDistance("word", Value(word)))
                           .order_by("distance").values_list("word", flat=True)[:40])
        else:
            options = _sqlite_candidates(word, version)
        best = best_correction(word, options)
        if best:
            corrections[word] = best
    return corrections


def search(*, queryset: QuerySet, parsed: ParsedQuery, version: int = 0, fuzzy: bool = True) -> SearchOutcome:
    """Products of `queryset` matching the query, annotated `rank` and ordered by it (best first)."""
    if parsed.is_empty:
        return SearchOutcome(queryset=queryset.none().annotate(rank=Value(0.0, output_field=FloatField())),
                             parsed=parsed)
    corrections = correct_words(parsed.positive_words, version=version) if fuzzy else {}
    if corrections:
        exact, _ = _matching(queryset, parsed)
        if len(exact.values_list("pk", flat=True)[:FEW_RESULTS]) >= FEW_RESULTS:
            corrections = {}  # the words are rare but real: plenty of results without guessing
    corrected = parsed.with_words_replaced(corrections) if corrections else None
    return SearchOutcome(queryset=_ranked(queryset, parsed, corrected), parsed=parsed, corrections=corrections)


# --- facets --------------------------------------------------------------------------------------

def _plain(queryset: QuerySet) -> QuerySet:
    """The same rows without ordering or annotations that would widen a GROUP BY."""
    return queryset.order_by()


def facets(*, queryset: QuerySet, filters: SearchFilters | None = None) -> dict:
    """Counts per facet value: five aggregate queries, whatever the catalogue size.

    With `filters`, `queryset` must be the base (query matches, no facet filters) and each facet is counted
    with every OTHER facet's filter applied: choosing Samsung does not hide Apple's count (OR within a facet),
    while the counts of other facets narrow to Samsung (AND between facets).
    """
    def base(facet):
        qs = _plain(queryset)
        if filters is not None:
            qs = qs.filter(filters.without(facet).q())
        return qs

    category_rows = (base("category").values("category_id", "category__name", "category__slug")
                     .annotate(count=Count("pk")).order_by("-count", "category__name"))
    brand_rows = (base("brand").exclude(brand_id=None).values("brand_id", "brand__name", "brand__slug")
                  .annotate(count=Count("pk")).order_by("-count", "brand__name"))
    buckets = price_buckets()
    price_aggs = {}
    for i, (low, high) in enumerate(buckets):
        cond = Q()
        if low is not None:
            cond &= Q(price__gte=low)
        if high is not None:
            cond &= Q(price__lt=high)
        price_aggs[f"p{i}"] = Count("pk", filter=cond)
    price_counts = base("price").aggregate(**price_aggs)
    rating_counts = base("rating").aggregate(
        **{f"r{step}": Count("pk", filter=Q(average_rating__gte=step)) for step in RATING_STEPS})
    condition_rows = base("condition").values("condition").annotate(count=Count("pk")).order_by("-count")

    return {
        "category": [{"id": r["category_id"], "name": r["category__name"], "slug": r["category__slug"],
                      "count": r["count"]} for r in category_rows],
        "brand": [{"id": str(r["brand_id"]), "name": r["brand__name"], "slug": r["brand__slug"],
                   "count": r["count"]} for r in brand_rows],
        "price": [{"min": low, "max": high, "count": price_counts[f"p{i}"]}
                  for i, (low, high) in enumerate(buckets) if price_counts[f"p{i}"]],
        "rating": [{"min": step, "count": rating_counts[f"r{step}"]} for step in RATING_STEPS
                   if rating_counts[f"r{step}"]],
        "condition": [{"value": r["condition"], "count": r["count"]} for r in condition_rows],
    }
