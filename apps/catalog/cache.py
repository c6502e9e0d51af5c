"""What the catalogue caches and when it stops being true (apps.core.cache versioned keys).

Groups: "catalog" (product lists, product pages and details, home rows): bumped after every product, variant,
image or shop write that a shopper could see. "product:<id>": one product's detail, bumped when its stock
changes. "categories": the category tree and category pages' headings, bumped on any category save/delete.
Stock taken by checkout bumps only the product (and "catalog" when a variant sells out or comes back), so
checkout does not empty the list caches at every order."""
from django.db.models.signals import post_delete, post_save

from apps.core.cache import cache_version_bump_on_commit

CATALOG = "catalog"
CATEGORIES = "categories"
LIST_TIMEOUT = 60      # lists also show sold counts and ratings, refreshed without a bump
DETAIL_TIMEOUT = 60
TREE_TIMEOUT = 600


def product_group(product_id) -> str:
    return f"product:{product_id}"


def catalog_changed() -> None:
    cache_version_bump_on_commit(CATALOG)


def stock_changed(*, product_ids, availability_changed: bool) -> None:
    groups = [product_group(pk) for pk in product_ids]
    if availability_changed:
        groups.append(CATALOG)
    cache_version_bump_on_commit(*groups)


def _category_changed(sender, **kwargs) -> None:
    cache_version_bump_on_commit(CATEGORIES, CATALOG)


def connect_signals() -> None:
    """Category writes come from the admin and the staff API, both through the model; watch the model."""
    from apps.catalog.models import Category

    post_save.connect(_category_changed, sender=Category, dispatch_uid="catalog-cache-category-save")
    post_delete.connect(_category_changed, sender=Category, dispatch_uid="catalog-cache-category-delete")
