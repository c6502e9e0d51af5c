"""Invoices as PDF through WeasyPrint (DejaVu fonts: Vietnamese diacritics and ₫ render correctly)."""
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from apps.orders.models import Order


def invoice_html(order: Order) -> str:
    percent = f"{getattr(settings, 'VAT_RATE', 0) * 100:f}"
    percent = percent.rstrip("0").rstrip(".") if "." in percent else percent
    return render_to_string("orders/invoice.html", {
        "order": order, "shop": order.shop, "buyer": order.buyer, "items": list(order.items.all()),
        "address": order.shipping_address, "vat_percent": percent,
        "prices_include_tax": getattr(settings, "PRICES_INCLUDE_TAX", True), "issued_at": timezone.localtime(),
        "LANGUAGE_CODE": translation.get_language(),
    })


def invoice_pdf(order: Order) -> bytes:
    from weasyprint import HTML

    return HTML(string=invoice_html(order), base_url=str(settings.BASE_DIR)).write_pdf()
