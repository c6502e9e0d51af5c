"""`{{ price|money }}` / `{{ price|money:"USD" }}`: money in the active language's format.

Loaded as a builtin (settings.TEMPLATES), so templates need no {% load %}.
"""
from django import template
from django.utils.translation import get_language

from apps.core.money import format_money

register = template.Library()


@register.filter(name="money")
def money(amount, currency=None):
    try:
        return format_money(amount, currency or None, get_language() or "vi")
    except ValueError:
        return ""
