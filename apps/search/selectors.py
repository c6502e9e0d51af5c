"""Search reads used by the pages, the API and the admin: cached result pages, autocomplete, popular
searches, personal history, 'did you mean' and staff analytics."""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, F, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from apps.core.cache import cached, digest
from apps.search import engine
from apps.search.filters import SORT_ORDERING, SORTS, SearchFilters
from apps.search.models import SearchClick, SearchQueryLog
from apps.search.query import ParsedQuery, fold, parse_query
from apps.search.services import INDEX_GROUP, cache_seconds, index_version

PER_PAGE = 24
MAX_PAGE = 100
POPULAR_DAYS = 7


def _key(*parts) -> str:
    return "search:" + digest(*parts)


def _public_products():
    from apps.catalog.selectors import public_products

    return public_products()


def products_for_ids(ids: list) -> list:
    """Products for cards, in the order of `ids` (one query plus the images prefetch)."""
    if not ids:
        return []
    from apps.catalog.selectors import product_list_qs

    by_id = {p.pk: p for p in product_list_qs(_public_products().filter(pk__in=ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


@dataclass
class SearchResults:
    parsed: ParsedQuery
    filters: SearchFilters
    sort: str
    page: int
    per_page: int
    total: int = 0
    ids: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    corrected: str = ""  # the spelling-corrected query that was ORed in
    suggestion: str = ""  # 'did you mean' when nothing was found
    products: list = field(default_factory=list)
    key: str = ""  # the cache key of this page of results (and of what callers cache beside it)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def search_results(*, query: str, filters: SearchFilters | None = None, sort: str = "relevance", page: int = 1,
                   per_page: int = PER_PAGE, load_products: bool = True) -> SearchResults:
    """One page of results with facets, cached by (index version, normalised query, filters, sort, page)."""
    parsed = parse_query(query)
    filters = filters or SearchFilters()
    sort = sort if sort in SORTS else "relevance"
    page = max(1, min(int(page or 1), MAX_PAGE))
    result = SearchResults(parsed=parsed, filters=filters, sort=sort, page=page, per_page=per_page)
    if parsed.is_empty:
        return result

    def build():
        outcome = engine.search(queryset=engine.searchable(), parsed=parsed, version=index_version())
        matched = outcome.queryset
        listed = matched.filter(filters.q())
        if sort != "relevance":
            listed = listed.order_by(*SORT_ORDERING[sort], "-created_at")
        facets, total = engine.facet_counts(queryset=matched, filters=filters)
        if total is None:  # every facet has a selection: the shared GROUP BY did not run
            total = listed.count()
        offset = (page - 1) * per_page
        ids = list(listed.values_list("pk", flat=True)[offset:offset + per_page]) if total > offset else []
        return {
            "total": total,
            "ids": ids,
            "facets": facets,
            "corrected": outcome.corrected.text if outcome.corrected else "",
            "suggestion": "" if total else did_you_mean(parsed),
        }

    result.key = _key("results", parsed.normalized, filters.cache_key(), sort, page, per_page)
    data = cached(result.key, INDEX_GROUP, cache_seconds(), build)
    result.total, result.ids, result.facets = data["total"], data["ids"], data["facets"]
    result.corrected, result.suggestion = data["corrected"], data["suggestion"]
    if load_products:
        result.products = products_for_ids(result.ids)
    return result


def did_you_mean(parsed: ParsedQuery) -> str:
    """A query close to this one that finds something: a popular search, else the spelling-corrected words."""
    text = parsed.text
    if not text:
        return ""
    popular = [row["query"] for row in popular_searches(limit=50)]
    close = difflib.get_close_matches(text, [p for p in popular if p != text], n=1, cutoff=0.7)
    if close:
        return close[0]
    corrections = engine.correct_words(parsed.positive_words, version=index_version())
    corrected = parsed.with_words_replaced(corrections).text
    return corrected if corrected != text else ""


# --- autocomplete --------------------------------------------------------------------------------

def _taxonomy():
    """[(kind, id, name, slug, folded words)] of active categories and brands, cached per index version."""
    def build():
        from apps.catalog.models import Brand, Category

        rows = [("category", c["id"], c["name"], c["slug"], fold(c["name"]).split())
                for c in Category.objects.filter(is_active=True).values("id", "name", "slug")]
        rows += [("brand", str(b["id"]), b["name"], b["slug"], fold(b["name"]).split())
                 for b in Brand.objects.values("id", "name", "slug")]
        return rows

    return cached(_key("taxonomy"), INDEX_GROUP, 600, build)


def _taxonomy_matches(parsed: ParsedQuery, corrections: dict, limit: int) -> dict:
    wanted = [(w, corrections.get(w)) for w in parsed.positive_words]
    found = {"category": [], "brand": []}
    scored = []
    for kind, pk, name, slug, name_words in _taxonomy():
        score = 0
        for word, alt in wanted:
            if any(nw.startswith(word) for nw in name_words):
                score += 2
            elif alt and any(nw.startswith(alt) for nw in name_words):
                score += 1
            else:
                score = 0
                break
        if score:
            starts = name_words[:1] and name_words[0].startswith(wanted[0][0])
            scored.append((-score, 0 if starts else 1, len(name), kind, pk, name, slug))
    for _score, _starts, _len, kind, pk, name, slug in sorted(scored, key=lambda r: r[:3] + (r[5],)):
        if len(found[kind]) < limit:
            found[kind].append({"id": pk, "name": name, "slug": slug})
    return found


def _title_matches(parsed: ParsedQuery, limit: int) -> list:
    # A one-letter word being typed ("noi c") would prefix-match half the catalogue: wait for the next letter.
    required = tuple(g for g in parsed.required if any(len(t.text) > 1 for t in g)) or parsed.required
    positive = ParsedQuery(raw=parsed.raw, required=required)
    if engine.is_postgres():  # ordered on the documents alone, then the few titles read
        query = engine._tsquery_object(engine.to_tsquery(positive, prefix="all", weights="A"))
        ids = list(engine.searchable().filter(vector=query).order_by("-sold_count", "-average_rating", "title_key")
                   .values_list("pk", flat=True)[:limit])
        by_id = {r["id"]: r for r in _public_products().filter(pk__in=ids).values("id", "title", "slug")}
        return [{"id": str(pk), "title": by_id[pk]["title"], "slug": by_id[pk]["slug"]} for pk in ids if pk in by_id]
    qs = _public_products()
    for group in positive.required:
        alt = Q()
        for term in group:
            alt |= Q(search_document__title_key__startswith=term.text) | Q(
                search_document__title_key__contains=" " + term.text)
        qs = qs.filter(alt)
    rows = qs.order_by("-sold_count", "-average_rating", "title").values("id", "title", "slug")[:limit]
    return [{"id": str(r["id"]), "title": r["title"], "slug": r["slug"]} for r in rows]


def autocomplete(*, query: str, limit: int = 6) -> dict:
    """Suggestions as the shopper types: product titles, categories and brands, by word prefix; when the
    words are misspelt, by their closest catalogue words. Cached per index version."""
    parsed = parse_query(query)
    empty = {"query": parsed.text, "products": [], "categories": [], "brands": [], "corrected": ""}
    if parsed.is_empty or len(parsed.text) < 2:
        return empty
    return cached(_key("autocomplete", parsed.text, limit), INDEX_GROUP, cache_seconds(),
                  lambda: _suggestions(parsed, limit))


def _suggestions(parsed: ParsedQuery, limit: int) -> dict:
    corrections: dict = {}
    products = _title_matches(parsed, limit)
    if not products:
        corrections = engine.correct_words(parsed.positive_words, version=index_version())
        if corrections:
            products = _title_matches(parsed.with_words_replaced(corrections), limit)
    taxonomy = _taxonomy_matches(parsed, corrections, max(1, limit // 2))
    return {
        "query": parsed.text,
        "products": products,
        "categories": taxonomy["category"],
        "brands": taxonomy["brand"],
        "corrected": parsed.with_words_replaced(corrections).text if corrections else "",
    }


# --- popular searches, history -------------------------------------------------------------------

def popular_searches(*, days: int = POPULAR_DAYS, limit: int = 10) -> list[dict]:
    """The most searched queries of the last `days` days that found something (cached for 10 minutes). With Redis,
    visitors' searches count from the flush that writes them (services.search_logs_flush, every 30 s)."""
    key = f"search:popular:{days}:{limit}"
    data = cache.get(key)
    if data is None:
        since = timezone.now() - timedelta(days=days)
        rows = (SearchQueryLog.objects.filter(created_at__gte=since, results_count__gt=0)
                .values("normalized").annotate(count=Count("id")).order_by("-count", "normalized")[:limit])
        data = [{"query": r["normalized"], "count": r["count"]} for r in rows]
        cache.set(key, data, 600)
    return data


def search_history(*, user, limit: int = 20) -> list[dict]:
    """The shopper's recent distinct searches, newest first, as they typed them (two queries)."""
    rows = list(SearchQueryLog.objects.filter(user=user, in_history=True).values("normalized")
                .annotate(last=Max("created_at")).order_by("-last")[:limit])
    if not rows:
        return []
    latest = {}
    for log in (SearchQueryLog.objects.filter(user=user, in_history=True,
                                              normalized__in=[r["normalized"] for r in rows])
                .order_by("-created_at").only("query", "normalized", "created_at")):
        latest.setdefault(log.normalized, log)
    return [{"query": latest[r["normalized"]].query, "normalized": r["normalized"], "searched_at": r["last"]}
            for r in rows if r["normalized"] in latest]


# --- staff analytics -----------------------------------------------------------------------------

def search_analytics(*, days: int = 30, limit: int = 20) -> dict:
    """Top queries, queries without results and result clicks over the last `days` days. With Redis, visitors'
    searches and clicks count from the flush that writes them (services.search_logs_flush, every 30 s)."""
    since = timezone.now() - timedelta(days=days)
    logs = SearchQueryLog.objects.filter(created_at__gte=since)
    top = list(logs.values("normalized").annotate(
        searches=Count("id", distinct=True), users=Count("user", distinct=True), clicks=Count("clicks"),
    ).order_by("-searches", "normalized")[:limit])
    for row in top:
        row["ctr"] = round(100 * row["clicks"] / row["searches"], 1) if row["searches"] else 0.0
    zero = list(logs.filter(results_count=0).values("normalized").annotate(
        searches=Count("id"), last=Max("created_at")).order_by("-searches", "-last")[:limit])
    clicks = SearchClick.objects.filter(created_at__gte=since)
    top_products = list(clicks.values("product_id", title=F("product__title")).annotate(
        clicks=Count("id")).order_by("-clicks", "title")[:limit])
    totals = logs.aggregate(searches=Count("id"), zero=Count("id", filter=Q(results_count=0)))
    per_day = list(logs.annotate(day=TruncDate("created_at")).values("day").annotate(
        searches=Count("id")).order_by("day"))
    click_total = clicks.count()
    return {
        "days": days,
        "searches": totals["searches"],
        "zero_results": totals["zero"],
        "zero_rate": round(100 * totals["zero"] / totals["searches"], 1) if totals["searches"] else 0.0,
        "clicks": click_total,
        "ctr": round(100 * click_total / totals["searches"], 1) if totals["searches"] else 0.0,
        "top_queries": top,
        "zero_result_queries": zero,
        "top_clicked_products": top_products,
        "per_day": per_day,
    }

