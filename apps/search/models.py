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
    description (SQLite matching). Price, stock, rating and sales are read from the product itself.
    """

    product = models.OneToOneField("catalog.Product", on_delete=models.CASCADE, primary_key=True,
                                   related_name="search_document", verbose_name=_("product"))
    title_key = models.CharField(_("normalised title"), max_length=255, db_index=True)
    plain = models.TextField(_("folded title, brand and category"))
    body = models.TextField(_("folded details"), blank=True)
    vector = SearchVectorField(_("search vector"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

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
