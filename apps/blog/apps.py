from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "apps.blog"
    label = "blog"

    def ready(self):
        from apps.blog.sitemaps import sitemaps
        from apps.catalog.sitemaps import SITEMAPS

        SITEMAPS.update(sitemaps)  # the blog's posts and categories in the one sitemap.xml
