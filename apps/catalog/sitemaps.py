"""sitemap.xml: the catalogue's sections. Other apps may add theirs: SITEMAPS["blog"] = BlogSitemap."""
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from apps.catalog.models import Category
from apps.catalog.selectors import public_products
from apps.catalog.seo import site_domain
from apps.shops.models import Shop


class SiteUrlSitemap(Sitemap):
    """Absolute URLs on settings.SITE_URL (not the django.contrib.sites row)."""

    limit = 5000

    def get_domain(self, site=None):
        return site_domain()[1]

    def get_protocol(self, protocol=None):
        return site_domain()[0]


class StaticPagesSitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["catalog:home", "catalog:categories", "shops:list"]

    def location(self, item):
        return reverse(item)


class ProductSitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return public_products().only("slug", "updated_at").order_by("-updated_at", "pk")

    def lastmod(self, obj):
        return obj.updated_at


class CategorySitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Category.objects.filter(is_active=True).only("slug", "path").order_by("path")


class ShopSitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Shop.objects.active().only("slug", "updated_at").order_by("name", "pk")

    def lastmod(self, obj):
        return obj.updated_at


SITEMAPS: dict = {
    "pages": StaticPagesSitemap,
    "products": ProductSitemap,
    "categories": CategorySitemap,
    "shops": ShopSitemap,
}
