"""Pure payment rules: status moves, refund arithmetic, minor units, VietQR. No ORM here."""
from __future__ import annotations

from decimal import Decimal

from apps.core.money import CURRENCY_EXPONENTS, quantize


class PaymentState:
    PENDING = "pending"
    AUTHORIZED = "authorized"
    COMPLETED = "completed"
    FAILED = "failed"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially_refunded"


S = PaymentState

# How far along a payment is. An event may only move a payment forward; a late "pending" or
# "failed" after "completed" (providers do not promise ordering) is ignored.
_RANK = {S.PENDING: 0, S.FAILED: 1, S.AUTHORIZED: 2, S.COMPLETED: 3, S.PARTIALLY_REFUNDED: 4, S.REFUNDED: 5}

_ALLOWED = {
    S.PENDING: {S.AUTHORIZED, S.COMPLETED, S.FAILED},
    S.FAILED: {S.AUTHORIZED, S.COMPLETED},          # the buyer retried on the same intent
    S.AUTHORIZED: {S.COMPLETED, S.FAILED},           # an authorisation may still be declined/voided
    S.COMPLETED: {S.PARTIALLY_REFUNDED, S.REFUNDED},
    S.PARTIALLY_REFUNDED: {S.PARTIALLY_REFUNDED, S.REFUNDED},
    S.REFUNDED: set(),
}

PAID_STATES = frozenset({S.COMPLETED, S.PARTIALLY_REFUNDED, S.REFUNDED})
OPEN_STATES = frozenset({S.PENDING, S.AUTHORIZED})


def can_move(current: str, new: str) -> bool:
    return new in _ALLOWED.get(current, set())


def next_status(current: str, incoming: str) -> str | None:
    """The status a payment takes when an event says `incoming`, or None when the event is stale
    or a repeat and must change nothing."""
    if incoming == current:
        return None
    return incoming if can_move(current, incoming) else None


def is_downgrade(current: str, incoming: str) -> bool:
    return _RANK.get(incoming, 0) < _RANK.get(current, 0)


def refundable_amount(*, paid: Decimal, refunded: Decimal) -> Decimal:
    return max(paid - refunded, Decimal(0))


class RefundTooLarge(ValueError):
    pass


def refund_outcome(*, paid: Decimal, refunded: Decimal, amount: Decimal | None, currency: str) -> tuple[Decimal, str]:
    """(amount to refund, status after it). `amount=None` refunds what is left. A refund can never
    exceed what was paid minus what was refunded already."""
    left = refundable_amount(paid=paid, refunded=refunded)
    amount = left if amount is None else quantize(amount, currency)
    if amount <= 0:
        raise RefundTooLarge("The refund amount must be positive.")
    if amount > left:
        raise RefundTooLarge(f"At most {left} can still be refunded.")
    status = S.REFUNDED if refunded + amount >= paid else S.PARTIALLY_REFUNDED
    return amount, status


def to_minor_units(amount: Decimal, currency: str) -> int:
    """Amount in the currency's smallest unit, as providers want it (VND 259000 → 259000; USD 12.50 → 1250)."""
    exponent = CURRENCY_EXPONENTS.get(currency.upper(), 2)
    return int(quantize(amount, currency.upper()).scaleb(exponent))


def from_minor_units(value: int, currency: str) -> Decimal:
    exponent = CURRENCY_EXPONENTS.get(currency.upper(), 2)
    return quantize(Decimal(value).scaleb(-exponent), currency.upper())


# --- VietQR (NAPAS EMVCo merchant-presented QR) --------------------------------------------------

VIETQR_GUID = "A000000727"
VIETQR_SERVICE_ACCOUNT = "QRIBFTTA"    # transfer to an account number
ISO4217_NUMERIC = {"VND": "704"}


def crc16_ccitt(data: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as four upper-case hex digits (EMVCo field 63)."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return f"{crc:04X}"


def tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"EMVCo field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def parse_tlv(payload: str) -> dict[str, str]:
    fields, i = {}, 0
    while i < len(payload):
        tag, length = payload[i:i + 2], int(payload[i + 2:i + 4])
        fields[tag] = payload[i + 4:i + 4 + length]
        i += 4 + length
    return fields


def vietqr_payload(*, bank_bin: str, account_number: str, amount: Decimal | None = None,
                   currency: str = "VND", purpose: str = "") -> str:
    """The text of a VietQR code: a dynamic QR (amount fixed) when `amount` is given, else static."""
    beneficiary = tlv("00", bank_bin) + tlv("01", account_number)
    merchant = tlv("00", VIETQR_GUID) + tlv("01", beneficiary) + tlv("02", VIETQR_SERVICE_ACCOUNT)
    parts = [
        tlv("00", "01"),
        tlv("01", "12" if amount is not None else "11"),
        tlv("38", merchant),
        tlv("53", ISO4217_NUMERIC.get(currency.upper(), "704")),
    ]
    if amount is not None:
        parts.append(tlv("54", str(int(quantize(amount, currency)))))
    parts.append(tlv("58", "VN"))
    if purpose:
        parts.append(tlv("62", tlv("08", purpose[:25])))
    body = "".join(parts) + "6304"
    return body + crc16_ccitt(body)


def vietqr_is_valid(payload: str) -> bool:
    return len(payload) > 8 and payload[-8:-4] == "6304" and crc16_ccitt(payload[:-4]) == payload[-4:]


def transfer_reference(order_number: str) -> str:
    """What the buyer writes as the transfer description: letters and digits only, since Vietnamese
    banks drop punctuation from transfer contents ("CHO-20261121-7K3QX" → "CHO202611217K3QX")."""
    return "".join(ch for ch in order_number.upper() if ch.isalnum())[:25]


def order_payment_status(statuses) -> str:
    """The order's payment_status from the statuses of all its payments: money held wins, then money
    given back, then an attempt under way, then a failure."""
    statuses = set(statuses)
    if S.COMPLETED in statuses:
        return "paid"
    if S.PARTIALLY_REFUNDED in statuses:
        return "partially_refunded"
    if S.REFUNDED in statuses:
        return "refunded"
    if statuses & {S.PENDING, S.AUTHORIZED}:
        return "pending"
    if S.FAILED in statuses:
        return "failed"
    return "unpaid"
