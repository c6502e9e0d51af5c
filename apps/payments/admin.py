"""Back office: payments with their event log, refunds, and the reconciliation report."""
import json
from datetime import timedelta

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.errors import DomainError
from apps.payments import selectors, services
from apps.payments.models import Payment, PaymentCustomer, PaymentEvent, Refund, SavedPaymentMethod


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = ("created_at", "amount", "currency", "status", "reason", "by", "provider_reference", "failure_message")
    readonly_fields = fields


class PaymentEventInline(ReadOnlyInline):
    model = PaymentEvent
    fields = ("created_at", "direction", "kind", "provider_type", "event_id", "amount", "currency", "applied", "ok",
              "note", "payload_pretty")
    readonly_fields = fields
    ordering = ("created_at",)

    @admin.display(description=_("payload (secrets removed)"))
    def payload_pretty(self, obj):
        return format_html("<details><summary>JSON</summary><pre>{}</pre></details>",
                           json.dumps(obj.payload, indent=2, ensure_ascii=False, default=str))


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ("order", "provider", "amount", "currency", "status", "refunded_amount", "provider_reference",
                    "created_at")
    list_filter = ("provider", "status", "created_at")
    search_fields = ("order__order_number", "provider_reference", "capture_reference", "order__buyer__email")
    list_select_related = ("order",)
    date_hierarchy = "created_at"
    readonly_fields = ("order", "provider", "amount", "currency", "status", "provider_reference", "capture_reference",
                       "provider_amount", "provider_currency", "refunded_amount", "idempotency_key",
                       "failure_message", "next_action", "save_payment_method", "paid_at", "failed_at", "created_at",
                       "updated_at", "refund_link")
    inlines = [RefundInline, PaymentEventInline]
    actions = ["refund_in_full"]
    change_list_template = "payments/admin/payment_change_list.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("refund"))
    def refund_link(self, obj):
        if not obj.is_paid or obj.status == "refunded":
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("payments:refund", kwargs={"pk": obj.pk}),
                           _("Refund all or part of it"))

    @admin.action(description=_("Refund the selected payments in full"), permissions=["change"])
    def refund_in_full(self, request, queryset):
        done = 0
        for payment in queryset.select_related("order__shop"):
            try:
                services.payment_refund(payment=payment, by=request.user, amount=None,
                                        reason=str(_("Refunded by staff from the back office.")))
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{payment.order}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, _("%(n)d payment(s) refunded.") % {"n": done}, messages.SUCCESS)

    def get_urls(self):
        report = self.admin_site.admin_view(self.reconciliation_view)
        return [path("reconciliation/", report, name="payments_reconciliation"), *super().get_urls()]

    def reconciliation_view(self, request):
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        try:
            days = max(1, min(int(request.GET.get("days", 30)), 366))
        except ValueError:
            days = 30
        only = request.GET.get("all") != "1"
        rows = selectors.reconciliation_report(since=timezone.now() - timedelta(days=days), only_mismatches=only)
        context = {**self.admin_site.each_context(request), "title": _("Payment reconciliation"), "rows": rows,
                   "days": days, "only_mismatches": only, "opts": self.model._meta,
                   "mismatches": sum(1 for row in rows if row.flags)}
        return TemplateResponse(request, "payments/admin/reconciliation.html", context)


@admin.register(PaymentEvent)
class PaymentEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "provider", "direction", "kind", "event_id", "payment", "amount", "applied", "ok",
                    "note")
    list_filter = ("provider", "direction", "kind", "applied", "ok")
    search_fields = ("event_id", "payment__provider_reference", "payment__order__order_number")
    list_select_related = ("payment__order",)
    readonly_fields = [f.name for f in PaymentEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ("created_at", "payment", "amount", "currency", "status", "by", "reason")
    list_filter = ("status",)
    search_fields = ("payment__order__order_number", "provider_reference")
    list_select_related = ("payment__order", "by")
    readonly_fields = [f.name for f in Refund._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SavedPaymentMethod)
class SavedPaymentMethodAdmin(admin.ModelAdmin):
    list_display = ("user", "brand", "last4", "exp_month", "exp_year", "created_at")
    search_fields = ("user__email", "payment_method_id")
    readonly_fields = [f.name for f in SavedPaymentMethod._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PaymentCustomer)
class PaymentCustomerAdmin(admin.ModelAdmin):
    list_display = ("user", "provider", "customer_id", "created_at")
    search_fields = ("user__email", "customer_id")
    readonly_fields = [f.name for f in PaymentCustomer._meta.fields]

    def has_add_permission(self, request):
        return False
