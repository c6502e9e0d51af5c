"""Pure shop rules."""
import phonenumbers
from django.conf import settings


def normalize_business_phone(raw: str) -> str:
    """A shop's phone (mobile or landline) in E.164; "" stays ""; anything else raises ValueError."""
    raw = str(raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, getattr(settings, "PHONE_REGION", "VN"))
    except phonenumbers.NumberParseException as exc:
        raise ValueError("invalid phone number") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError("invalid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
