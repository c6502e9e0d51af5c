"""Vietnamese mobile numbers (region from settings.PHONE_REGION), normalised to E.164."""
import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalize_phone(raw: str) -> str:
    """'0912345678' or '+84912345678' → '+84912345678'. Raises ValidationError for landlines and foreign numbers."""
    region = settings.PHONE_REGION
    try:
        number = phonenumbers.parse(str(raw or "").strip(), region)
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Enter a valid phone number, for example 0912345678."), code="invalid_phone")
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Enter a valid phone number, for example 0912345678."), code="invalid_phone")
    if phonenumbers.region_code_for_number(number) != region:
        raise ValidationError(_("Only Vietnamese mobile numbers are accepted."), code="foreign_phone")
    if phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE
    ):
        raise ValidationError(_("Enter a mobile number; landlines cannot receive the verification code."),
                              code="not_mobile")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone(raw: str) -> None:
    normalize_phone(raw)
