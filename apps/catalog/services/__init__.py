"""Catalog use cases. Stock changes: stock.py; products, variants, images: products.py; CSV: imports.py."""
from apps.catalog.services.stock import (  # noqa: F401
    product_refresh_summary,
    product_sold_count_add,
    stock_adjust,
    stock_release,
    stock_set,
    stock_take,
)
