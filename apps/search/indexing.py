"""Building search documents from products (one batch at a time) and the spelling lexicon."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils.html import strip_tags

from apps.search.models import ProductSearchDocument, SearchTerm
from apps.search.query import raw_words, words

BATCH_SIZE = 500
DESCRIPTION_CHARS = 4000  # of plain description text indexed; the rest adds little but weight
MIN_LEXICON_WORD = 3


@dataclass(frozen=True)
class DocumentTexts:
    """The weighted texts of one product (raw: case and accents kept) and its folded forms."""

    product_id: object
    title: str  # A
    labels: str  # B: brand, category and its ancestors
    details: str  # C: specifications and SKUs
    description: str  # D

    @property
    def title_key(self) -> str:
        return " ".join(words(self.title))[:255]

    @property
    def plain(self) -> str:
        return " " + " ".join(words(f"{self.title} {self.labels}")) + " "

    @property
    def body(self) -> str:
        return " " + " ".join(words(f"{self.details} {self.description}")) + " "

    def lexicon(self) -> set[str]:
        return {w for w in words(f"{self.title} {self.labels}") if len(w) >= MIN_LEXICON_WORD and not w.isdigit()}


def _category_labels(categories) -> dict:
    """{category pk: "Name Parent Grandparent"} for the given categories, ancestors in one query."""
    from apps.catalog.models import Category

    categories = [c for c in categories if c is not None]
    if not categories:
        return {}
    steplen = Category.steplen
    prefixes = {c.path[:i] for c in categories for i in range(steplen, len(c.path), steplen)}
    names = {c.path: c.name for c in categories}
    if prefixes:
        names.update(dict(Category.objects.filter(path__in=prefixes).values_list("path", "name")))
    labels = {}
    for c in categories:
        chain = [names.get(c.path[:i], "") for i in range(len(c.path), 0, -steplen)]
        labels[c.pk] = " ".join(n for n in chain if n)
    return labels


def _spec_text(specifications) -> str:
    parts = []
    if isinstance(specifications, list):
        for item in specifications:
            if isinstance(item, dict):
                parts += [str(item.get("name", "")), str(item.get("value", ""))]
            else:
                parts.append(str(item))
    elif isinstance(specifications, dict):
        for k, v in specifications.items():
            parts += [str(k), str(v)]
    return " ".join(parts)


def document_texts(products) -> list[DocumentTexts]:
    """Texts for products fetched with brand, category and variants (see products_for_indexing)."""
    products = list(products)
    labels = _category_labels({p.category_id: p.category for p in products}.values())
    texts = []
    for p in products:
        skus = " ".join(v.sku for v in p.variants.all())
        variant_names = " ".join(v.name for v in p.variants.all() if v.name and v.name != "Default")
        texts.append(DocumentTexts(
            product_id=p.pk,
            title=p.title,
            labels=f"{p.brand.name if p.brand_id else ''} {labels.get(p.category_id, '')}".strip(),
            details=f"{_spec_text(p.specifications)} {variant_names} {skus}".strip(),
            description=strip_tags(p.description or "")[:DESCRIPTION_CHARS],
        ))
    return texts


def products_for_indexing(product_ids: Iterable):
    from apps.catalog.models import Product, Variant

    return (Product.objects.filter(pk__in=list(product_ids))
            .select_related("brand", "category")
            .prefetch_related(Prefetch("variants", queryset=Variant.objects.filter(is_deleted=False)
                                       .only("id", "product_id", "sku", "name"))))


COPIED_COLUMNS = ("category_id", "brand_id", "condition", "price", "in_stock", "average_rating", "review_count",
                  "sold_count", "created_at")  # kept current by the triggers of migration 0003 afterwards
_PUBLIC = "(p.status = 'active' AND NOT p.is_deleted AND s.status = 'active')"

_PG_UPSERT = f"""
INSERT INTO search_productsearchdocument
    (product_id, title_key, plain, body, indexed_at, vector, is_public, {", ".join(COPIED_COLUMNS)})
SELECT p.id, %s, %s, %s, now(),
        setweight(to_tsvector('simple'::regconfig, unaccent(%s)), 'A') ||
        setweight(to_tsvector('simple'::regconfig, unaccent(%s)), 'B') ||
        setweight(to_tsvector('simple'::regconfig, unaccent(%s)), 'C') ||
        setweight(to_tsvector('simple'::regconfig, unaccent(%s)), 'D'),
        {_PUBLIC}, {", ".join(f"p.{c}" for c in COPIED_COLUMNS)}
FROM catalog_product p JOIN shops_shop s ON s.id = p.shop_id WHERE p.id = %s
ON CONFLICT (product_id) DO UPDATE SET title_key = EXCLUDED.title_key, plain = EXCLUDED.plain,
    body = EXCLUDED.body, indexed_at = EXCLUDED.indexed_at, vector = EXCLUDED.vector,
    is_public = EXCLUDED.is_public, {", ".join(f"{c} = EXCLUDED.{c}" for c in COPIED_COLUMNS)}
"""  # noqa: S608  # nosec B608: column names are the constants above; values are parameters


def _vector_input(text: str) -> str:
    # Words split exactly as queries are split (punctuation separates), so "3.5mm" or "wi-fi" index and
    # match the same tokens; unaccent and to_tsvector('simple') then fold case and accents in SQL.
    return " ".join(raw_words(text))


def _write_postgres(texts: list[DocumentTexts]) -> None:
    rows = [
        (t.title_key, t.plain, t.body, _vector_input(t.title), _vector_input(t.labels), _vector_input(t.details),
         _vector_input(t.description), t.product_id)
        for t in texts
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        # The product rows are share-locked first, so a product update racing this batch either commits
        # before the copies are read here or waits and then updates the document through its trigger.
        cursor.execute("SELECT 1 FROM catalog_product WHERE id = ANY(%s) ORDER BY id FOR SHARE",
                       [[t.product_id for t in texts]])
        cursor.executemany(_PG_UPSERT, rows)


def _write_sqlite(texts: list[DocumentTexts], products: dict) -> None:
    from apps.catalog.selectors import public_products

    public = set(public_products().filter(pk__in=list(products)).values_list("pk", flat=True))

    def copies(p):
        return {"is_public": p.pk in public, **{c: getattr(p, c) for c in COPIED_COLUMNS}}

    fields = ["title_key", "plain", "body", "indexed_at", "is_public", *COPIED_COLUMNS]
    ProductSearchDocument.objects.bulk_create(
        [ProductSearchDocument(product_id=t.product_id, title_key=t.title_key, plain=t.plain, body=t.body,
                               **copies(products[t.product_id])) for t in texts],
        update_conflicts=True, unique_fields=["product"], update_fields=fields,
    )


def write_documents(texts: list[DocumentTexts], products: dict | None = None) -> None:
    """Upsert the documents; `products` ({pk: product}) is needed on SQLite only."""
    if not texts:
        return
    if connection.vendor == "postgresql":
        _write_postgres(texts)
    else:
        if products is None:
            products = {p.pk: p for p in products_for_indexing([t.product_id for t in texts])}
        _write_sqlite(texts, products)
    lexicon = set().union(*(t.lexicon() for t in texts))
    SearchTerm.objects.bulk_create([SearchTerm(word=w[:64]) for w in sorted(lexicon)], ignore_conflicts=True)


def index_batch(product_ids: list) -> int:
    """(Re)build the documents of these products; ids of deleted products are skipped. Returns how many."""
    products = {p.pk: p for p in products_for_indexing(product_ids)}
    texts = document_texts(products.values())
    write_documents(texts, products)
    return len(texts)


def add_lexicon_words(names: Iterable[str]) -> None:
    """Brand and category names are words shoppers type too."""
    lexicon = {w for name in names for w in words(name) if len(w) >= MIN_LEXICON_WORD and not w.isdigit()}
    SearchTerm.objects.bulk_create([SearchTerm(word=w[:64]) for w in sorted(lexicon)], ignore_conflicts=True)
