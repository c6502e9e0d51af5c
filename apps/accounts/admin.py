from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.accounts import services
from apps.accounts.models import Address, SecurityEvent, SecurityEventKind, User
from apps.accounts.phone import normalize_phone
from apps.core.errors import DomainError


class PhoneAndEmailCleaning:
    def clean_phone_number(self):
        value = self.cleaned_data.get("phone_number")
        return normalize_phone(value) if value else None

    def clean_email(self):
        value = self.cleaned_data.get("email")
        return value.strip().lower() if value else None

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone_number"):
            raise forms.ValidationError(_("A user needs an e-mail address or a phone number."))
        return cleaned


class UserCreateForm(PhoneAndEmailCleaning, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "phone_number", "full_name", "role")


class UserEditForm(PhoneAndEmailCleaning, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class UserActionForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)


class AddressInline(admin.TabularInline):
    """Read-only: addresses change through their owner, where the one-default rule is kept."""

    model = Address
    extra = 0
    fields = ("recipient_name", "phone_number", "street_address", "ward", "district", "city", "is_default",
              "created_at")
    readonly_fields = fields
    can_delete = False
    ordering = ("-is_default", "-created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    action_form = UserActionForm
    list_display = ("__str__", "email", "phone_number", "role", "is_verified", "is_suspended", "is_staff",
                    "date_joined")
    list_filter = ("role", "is_verified", "is_suspended", "is_staff", "is_active")
    search_fields = ("email", "phone_number", "full_name")
    ordering = ("-date_joined",)
    readonly_fields = ("is_suspended", "last_login", "date_joined", "updated_at")
    inlines = [AddressInline]
    actions = ["suspend_users", "unsuspend_users"]
    fieldsets = (
        (None, {"fields": ("email", "phone_number", "password")}),
        (_("Profile"), {"fields": ("full_name", "avatar", "marketing_opt_in")}),
        (_("Status"), {"fields": ("role", "is_verified", "is_suspended", "is_active")}),
        (_("Permissions"), {"classes": ("collapse",),
                            "fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined", "updated_at")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",),
                "fields": ("email", "phone_number", "full_name", "role", "usable_password", "password1", "password2")}),
    )

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []

    def save_model(self, request, obj, form, change):
        """A role change goes through user_set_role, so it is audited."""
        new_role = obj.role
        if change and "role" in form.changed_data:
            obj.role = form.initial.get("role", obj.role)
        super().save_model(request, obj, form, change)
        if change and new_role != obj.role:
            services.user_set_role(user=obj, role=new_role, by=request.user)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None:
                services.security_event_record(kind=SecurityEventKind.PASSWORD_CHANGED, user=user,
                                               actor=request.user, request=request, details={"by": "admin"})
                services.tokens_revoke_all(user=user, reason="password_changed", actor=request.user,
                                           client=services.ClientInfo.from_request(request))
        return response

    @admin.action(description=_("Suspend the selected users (give a reason)"), permissions=["change"])
    def suspend_users(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        done = 0
        for user in queryset:
            try:
                services.user_suspend(user=user, by=request.user, reason=reason)
            except DomainError as exc:
                self.message_user(request, f"{user}: {exc.message}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, ngettext("%(count)d user suspended.", "%(count)d users suspended.", done)
                          % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Lift the suspension of the selected users"), permissions=["change"])
    def unsuspend_users(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        for user in queryset:
            services.user_unsuspend(user=user, by=request.user, reason=reason)
        count = queryset.count()
        self.message_user(request, ngettext("%(count)d user reinstated.", "%(count)d users reinstated.", count)
                          % {"count": count}, messages.SUCCESS)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The audit log: read-only, for everyone including superusers."""

    list_display = ("created_at", "kind", "user", "actor", "identifier", "ip_address", "short_user_agent")
    list_filter = ("kind", ("created_at", admin.DateFieldListFilter))
    search_fields = ("user__email", "user__phone_number", "user__full_name", "identifier", "ip_address")
    list_select_related = ("user", "actor")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    readonly_fields = ("created_at", "kind", "user", "actor", "identifier", "ip_address", "user_agent", "details")
    fields = readonly_fields
    show_full_result_count = False

    @admin.display(description=_("user agent"))
    def short_user_agent(self, event):
        return (event.user_agent[:60] + "…") if len(event.user_agent) > 60 else event.user_agent

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
