from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from apps.core.money import format_money, percent_of, quantize, tax_included


def render(template: str, **context) -> str:
    return Template(template).render(Context(context))


def test_vnd_in_vietnamese():
    with translation.override("vi"):
        assert render("{{ p|money }}", p=Decimal("1250000")) == "1.250.000 ₫"


def test_vnd_in_english():
    with translation.override("en"):
        assert render("{{ p|money }}", p=Decimal("1250000")) == "₫1,250,000"


def test_usd_keeps_cents():
    assert format_money(Decimal("1234.5"), "USD", "en") == "$1,234.50"


def test_small_and_negative_amounts():
    assert format_money(Decimal("999"), "VND", "vi") == "999 ₫"
    assert format_money(Decimal("-15000"), "VND", "vi") == "-15.000 ₫"


def test_vnd_rounds_half_up_to_whole_dong():
    assert quantize(Decimal("1000.5"), "VND") == Decimal("1001")
    assert quantize(Decimal("1000.49"), "VND") == Decimal("1000")


def test_floats_do_not_leak_binary_error():
    assert quantize(0.1 + 0.2, "USD") == Decimal("0.30")


def test_percent_and_included_tax():
    assert percent_of(Decimal("199000"), 15, "VND") == Decimal("29850")
    assert tax_included(Decimal("110000"), Decimal("0.10"), "VND") == Decimal("10000")


def test_garbage_renders_empty_not_an_error():
    assert render("{{ p|money }}", p="abc") == ""


@pytest.mark.parametrize("module", ["local", "test", "production"])
def test_settings_load_in_every_environment(module, monkeypatch):
    import importlib

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "example.com")
    settings_module = importlib.import_module(f"config.settings.{module}")
    importlib.reload(settings_module)
    assert settings_module.AUTH_USER_MODEL == "accounts.User"
    assert settings_module.TIME_ZONE == "Asia/Ho_Chi_Minh"
