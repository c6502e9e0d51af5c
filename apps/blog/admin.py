from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from apps.blog import domain, services
from apps.blog.forms import MarkdownPreviewWidget, PostAdminForm
from apps.blog.models import Category, Post, PostStatus, Tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "sort_order")
    list_editable = ("sort_order",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


class LiveFilter(admin.SimpleListFilter):
    title = _("visible to the public")
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return (("yes", _("Yes")), ("no", _("No")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.visible()
        if self.value() == "no":
            return queryset.exclude(pk__in=Post.objects.visible().values("pk"))
        return queryset


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    form = PostAdminForm
    list_display = ("title", "status", "publish_at", "is_live", "category", "featured", "reading_time", "view_count")
    list_filter = (LiveFilter, "status", "featured", "category", "tags", ("publish_at", admin.DateFieldListFilter))
    search_fields = ("title", "slug", "excerpt", "body")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("category", "tags")
    raw_id_fields = ("products",)
    date_hierarchy = "publish_at"
    list_select_related = ("category",)
    readonly_fields = ("rendered_body", "reading_time", "view_count", "author_link", "created_at", "updated_at")
    actions = ("publish_now", "make_draft")
    fieldsets = (
        (None, {"fields": ("title", "slug", "excerpt", "body", "rendered_body")}),
        (_("Publication"), {"fields": ("status", "publish_at", "featured", "category", "tags", "products")}),
        (_("Cover image"), {"fields": ("cover_image", "cover_alt")}),
        (_("SEO"), {"fields": ("seo_title", "seo_description", "seo_keywords"), "classes": ("collapse",)}),
        (_("Statistics"), {"fields": ("author_link", "reading_time", "view_count", "created_at", "updated_at")}),
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["widgets"] = {**kwargs.get("widgets", {}),
                             "body": MarkdownPreviewWidget(preview_url=reverse("admin:blog_post_preview"))}
        return super().get_form(request, obj, change, **kwargs)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [path("preview/", preview, name="blog_post_preview"), *super().get_urls()]

    def preview_view(self, request):
        """The rendered, sanitised HTML of the posted Markdown (the change form's Preview button)."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        return require_POST(lambda r: HttpResponse(domain.render_markdown(r.POST.get("body", ""))))(request)

    @admin.display(description=_("rendered body"))
    def rendered_body(self, post):
        if not post.body_html:
            return "—"
        return format_html('<div class="blog-preview blog-prose">{}</div>', mark_safe(post.body_html))  # nosec B308, B703  # body_html is sanitised by nh3 (blog.domain)

    @admin.display(description=_("author"))
    def author_link(self, post):
        return str(post.author) if post.author else "—"

    @admin.display(description=_("live"), boolean=True)
    def is_live(self, post):
        return post.is_visible

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        services.post_prepare(post=obj)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish selected posts now"))
    def publish_now(self, request, queryset):
        now = timezone.now()
        for post in queryset.exclude(status=PostStatus.PUBLISHED, publish_at__lte=now):
            services.post_update(post=post, status=PostStatus.PUBLISHED, publish_at=now)

    @admin.action(description=_("Move selected posts back to draft"))
    def make_draft(self, request, queryset):
        for post in queryset.exclude(status=PostStatus.DRAFT):
            services.post_update(post=post, status=PostStatus.DRAFT)
