"""Storefront forms. They check the shape of the input; the rules live in the services, whose
errors are put next to the field they concern (form_add_domain_error)."""
from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from apps.accounts.phone import normalize_phone
from apps.core.errors import DomainError

PHONE_ATTRS = {"autocomplete": "tel", "inputmode": "tel", "placeholder": "0912345678"}


def form_add_domain_error(form: forms.Form, exc: DomainError, field_map: dict | None = None) -> None:
    """Show a service error next to the fields it names (else at the top of the form)."""
    field_map = field_map or {}
    placed = False
    for name, messages in (exc.details or {}).items():
        name = field_map.get(name, name)
        if name in form.fields and isinstance(messages, list | tuple):
            for message in messages:
                form.add_error(name, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Phone number"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs=PHONE_ATTRS))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalize_phone(value) if value else value


class PasswordPairMixin:
    password_field_names = ("password1", "password2")

    def clean(self):
        cleaned = super().clean()
        first, second = (cleaned.get(name) for name in self.password_field_names)
        if first and second and first != second:
            self.add_error(self.password_field_names[1], _("The two passwords do not match."))
        return cleaned


def password_pair(label=None):
    label = label or _("Password")
    return (
        forms.CharField(label=label, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                        help_text=password_validators_help_text_html()),
        forms.CharField(label=_("Repeat the password"), strip=False,
                        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})),
    )


class PhoneSignupForm(PasswordPairMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone_number = PhoneField(help_text=_("A Vietnamese mobile number. We will text you a 6-digit code."))
    email = forms.EmailField(label=_("E-mail (optional)"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1, password2 = password_pair()


class OtpForm(forms.Form):
    otp = forms.RegexField(label=_("Verification code"), regex=r"^\d{6}$", max_length=6,
                           error_messages={"invalid": _("Enter the 6 digits of the code.")},
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "pattern": r"\d{6}", "maxlength": 6}))


class LoginForm(forms.Form):
    # Named "username" because django-axes reads that field (AXES_USERNAME_FORM_FIELD).
    username = forms.CharField(label=_("Phone number or e-mail"), max_length=254,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class ForgotPasswordForm(forms.Form):
    identifier = forms.CharField(label=_("Phone number or e-mail"), max_length=254,
                                 widget=forms.TextInput(attrs={"autocomplete": "username"}))

    def clean_identifier(self):
        value = self.cleaned_data["identifier"].strip()
        if "@" in value:
            forms.EmailField().clean(value)
            return value.lower()
        return normalize_phone(value)


class ResetPasswordForm(PasswordPairMixin, forms.Form):
    password_field_names = ("new_password1", "new_password2")
    identifier = forms.CharField(label=_("Phone number or e-mail"), max_length=254)
    code = forms.CharField(label=_("Code from the SMS"), max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))
    new_password1, new_password2 = password_pair(_("New password"))

    def __init__(self, *args, by_link=False, **kwargs):
        super().__init__(*args, **kwargs)
        if by_link:  # the e-mail and token come from the link: nothing to type but the password
            self.fields["identifier"].widget = forms.HiddenInput()
            self.fields["code"].widget = forms.HiddenInput()


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    marketing_opt_in = forms.BooleanField(label=_("Send me offers and news by e-mail"), required=False)


class AvatarForm(forms.Form):
    file = forms.FileField(label=_("New photo"), help_text=_("JPEG, PNG, WebP or GIF, at most 5 MB."),
                           widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    confirm = forms.BooleanField(label=_("I understand that my account cannot be restored."))


class AddressForm(forms.Form):
    recipient_name = forms.CharField(label=_("Recipient"), max_length=150,
                                     widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone_number = PhoneField()
    street_address = forms.CharField(label=_("House number and street"), max_length=255,
                                     widget=forms.TextInput(attrs={"autocomplete": "address-line1"}))
    ward = forms.CharField(label=_("Ward / commune"), max_length=100)
    district = forms.CharField(label=_("District"), max_length=100)
    city = forms.CharField(label=_("City / province"), max_length=100,
                           widget=forms.TextInput(attrs={"autocomplete": "address-level1"}))
    is_default = forms.BooleanField(label=_("Use as my default address"), required=False)
