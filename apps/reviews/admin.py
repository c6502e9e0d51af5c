"""Back office for reviews: moderation queue (pending, reported), bulk approve/hide, deletion through the
service so the rating aggregates follow every decision."""
from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.reviews.domain import ReviewStatus
from apps.reviews.models import Review, ReviewImage, ReviewRequest
from apps.reviews.services import review_delete, reviews_moderate


class ReviewImageInline(admin.TabularInline):
    model = ReviewImage
    extra = 0
    can_delete = False
    fields = ("preview", "position")
    readonly_fields = ("preview", "position")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("image"))
    def preview(self, obj):
        if not obj.image:
            return "—"
        return format_html('<a href="{0}" target="_blank" rel="noopener"><img src="{0}" alt="" width="96"></a>',
                           obj.image.url)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("product", "author", "rating", "status", "is_reported", "is_verified_purchase", "image_count",
                    "helpful_count", "has_reply_display", "created_at")
    list_filter = ("status", "is_reported", "rating", "is_verified_purchase", ("replied_at", admin.EmptyFieldListFilter))
    search_fields = ("title", "content", "product__title", "author__email", "author__full_name", "shop__name",
                     "order__order_number")
    list_select_related = ("product", "author")
    date_hierarchy = "created_at"
    actions = ("approve_reviews", "hide_reviews", "delete_reviews")
    inlines = [ReviewImageInline]
    # Status changes go through the actions, deletion through the service: both keep the ratings in step.
    fields = ("product", "shop", "variant_name", "author", "order", "rating", "title", "content", "status",
              "moderation_flags", "moderated_by", "moderated_at", "is_reported", "report_reason", "reported_at",
              "seller_reply", "replied_at", "helpful_count", "not_helpful_count", "is_verified_purchase",
              "edited_at", "created_at", "updated_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=_("replied"), boolean=True)
    def has_reply_display(self, obj):
        return obj.has_reply

    def _moderate(self, request, queryset, status) -> int:
        return reviews_moderate(review_ids=list(queryset.values_list("pk", flat=True)), status=status,
                                by=request.user)

    @admin.action(description=_("Approve the selected reviews (publish)"), permissions=["change"])
    def approve_reviews(self, request, queryset):
        done = self._moderate(request, queryset, ReviewStatus.VISIBLE)
        self.message_user(request, ngettext("%(n)d review approved.", "%(n)d reviews approved.", done) % {"n": done},
                          messages.SUCCESS)

    @admin.action(description=_("Hide the selected reviews"), permissions=["change"])
    def hide_reviews(self, request, queryset):
        done = self._moderate(request, queryset, ReviewStatus.HIDDEN)
        self.message_user(request, ngettext("%(n)d review hidden.", "%(n)d reviews hidden.", done) % {"n": done},
                          messages.SUCCESS)

    @admin.action(description=_("Delete the selected reviews"), permissions=["delete"])
    def delete_reviews(self, request, queryset):
        done = 0
        for pk in queryset.values_list("pk", flat=True):
            review_delete(review_id=pk, by=request.user)
            done += 1
        self.message_user(request, ngettext("%(n)d review deleted.", "%(n)d reviews deleted.", done) % {"n": done},
                          messages.SUCCESS)

    def delete_model(self, request, obj):
        review_delete(review_id=obj.pk, by=request.user)


@admin.register(ReviewRequest)
class ReviewRequestAdmin(admin.ModelAdmin):
    list_display = ("order", "sent_at", "product_count")
    search_fields = ("order__order_number", "order__buyer__email")
    list_select_related = ("order",)
    readonly_fields = ("order", "sent_at", "product_count", "created_at")
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
