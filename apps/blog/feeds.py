"""RSS 2.0 and Atom feeds of the latest published posts."""
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from apps.blog import selectors

FEED_SIZE = 20


class LatestPostsRssFeed(Feed):
    title = _("Chợ blog")
    link = reverse_lazy("blog:index")
    description = _("Guides, reviews and tips about electronics and programming from Chợ.")

    def items(self):
        return selectors.posts_visible()[:FEED_SIZE]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.summary

    def item_link(self, post):
        return post.get_absolute_url()

    def item_guid(self, post):
        return str(post.pk)

    item_guid_is_permalink = False

    def item_pubdate(self, post):
        return post.publish_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_author_name(self, post):
        return str(post.author) if post.author else None

    def item_categories(self, post):
        names = [post.category.name] if post.category else []
        return names + [tag.name for tag in post.tags.all()]


class LatestPostsAtomFeed(LatestPostsRssFeed):
    feed_type = Atom1Feed
    subtitle = LatestPostsRssFeed.description
