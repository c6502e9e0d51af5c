from django import forms
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import Category, Product
from apps.vouchers.domain import VoucherAudience
from apps.vouchers.models import Voucher

FIELDS = ("code", "title", "description", "type", "value", "max_discount", "min_order_value", "starts_at", "ends_at",
          "usage_limit", "per_user_limit", "scope", "categories", "products", "first_order_only", "audience",
          "is_active")


class SellerVoucherForm(forms.ModelForm):
    """A shop's voucher. Products are limited to the shop's own; the chosen-users audience is staff-only."""

    starts_at = forms.DateTimeField(label=_("Starts at"), required=False,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends at"), required=False,
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    class Meta:
        model = Voucher
        fields = FIELDS

    def __init__(self, *args, shop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = Product.objects.filter(shop=shop, is_deleted=False).order_by("title")
        self.fields["categories"].queryset = Category.objects.filter(is_active=True).order_by("path")
        self.fields["audience"].choices = [c for c in VoucherAudience.choices if c[0] != VoucherAudience.CHOSEN_USERS]
        self.fields["code"].validators = []

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        return {"categories": data.pop("categories", []), "products": data.pop("products", []), **data}
