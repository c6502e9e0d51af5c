from django import forms
from django.utils.translation import gettext_lazy as _


class RefundForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=0, required=False,
                                help_text=_("Leave empty to refund everything not refunded yet."))
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class StripeStartForm(forms.Form):
    save_payment_method = forms.BooleanField(label=_("Save this card for next time"), required=False)
    saved_method_id = forms.UUIDField(required=False)
