from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.blog import domain
from apps.core.models import TimeStampedModel


class PostStatus(models.TextChoices):
    DRAFT = domain.DRAFT, _("Draft")
    SCHEDULED = domain.SCHEDULED, _("Scheduled")
    PUBLISHED = domain.PUBLISHED, _("Published")


def visible_q(prefix: str = "", *, now=None) -> Q:
    """The condition "the public may see this post" (domain.is_visible as a query), optionally through a
    relation: visible_q("posts__") filters categories by their posts."""
    now = now or timezone.now()
    return Q(**{f"{prefix}status__in": (PostStatus.SCHEDULED, PostStatus.PUBLISHED), f"{prefix}publish_at__lte": now})


class Category(TimeStampedModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("blog category")
        verbose_name_plural = _("blog categories")
        ordering = ("sort_order", "name")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:category", kwargs={"slug": self.slug})


class Tag(TimeStampedModel):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("blog tag")
        verbose_name_plural = _("blog tags")
        ordering = ("name",)

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:tag", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet):
    def visible(self, *, now=None):
        return self.filter(visible_q(now=now))


class Post(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="blog_posts")
    excerpt = models.TextField(_("excerpt"), blank=True, help_text=_("Shown in lists and feeds. Left empty, the "
                                                                     "beginning of the body is used."))
    body = models.TextField(_("body (Markdown)"), blank=True)
    body_html = models.TextField(_("rendered body"), blank=True, editable=False)
    cover_image = models.ImageField(_("cover image"), upload_to="blog/covers/%Y/%m/", blank=True)
    cover_alt = models.CharField(_("cover image description"), max_length=200, blank=True)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="posts")
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="posts")
    status = models.CharField(_("status"), max_length=10, choices=PostStatus.choices, default=PostStatus.DRAFT)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True,
                                      help_text=_("A scheduled post appears by itself at this time."))
    featured = models.BooleanField(_("featured"), default=False)
    products = models.ManyToManyField("catalog.Product", verbose_name=_("products mentioned"), blank=True,
                                      related_name="blog_posts",
                                      help_text=_("Shown beside the post while they are on sale."))
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)
    seo_keywords = models.CharField(_("SEO keywords"), max_length=255, blank=True,
                                    help_text=_("Comma-separated."))
    reading_time = models.PositiveSmallIntegerField(_("reading time (minutes)"), default=1, editable=False)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")
        ordering = ("-publish_at", "-created_at")
        indexes = [
            models.Index(fields=["status", "publish_at"], name="blog_post_status_publish_idx"),
            models.Index(fields=["featured", "publish_at"], name="blog_post_featured_idx",
                         condition=Q(featured=True)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status=PostStatus.DRAFT) | Q(publish_at__isnull=False),
                                   name="blog_post_publish_at_unless_draft"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("blog:post", kwargs={"slug": self.slug})

    @property
    def is_visible(self) -> bool:
        return domain.is_visible(status=self.status, publish_at=self.publish_at, now=timezone.now())

    @property
    def meta_title(self) -> str:
        return self.seo_title or self.title

    @property
    def meta_description(self) -> str:
        return self.seo_description or domain.make_excerpt(self.summary, max_chars=160)

    @property
    def summary(self) -> str:
        return self.excerpt or domain.make_excerpt(domain.plain_text(self.body_html, skip_code=True))

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.seo_keywords.split(",") if k.strip()]
