"""Pure rules of accounts (no ORM): one-time codes, identifiers, anonymisation, avatar geometry."""
import hashlib
import hmac
import secrets
from dataclasses import dataclass

OTP_LENGTH = 6


def otp_generate(length: int = OTP_LENGTH) -> str:
    """A random numeric code with leading zeros kept ('004217')."""
    return f"{secrets.randbelow(10**length):0{length}d}"


def otp_digest(*, secret: str, purpose: str, phone_number: str, code: str) -> str:
    """What the cache keeps instead of the code: an HMAC bound to the purpose and the phone number."""
    message = f"{purpose}:{phone_number}:{code}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def otp_matches(*, digest: str, secret: str, purpose: str, phone_number: str, code: str) -> bool:
    code = (code or "").strip()
    if not (code.isdigit() and len(code) == OTP_LENGTH):
        return False
    expected = otp_digest(secret=secret, purpose=purpose, phone_number=phone_number, code=code)
    return hmac.compare_digest(expected, digest)


def identifier_kind(identifier: str) -> str:
    """'email' when the sign-in identifier looks like an e-mail address, else 'phone'."""
    return "email" if "@" in (identifier or "") else "phone"


def anonymised_email(user_id) -> str:
    """The placeholder e-mail of a deleted account: unique, never deliverable (.invalid is reserved)."""
    return f"deleted-{user_id}@deleted.invalid"


@dataclass(frozen=True)
class Size:
    width: int
    height: int


def fit_within(size: Size, box: int) -> Size:
    """The size of an image scaled down (never up) to fit a box x box square, keeping its ratio."""
    if size.width <= box and size.height <= box:
        return size
    ratio = min(box / size.width, box / size.height)
    return Size(max(1, round(size.width * ratio)), max(1, round(size.height * ratio)))
