from django import forms
from django.utils.translation import gettext_lazy as _

from apps.shops.domain import normalize_business_phone


class ShopForm(forms.Form):
    name = forms.CharField(label=_("Shop name"), max_length=120)
    description = forms.CharField(label=_("About the shop"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    address = forms.CharField(label=_("Business address"), required=False, max_length=500)
    city = forms.CharField(label=_("City / province"), required=False, max_length=100)
    phone_number = forms.CharField(label=_("Phone number"), required=False, max_length=20)
    email = forms.EmailField(label=_("E-mail"), required=False)
    shipping_fee = forms.DecimalField(label=_("Standard shipping fee"), min_value=0, max_digits=14,
                                      decimal_places=2, initial=30000)
    express_shipping_fee = forms.DecimalField(label=_("Express shipping fee"), min_value=0, max_digits=14,
                                              decimal_places=2, initial=50000)
    free_shipping_threshold = forms.DecimalField(label=_("Free shipping from"), min_value=0, max_digits=14,
                                                 decimal_places=2, required=False,
                                                 help_text=_("Orders of this shop at or above this amount ship "
                                                             "free. Leave empty for never."))
    logo = forms.ImageField(label=_("Logo"), required=False)
    cover_image = forms.ImageField(label=_("Cover image"), required=False)

    def clean_phone_number(self):
        try:
            return normalize_business_phone(self.cleaned_data.get("phone_number", ""))
        except ValueError:
            raise forms.ValidationError(_("Enter a valid phone number, for example 0912345678.")) from None

    def to_service(self) -> dict:
        data = dict(self.cleaned_data)
        for key in ("logo", "cover_image"):
            if not data.get(key):
                data.pop(key, None)
        return data
