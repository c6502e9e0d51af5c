from django.urls import path

from apps.blog import feeds, views

app_name = "blog"

urlpatterns = [
    path("blog/", views.post_index, name="index"),
    path("blog/feed/rss/", feeds.LatestPostsRssFeed(), name="feed-rss"),
    path("blog/feed/atom/", feeds.LatestPostsAtomFeed(), name="feed-atom"),
    path("blog/category/<slug:slug>/", views.category_detail, name="category"),
    path("blog/tag/<slug:slug>/", views.tag_detail, name="tag"),
    path("blog/<slug:slug>/", views.post_detail, name="post"),
]
