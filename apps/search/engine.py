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
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Ln

from apps.search.filters import RATING_STEPS, SearchFilters, price_buckets
from apps.search.models import ProductSearchDocument, SearchTerm
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


def searchable():
    """What a shopper's search runs over. PostgreSQL: the public search documents alone (they carry copies of
    the product columns search filters, sorts and counts by, so thousands of matches need no join); SQLite:
    the public products. Either way the rows' pk is the product's id, and the filter and sort fields
    (price, category_id, brand_id, condition, in_stock, average_rating, review_count, sold_count, created_at)
    have the same names."""
    if is_postgres():
        return ProductSearchDocument.objects.filter(is_public=True)
    from apps.catalog.selectors import public_products

    return public_products()


def _doc_field(queryset: QuerySet, name: str) -> str:
    """A search document field as seen from `queryset` (documents, or products through their document)."""
    return name if queryset.model is ProductSearchDocument else f"search_document__{name}"


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


def _title_boost(pq: ParsedQuery, title_key: str):
    text = pq.text
    return Case(
        When(**{title_key: text}, then=Value(EXACT_TITLE_BOOST)),
        When(**{f"{title_key}__startswith": text + " "}, then=Value(TITLE_PREFIX_BOOST)),
        default=Value(0.0), output_field=FloatField())


def _matching(queryset: QuerySet, pq: ParsedQuery, corrected: ParsedQuery | None = None):
    """(filtered queryset, text score expression)."""
    if is_postgres():
        text = to_tsquery(pq)
        if corrected is not None:
            text = f"({text}) | ({to_tsquery(corrected)})"
        query = _tsquery_object(text)
        vector = _doc_field(queryset, "vector")
        return queryset.filter(**{vector: query}), SearchRank(F(vector), query)
    q = _sqlite_match_q(pq)
    score = _sqlite_text_score(pq)
    if corrected is not None:
        q |= _sqlite_match_q(corrected)
        score = score + _sqlite_text_score(corrected)
    return queryset.filter(q), score


def _ranked(queryset: QuerySet, pq: ParsedQuery, corrected: ParsedQuery | None) -> QuerySet:
    matched, text_score = _matching(queryset, pq, corrected)
    title_key = _doc_field(queryset, "title_key")
    boost = _title_boost(pq, title_key)
    if corrected is not None:
        boost = boost + _title_boost(corrected, title_key)
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
    """The same rows without ordering (and so without the rank in the GROUP BY)."""
    return queryset.order_by()


def _price_bucket_expr():
    edges = [high for _low, high in price_buckets()][:-1]
    whens = [When(price__lt=edge, then=Value(i)) for i, edge in enumerate(edges)]
    return Case(*whens, default=Value(len(edges)), output_field=IntegerField())


def _rating_floor_expr():
    whens = [When(average_rating__gte=step, then=Value(step)) for step in sorted(RATING_STEPS, reverse=True)]
    return Case(*whens, default=Value(0), output_field=IntegerField())


_DIMENSIONS = {
    "category": ("category_id", "category__name", "category__slug"),
    "brand": ("brand_id", "brand__name", "brand__slug"),
    "price": ("_price_bucket",),
    "rating": ("_rating_floor",),
    "condition": ("condition",),
}


def _grouped_counts(queryset: QuerySet, facet_names) -> list[dict]:
    """One GROUP BY over the dimensions of the given facets: each row a combination and its count."""
    qs = _plain(queryset)
    if "price" in facet_names:
        qs = qs.annotate(_price_bucket=_price_bucket_expr())
    if "rating" in facet_names:
        qs = qs.annotate(_rating_floor=_rating_floor_expr())
    fields = [f for name in facet_names for f in _DIMENSIONS[name]]
    return list(qs.values(*fields).annotate(_n=Count("pk")).order_by())


def _facet_from_rows(name: str, rows: list[dict]) -> list[dict]:
    if name in ("category", "brand"):
        key, label, slug = _DIMENSIONS[name]
        counts: dict = {}
        for r in rows:
            if r[key] is None:
                continue
            entry = counts.setdefault(r[key], {"id": r[key] if name == "category" else str(r[key]),
                                               "name": r[label], "slug": r[slug], "count": 0})
            entry["count"] += r["_n"]
        return sorted(counts.values(), key=lambda e: (-e["count"], e["name"]))
    if name == "price":
        per_bucket: dict = {}
        for r in rows:
            per_bucket[r["_price_bucket"]] = per_bucket.get(r["_price_bucket"], 0) + r["_n"]
        return [{"min": low, "max": high, "count": per_bucket[i]}
                for i, (low, high) in enumerate(price_buckets()) if per_bucket.get(i)]
    if name == "rating":
        out = []
        for step in RATING_STEPS:
            n = sum(r["_n"] for r in rows if r["_rating_floor"] >= step)
            if n:
                out.append({"min": step, "count": n})
        return out
    per_value: dict = {}
    for r in rows:
        per_value[r["condition"]] = per_value.get(r["condition"], 0) + r["_n"]
    return [{"value": v, "count": n} for v, n in sorted(per_value.items(), key=lambda kv: (-kv[1], kv[0]))]


def _grouping_sets_counts(queryset: QuerySet, facet_names) -> tuple[dict[str, list[dict]], int]:
    """PostgreSQL: every facet's counts and the total in ONE scan of the matches (GROUP BY GROUPING SETS)."""
    # Ids only: the names of the few categories and brands found are read afterwards (_with_labels) rather
    # than joined to every match.
    base = _plain(queryset).values("category_id", "brand_id", "condition", "price", "average_rating")
    inner_sql, inner_params = base.query.sql_with_params()
    edges = [high for _low, high in price_buckets()][:-1]
    price_case = "CASE " + " ".join(f"WHEN m.price < %s THEN {i}" for i in range(len(edges))) + f" ELSE {len(edges)} END"
    steps = sorted(RATING_STEPS, reverse=True)
    rating_case = "CASE " + " ".join(f"WHEN m.average_rating >= {int(s)} THEN {int(s)}" for s in steps) + " ELSE 0 END"
    columns = {
        "category": ("category_id",),
        "brand": ("brand_id",),
        "price": ("_price_bucket",),
        "rating": ("_rating_floor",),
        "condition": ("condition",),
    }
    names = [name for name in SearchFilters.FACETS if name in facet_names]
    all_columns = [c for name in names for c in columns[name]]
    quoted = ", ".join(f'g."{c}"' for c in all_columns)
    sets = ", ".join("(" + ", ".join(f'g."{c}"' for c in columns[name]) + ")" for name in names)
    groupings = ", ".join(f'GROUPING(g."{columns[name][0]}")' for name in names)
    # Identifiers and CASE steps are constants of this module; every value is a query parameter.
    sql = (
        f"SELECT {groupings}, {quoted}, COUNT(*) "  # noqa: S608  # nosec B608  # identifiers are module constants, values are parameters
        f'FROM (SELECT m.*, {price_case} AS "_price_bucket", {rating_case} AS "_rating_floor" '
        f"FROM ({inner_sql}) AS m) AS g GROUP BY GROUPING SETS ((), {sets})"
    )
    per_facet: dict[str, list[dict]] = {name: [] for name in names}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, [*edges, *inner_params])
        for row in cursor.fetchall():
            flags = row[:len(names)]
            values = dict(zip(all_columns, row[len(names):-1], strict=True))
            count = row[-1]
            grouped = [name for name, flag in zip(names, flags, strict=True) if not flag]
            if not grouped:
                total = count
            elif len(grouped) == 1:
                per_facet[grouped[0]].append({**values, "_n": count})
    return _with_labels(per_facet), total


def _with_labels(per_facet: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Add category__name/slug and brand__name/slug to rows that carry only the ids (one query per kind)."""
    from apps.catalog.models import Brand, Category

    for name, model in (("category", Category), ("brand", Brand)):
        rows = per_facet.get(name) or []
        key = f"{name}_id"
        labels = {r["id"]: r for r in model.objects.filter(pk__in={r[key] for r in rows if r[key] is not None})
                  .values("id", "name", "slug")}
        for r in rows:
            label = labels.get(r[key], {})
            r[f"{name}__name"], r[f"{name}__slug"] = label.get("name", ""), label.get("slug", "")
    return per_facet


def facet_counts(*, queryset: QuerySet, filters: SearchFilters | None = None) -> tuple[dict, int | None]:
    """(facets, total of queryset filtered by all filters, or None when not computed on the way).

    Facets whose own filter is not set share the fully filtered rows; each facet with a selection is
    counted without its own filter. PostgreSQL counts the shared facets and the total in one GROUPING SETS
    query; SQLite runs one GROUP BY per facet. At most 6 queries, whatever the catalogue size.
    """
    filters = filters or SearchFilters()
    shared = [name for name in SearchFilters.FACETS if filters.without(name) == filters]
    own = [name for name in SearchFilters.FACETS if name not in shared]
    result: dict = {}
    total = None
    if shared and is_postgres():
        rows_by_facet, total = _grouping_sets_counts(queryset.filter(filters.q()), shared)
        for name in shared:
            result[name] = _facet_from_rows(name, rows_by_facet[name])
    else:
        for name in shared:
            result[name] = _facet_from_rows(name, _grouped_counts(queryset.filter(filters.q()), [name]))
        if "condition" in shared:  # every product has a condition: its counts add up to the total
            total = sum(row["count"] for row in result["condition"])
    for name in own:
        rows = _grouped_counts(queryset.filter(filters.without(name).q()), [name])
        result[name] = _facet_from_rows(name, rows)
    return {name: result[name] for name in SearchFilters.FACETS}, total


def facets(*, queryset: QuerySet, filters: SearchFilters | None = None) -> dict:
    """Counts per facet value for category, brand, price bucket, minimum rating and condition.

    With `filters`, `queryset` must be the base (query matches, no facet filters) and each facet is counted
    with every OTHER facet's filter applied: choosing Samsung does not hide Apple's count (OR within a facet),
    while the counts of other facets narrow to Samsung (AND between facets).
    """
    return facet_counts(queryset=queryset, filters=filters)[0]
