"""Staff issue, revoke and rotate integration keys here. A new token is shown once, on a page that is
never cached; afterwards only its prefix is visible."""
from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.errors import DomainError
from apps.integrations import domain, services
from apps.integrations.models import ApiKey


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(label=_("scopes"), choices=domain.Scope.choices,
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiKey
        fields = ("name", "scopes", "shop", "expires_at")

    def clean(self):
        cleaned = super().clean()
        problems = domain.scopes_check(cleaned.get("scopes") or [], has_shop=bool(cleaned.get("shop")))
        if problems:
            raise forms.ValidationError(problems)
        return cleaned


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ("name", "display_prefix", "scope_list", "shop", "usable", "expires_at", "last_used_at",
                    "revoked_at", "created_by", "created_at")
    list_filter = ("revoked_at", "created_at")
    search_fields = ("name", "prefix", "shop__name")
    autocomplete_fields = ("shop",)
    list_select_related = ("shop", "created_by")
    actions = ("revoke_keys", "rotate_key")
    readonly_fields = ("prefix", "created_by", "revoked_at", "revoked_by", "replaced_by", "last_used_at",
                       "created_at", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return ("scopes", "shop", *self.readonly_fields)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description=_("key"))
    def display_prefix(self, obj):
        return f"cho_{obj.prefix}_…"

    @admin.display(description=_("scopes"))
    def scope_list(self, obj):
        return ", ".join(obj.scopes)

    @admin.display(description=_("usable"), boolean=True)
    def usable(self, obj):
        return obj.is_usable

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        _key, request._issued_token = services.api_key_issue(
            name=obj.name, scopes=form.cleaned_data["scopes"], shop=obj.shop, expires_at=obj.expires_at,
            by=request.user, key=obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self._token_page(request, obj, request._issued_token)

    def _token_page(self, request, key, token):
        response = TemplateResponse(request, "integrations/admin/token_shown.html", {
            **self.admin_site.each_context(request), "title": _("API key issued"), "key": key, "token": token,
            "opts": self.model._meta})
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke_keys(self, request, queryset):
        count = 0
        for key in queryset.filter(revoked_at__isnull=True):
            services.api_key_revoke(key=key, by=request.user)
            count += 1
        self.message_user(request, ngettext("%(n)d key revoked.", "%(n)d keys revoked.", count) % {"n": count},
                          messages.SUCCESS)

    @admin.action(description=_("Rotate the selected key (the old one stays valid for the grace period)"),
                  permissions=["change"])
    def rotate_key(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one key to rotate."), messages.ERROR)
            return None
        try:
            key, token = services.api_key_rotate(key=queryset.get(), by=request.user)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return None
        return self._token_page(request, key, token)
