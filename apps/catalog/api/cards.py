"""Product cards (ProductListItemSerializer's output) cached one by one, so any list of products (a page of
the product list API, search results) reads its ids from the database and its cards from the cache in one
round trip, and renders only the cards it misses. A card stays until the catalogue changes (every product,
variant, image and shop write bumps it) or a minute passes (sold counts and ratings)."""
from __future__ import annotations

from collections.abc import Iterable

from apps.catalog import selectors
from apps.catalog.cache import CATALOG, LIST_TIMEOUT
from apps.core.cache import versioned_get_many, versioned_set_many


def product_cards(request, products: Iterable) -> list[dict]:
    """Cards of these products (instances or ids), in their order; products no longer public are left out."""
    from apps.catalog.api.serializers import ProductListItemSerializer

    ids = [str(getattr(p, "pk", p)) for p in products]
    if not ids:
        return []
    host = request.get_host() if request is not None else ""
    keys = {pk: f"card:{host}:{pk}" for pk in ids}
    found, versions = versioned_get_many(keys.values(), (CATALOG,))
    missing = [pk for pk in ids if keys[pk] not in found]
    if missing:
        rendered = ProductListItemSerializer(selectors.product_list_qs().filter(pk__in=missing), many=True,
                                             context={"request": request}).data
        fresh = {keys[card["id"]]: dict(card) for card in rendered}
        versioned_set_many(fresh, versions, LIST_TIMEOUT)
        found.update(fresh)
    return [found[keys[pk]] for pk in ids if keys[pk] in found]
