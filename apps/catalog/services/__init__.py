"""Catalog use cases: stock.py (every stock change), products.py (products and variants), images.py,
imports.py (CSV), indexing.py (search refresh after commit)."""
from apps.catalog.services.images import (  # noqa: F401
    image_add,
    image_delete,
    image_for_seller,
    image_reorder,
    image_update,
    image_validate,
)
from apps.catalog.services.imports import (  # noqa: F401
    product_import_progress,
    product_import_run,
    product_import_start,
    product_import_template,
)
from apps.catalog.services.products import (  # noqa: F401
    product_create,
    product_delete,
    product_for_seller,
    product_set_status,
    product_update,
    variant_create,
    variant_delete,
    variant_for_seller,
    variant_update,
)
from apps.catalog.services.stock import (  # noqa: F401
    product_refresh_summary,
    product_sold_count_add,
    stock_adjust,
    stock_release,
    stock_set,
    stock_take,
)
