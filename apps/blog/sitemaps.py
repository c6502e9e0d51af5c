"""Sitemap entries of the blog; the project's sitemap.xml includes `sitemaps` below."""
from apps.blog import selectors
from apps.blog.models import Post
from apps.catalog.sitemaps import SiteUrlSitemap as Sitemap


class BlogPostSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self):
        return Post.objects.visible().only("slug", "updated_at", "publish_at").order_by("-publish_at")

    def lastmod(self, post):
        return post.updated_at


class BlogCategorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return selectors.categories_with_counts().filter(post_count__gt=0).order_by("sort_order", "name")

    def lastmod(self, category):
        return category.updated_at

    def location(self, category):
        return category.get_absolute_url()


sitemaps = {"blog-posts": BlogPostSitemap, "blog-categories": BlogCategorySitemap}
