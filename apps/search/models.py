"""Search documents (one per product, kept by index_products), the spelling lexicon, and the query log.

The PostgreSQL-only indexes (GIN on the vector, GIN/GiST trigram on text) are created by the migration's
vendor-guarded operations rather than Meta.indexes, so the same models migrate on SQLite.
"""
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class ProductSearchDocument(models.Model):
    """What search reads for a product: a weighted tsvector (PostgreSQL) and folded text (trigram, SQLite).

    vector: title A; brand and category (with its ancestors) B; specifications and SKUs C; description D,
    built with unaccent so diacritics are optional. plain: " title brand category " folded and padded with
    spaces (trigram index on PostgreSQL; word-prefix matching on SQLite). body: folded specifications, SKUs and
    description (SQLite matching). The product columns below are copies (see there).
    """

    product = models.OneToOneField("catalog.Product", on_delete=models.CASCADE, primary_key=True,
                                   related_name="search_document", verbose_name=_("product"))
    title_key = models.CharField(_("normalised title"), max_length=255, db_index=True)
    plain = models.TextField(_("folded title, brand and category"))
    body = models.TextField(_("folded details"), blank=True)
    vector = SearchVectorField(_("search vector"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    # Copies of what search filters, sorts, ranks and counts facets by, so that on PostgreSQL a search reads
    # this table alone (no join to catalog_product and shops_shop for thousands of matches). Written with the
    # document and kept current by database triggers on catalog_product and shops_shop (migration 0003).
    # The SQLite engine reads the product itself and does not use them.
    is_public = models.BooleanField(_("public"), default=False,
                                    help_text=_("Active, not deleted, and its shop is active."))
    category = models.ForeignKey("catalog.Category", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True,
                                 related_name="+", verbose_name=_("category"))
    brand = models.ForeignKey("catalog.Brand", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True,
                              related_name="+", verbose_name=_("brand"))
    condition = models.CharField(_("condition"), max_length=12, blank=True)
    price = models.DecimalField(_("price from"), max_digits=14, decimal_places=2, default=0)
    in_stock = models.BooleanField(_("in stock"), default=False)
    average_rating = models.DecimalField(_("average rating"), max_digits=3, decimal_places=2, default=0)
    review_count = models.PositiveIntegerField(_("reviews"), default=0)
    sold_count = models.PositiveIntegerField(_("sold"), default=0)
    created_at = models.DateTimeField(_("listed at"), null=True)

    class Meta:
        verbose_name = _("product search document")
        verbose_name_plural = _("product search documents")

    def __str__(self):
        return self.title_key


class SearchTerm(models.Model):
    """A word of the catalogue (titles, brands, categories): the vocabulary of spelling correction."""

    word = models.CharField(_("word"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self):
        return self.word


class SearchQueryLog(TimeStampedModel):
    """One search a shopper ran (page 1 of results): analytics, popular searches and personal history."""

    query = models.CharField(_("query"), max_length=200)
    normalized = models.CharField(_("normalised query"), max_length=255, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="search_logs", verbose_name=_("user"))
    results_count = models.PositiveIntegerField(_("results"), default=0)
    in_history = models.BooleanField(_("shown in history"), default=True,
                                     help_text=_("Cleared by the shopper; the row stays for analytics."))

    class Meta:
        verbose_name = _("search")
        verbose_name_plural = _("searches")
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["user", "in_history", "-created_at"], name="search_log_history_idx")]

    def __str__(self):
        return self.query


class SearchClick(TimeStampedModel):
    """A shopper opened a product from a results page."""

    query_log = models.ForeignKey(SearchQueryLog, on_delete=models.CASCADE, related_name="clicks",
                                  verbose_name=_("search"))
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="search_clicks",
                                verbose_name=_("product"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("user"))

    class Meta:
        verbose_name = _("search click")
        verbose_name_plural = _("search clicks")
        ordering = ("-created_at",)

    def __str__(self):
        return f"{self.query_log_id} → {self.product_id}"
