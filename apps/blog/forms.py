from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.blog import domain
from apps.blog.models import Post


class MarkdownPreviewWidget(forms.Textarea):
    """A Markdown textarea with a "Preview" button: static/blog/admin_preview.js posts the text to the
    admin's preview view and shows the rendered, sanitised HTML below (no inline script: CSP)."""

    template_name = "blog/widgets/markdown_preview.html"

    def __init__(self, *, preview_url: str = "", attrs=None):
        self.preview_url = preview_url
        super().__init__(attrs={"rows": 24, "class": "vLargeTextField blog-markdown", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["preview_url"] = self.preview_url
        return context

    class Media:
        js = ("blog/admin_preview.js",)
        css = {"all": ("css/blog.css",)}


class PostAdminForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ("title", "slug", "excerpt", "body", "status", "publish_at", "featured", "category", "tags", "products",
                  "cover_image", "cover_alt", "seo_title", "seo_description", "seo_keywords")

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if slug in domain.RESERVED_SLUGS:
            raise forms.ValidationError(_("This slug is reserved; choose another."))
        return slug

    def clean(self):
        """The same publication rules as the API (domain.resolve_publication), applied before the model's
        constraints are validated: "published" without a time means now, a future time means scheduled."""
        cleaned = super().clean()
        if "status" not in cleaned:
            return cleaned
        try:
            publication = domain.resolve_publication(status=cleaned["status"], publish_at=cleaned.get("publish_at"),
                                                     now=timezone.now())
        except domain.PublicationError:
            self.add_error("publish_at", _("A scheduled post needs a publish time."))
            return cleaned
        cleaned["status"], cleaned["publish_at"] = publication.status, publication.publish_at
        return cleaned
