import datetime as dt

import factory
from django.utils import timezone

from apps.blog import services
from apps.blog.models import Category, Post, PostStatus, Tag


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Chuyên mục {n}")
    slug = factory.Sequence(lambda n: f"chuyen-muc-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"thẻ {n}")
    slug = factory.Sequence(lambda n: f"the-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    """A published post (an hour ago) made through the service, so body_html and reading time are real.
    PostFactory(tags=[tag, ...], products=[...]) sets the relations."""

    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Bài viết số {n}")
    body = "Xin chào **thế giới**.\n\nMột đoạn văn ngắn về điện thoại và lập trình."
    status = PostStatus.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    author = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.post_create(**kwargs)


def draft(**kwargs) -> Post:
    return PostFactory(status=PostStatus.DRAFT, publish_at=None, **kwargs)


def scheduled(*, in_hours: float = 24, **kwargs) -> Post:
    return PostFactory(status=PostStatus.SCHEDULED, publish_at=timezone.now() + dt.timedelta(hours=in_hours),
                       **kwargs)
