"""Storefront forms of checkout, cancellation and the seller centre. Validation of input only."""
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.orders.domain import PaymentMethod, ShippingMethod

NEW_ADDRESS = "new"


class CheckoutForm(forms.Form):
    address = forms.ChoiceField(label=_("Delivery address"), widget=forms.RadioSelect)
    recipient_name = forms.CharField(label=_("Recipient"), max_length=150, required=False)
    phone_number = forms.CharField(label=_("Phone number"), max_length=20, required=False)
    street_address = forms.CharField(label=_("Street address"), max_length=255, required=False)
    ward = forms.CharField(label=_("Ward"), max_length=100, required=False)
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    city = forms.CharField(label=_("City / province"), max_length=100, required=False)
    shipping_method = forms.ChoiceField(label=_("Delivery"), choices=ShippingMethod.choices,
                                        initial=ShippingMethod.STANDARD, widget=forms.RadioSelect)
    voucher_codes = forms.CharField(label=_("Voucher codes"), required=False, max_length=200,
                                    help_text=_("Separate several codes with commas."))
    payment_method = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect,
                                       initial=PaymentMethod.COD)
    notes = forms.CharField(label=_("Note for the shop"), required=False, max_length=1000,
                            widget=forms.Textarea(attrs={"rows": 2}))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)

    ADDRESS_FIELDS = ("recipient_name", "phone_number", "street_address", "ward", "district", "city")

    def __init__(self, *args, addresses=(), payment_methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.addresses = list(addresses)
        choices = [(str(a.pk), f"{a.recipient_name} · {a.phone_number} · {a.one_line}") for a in self.addresses]
        choices.append((NEW_ADDRESS, _("A new address")))
        self.fields["address"].choices = choices
        default = next((a for a in self.addresses if a.is_default), self.addresses[0] if self.addresses else None)
        self.fields["address"].initial = str(default.pk) if default else NEW_ADDRESS
        labels = dict(PaymentMethod.choices)
        self.fields["payment_method"].choices = [(m, labels[m]) for m in payment_methods]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", str(uuid.uuid4()))

    @property
    def address_subfields(self):
        return [self[name] for name in self.ADDRESS_FIELDS]

    def clean_voucher_codes(self):
        raw = self.cleaned_data.get("voucher_codes") or ""
        return [code.strip().upper() for code in raw.replace(";", ",").split(",") if code.strip()]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("address") == NEW_ADDRESS:
            for name in self.ADDRESS_FIELDS:
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, _("This field is required."))
        return cleaned

    def selected_address(self):
        wanted = self.cleaned_data.get("address")
        return next((a for a in self.addresses if str(a.pk) == wanted), None)

    def new_address_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.ADDRESS_FIELDS}


class SummaryForm(forms.Form):
    """The fields the checkout summary depends on (sent by htmx when one changes)."""

    shipping_method = forms.ChoiceField(choices=ShippingMethod.choices, required=False)
    voucher_codes = forms.CharField(required=False, max_length=200)

    def clean_shipping_method(self):
        return self.cleaned_data.get("shipping_method") or ShippingMethod.STANDARD

    clean_voucher_codes = CheckoutForm.clean_voucher_codes


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why do you cancel?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class SellerStatusForm(forms.Form):
    status = forms.CharField(widget=forms.HiddenInput, max_length=12)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=80, required=False)
    carrier = forms.CharField(label=_("Carrier"), max_length=80, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
