"""Money helpers: Decimal only, rounded in one place by the currency's minor unit.

VND has no minor unit (exponent 0); USD and EUR have cents (exponent 2).
"""
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings

CURRENCY_EXPONENTS = {"VND": 0, "USD": 2, "EUR": 2, "JPY": 0, "KRW": 0}
CURRENCY_SYMBOLS = {"VND": "₫", "USD": "$", "EUR": "€", "JPY": "¥", "KRW": "₩"}

ZERO = Decimal("0")


def default_currency() -> str:
    return settings.DEFAULT_CURRENCY


def to_decimal(value) -> Decimal:
    """Turn a number or string into a Decimal; floats go through str() so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        value = repr(value)
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError) as exc:
        raise ValueError(f"not a money amount: {value!r}") from exc


def quantize(amount, currency: str | None = None) -> Decimal:
    """Round an amount to the currency's minor unit, half up (the one rounding rule)."""
    currency = currency or default_currency()
    exponent = CURRENCY_EXPONENTS.get(currency, 2)
    return to_decimal(amount).quantize(Decimal(1).scaleb(-exponent), rounding=ROUND_HALF_UP)


def percent_of(amount, percent, currency: str | None = None) -> Decimal:
    """`percent` per cent of `amount`, rounded by the currency."""
    return quantize(to_decimal(amount) * to_decimal(percent) / Decimal(100), currency)


def tax_included(gross, rate, currency: str | None = None) -> Decimal:
    """The tax contained in a tax-inclusive gross amount at `rate` (0.10 for 10%)."""
    gross, rate = to_decimal(gross), to_decimal(rate)
    return quantize(gross - gross / (1 + rate), currency)


def tax_on(net, rate, currency: str | None = None) -> Decimal:
    """The tax to add on top of a net amount at `rate`."""
    return quantize(to_decimal(net) * to_decimal(rate), currency)


def _group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def format_money(amount, currency: str | None = None, language: str = "vi") -> str:
    """Format an amount for people: "1.250.000 ₫" in Vietnamese, "₫1,250,000" in English."""
    if amount is None or amount == "":
        return ""
    currency = currency or default_currency()
    value = quantize(amount, currency)
    exponent = CURRENCY_EXPONENTS.get(currency, 2)
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):.{exponent}f}".partition(".")
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    if language.startswith("vi"):
        number = _group(whole, ".") + ("," + frac if frac else "")
        return f"{sign}{number} {symbol}"
    number = _group(whole, ",") + ("." + frac if frac else "")
    return f"{sign}{symbol}{number}"
