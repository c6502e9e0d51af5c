"""Trending products, "customers who bought this also bought", and personal recommendations.

The heavy parts run in batches from Celery beat (apps/analytics/schedules.py) and are cached; reads re-check
availability (public, in stock) and leave out what the shopper already bought, so a cached list never shows
a banned, hidden, sold-out or already-bought product."""
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncDay, TruncHour
from django.utils import timezone

from apps.analytics import domain
from apps.analytics.models import Event, EventKind, ProductAffinity
from apps.orders.domain import OrderStatus

TRENDING_KEY = "analytics:trending"
ALSO_BOUGHT_GENERATION_KEY = "analytics:also-bought:generation"
PERSONAL_KEY = "analytics:recommendations:{user_id}"
CACHE_TTL = 60 * 60 * 3


def _setting(name, default):
    return getattr(settings, name, default)


# --- what a shopper may be shown ---------------------------------------------------------------------------------
def available_products():
    """Products that can be recommended: public (active, not deleted, active shop) and in stock."""
    from apps.catalog.selectors import public_products

    return public_products().filter(in_stock=True)


def bought_product_ids(user) -> set:
    """Products the user has bought (orders that were not cancelled)."""
    from apps.orders.models import OrderItem

    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(OrderItem.objects.filter(order__buyer=user, product__isnull=False)
               .exclude(order__status=OrderStatus.CANCELLED).values_list("product_id", flat=True).distinct())


def products_in_order(ids: list, *, limit: int, exclude=()) -> list:
    """The available products among `ids`, in the order of `ids`, with shop and images for cards."""
    from apps.catalog.selectors import product_list_qs

    exclude = {str(e) for e in exclude}
    wanted = [i for i in dict.fromkeys(str(i) for i in ids) if i not in exclude][: limit * 3]
    if not wanted or limit <= 0:
        return []
    found = {str(p.pk): p for p in product_list_qs(available_products().filter(pk__in=wanted))}
    return [found[i] for i in wanted if i in found][:limit]


# --- trending ------------------------------------------------------------------------------------------------
def trending_compute(*, now=None, days: int | None = None, limit: int = 200) -> list[tuple[str, float]]:
    """Score products by their views and adds to cart (events) and units sold (orders) of the last days, each
    decayed by its age (half-life ANALYTICS_TRENDING_HALF_LIFE_HOURS), and cache the best `limit`."""
    from apps.orders.models import OrderItem

    now = now or timezone.now()
    since = now - timedelta(days=days or _setting("ANALYTICS_TRENDING_DAYS", 7))
    rows = []
    events = (Event.objects.filter(occurred_at__gte=since, kind__in=[EventKind.PRODUCT_VIEW, EventKind.ADD_TO_CART],
                                   product__isnull=False)
              .annotate(hour=TruncHour("occurred_at")).values("product_id", "kind", "hour")
              .annotate(n=Count("id")).order_by())
    rows += [(str(r["product_id"]), r["kind"], r["hour"], r["n"]) for r in events]
    sales = (OrderItem.objects.filter(order__created_at__gte=since, product__isnull=False)
             .exclude(order__status=OrderStatus.CANCELLED)
             .annotate(hour=TruncHour("order__created_at")).values("product_id", "hour")
             .annotate(n=Sum("quantity")).order_by())
    rows += [(str(r["product_id"]), "sale", r["hour"], r["n"]) for r in sales]
    scores = domain.trending_scores(rows, now=now,
                                    half_life_hours=_setting("ANALYTICS_TRENDING_HALF_LIFE_HOURS", 48.0))
    ranked = [(pid, round(scores[pid], 4)) for pid in domain.top_ids(scores, limit)]
    cache.set(TRENDING_KEY, ranked, CACHE_TTL)
    return ranked


def trending_ranked() -> list[tuple[str, float]]:
    ranked = cache.get(TRENDING_KEY)
    return trending_compute() if ranked is None else ranked


def trending_products(*, limit: int = 12, exclude=()) -> list:
    """Trending available products; topped up with best sellers while there is too little activity."""
    products = products_in_order([pid for pid, _s in trending_ranked()], limit=limit, exclude=exclude)
    if len(products) < limit:
        from apps.catalog.selectors import product_list_qs

        skip = {str(p.pk) for p in products} | {str(e) for e in exclude}
        extra = product_list_qs(available_products().exclude(pk__in=skip)).order_by("-sold_count", "-created_at")
        products += list(extra[: limit - len(products)])
    return products


# --- customers who bought this also bought ----------------------------------------------------------------------
def also_bought_compute(*, now=None, days: int | None = None, per_product: int = 20) -> int:
    """Rebuild the bought-together table from the orders of the last days: two products are related by the
    number of buyers who bought both (cancelled orders left out). Returns the number of pairs kept."""
    from apps.orders.models import OrderItem

    now = now or timezone.now()
    since = now - timedelta(days=days or _setting("ANALYTICS_ALSO_BOUGHT_DAYS", 365))
    baskets: dict = defaultdict(set)
    rows = (OrderItem.objects.filter(order__created_at__gte=since, product__isnull=False)
            .exclude(order__status=OrderStatus.CANCELLED)
            .values_list("order__buyer_id", "product_id").distinct())
    for buyer_id, product_id in rows.iterator(chunk_size=5000):
        baskets[buyer_id].add(product_id)
    pairs = domain.co_occurrence(baskets.values(), max_basket=_setting("ANALYTICS_MAX_BASKET", 50))
    best: dict = defaultdict(list)
    for (a, b), n in pairs.items():
        best[a].append((n, str(b), b))
    objs = []
    for a, related in best.items():
        related.sort(key=lambda t: (-t[0], t[1]))
        objs += [ProductAffinity(product_id=a, related_id=b, score=n, computed_at=now)
                 for n, _key, b in related[:per_product]]
    with transaction.atomic():
        ProductAffinity.objects.all().delete()
        ProductAffinity.objects.bulk_create(objs, batch_size=1000)
    try:
        cache.incr(ALSO_BOUGHT_GENERATION_KEY)
    except ValueError:
        cache.set(ALSO_BOUGHT_GENERATION_KEY, 1, None)
    return len(objs)


def also_bought_ids(product_id) -> list[str]:
    generation = cache.get(ALSO_BOUGHT_GENERATION_KEY, 0)
    key = f"analytics:also-bought:{generation}:{product_id}"
    ids = cache.get(key)
    if ids is None:
        ids = [str(pk) for pk in ProductAffinity.objects.filter(product_id=product_id)
               .order_by("-score", "related_id").values_list("related_id", flat=True)[:40]]
        cache.set(key, ids, CACHE_TTL)
    return ids


def also_bought_products(*, product, user=None, limit: int = 8) -> list:
    """Other products bought by the buyers of `product`, available, and not already bought by `user`."""
    ids = also_bought_ids(product.pk)
    if not ids:
        return []
    return products_in_order(ids, limit=limit, exclude={product.pk} | bought_product_ids(user))


# --- personal recommendations -----------------------------------------------------------------------------------
def _interactions(user, *, now):
    from apps.orders.models import OrderItem

    purchases = (OrderItem.objects.filter(order__buyer=user, product__isnull=False,
                                          order__created_at__gte=now - timedelta(days=365))
                 .exclude(order__status=OrderStatus.CANCELLED)
                 .annotate(day=TruncDay("order__created_at"))
                 .values("product__category_id", "product__brand_id", "day").annotate(n=Sum("quantity")).order_by())
    out = [("purchase", r["product__category_id"], r["product__brand_id"], r["day"], r["n"]) for r in purchases]
    events = (Event.objects.filter(user=user, kind__in=[EventKind.PRODUCT_VIEW, EventKind.ADD_TO_CART],
                                   product__isnull=False, occurred_at__gte=now - timedelta(days=90))
              .annotate(day=TruncDay("occurred_at"))
              .values("kind", "product__category_id", "product__brand_id", "day").annotate(n=Count("id")).order_by())
    out += [(r["kind"], r["product__category_id"], r["product__brand_id"], r["day"], r["n"]) for r in events]
    return out


def recommendations_compute_for(user, *, now=None, limit: int = 100) -> list[str]:
    """Rank available products of the user's favourite categories and brands (purchases weigh 5, adds to cart
    3, views 1, each decayed over two weeks), leaving out what they bought; cache and return the ids."""
    now = now or timezone.now()
    categories, brands = domain.affinity_profile(_interactions(user, now=now), now=now)
    ids: list[str] = []
    if categories or brands:
        top_categories = domain.top_ids(categories, 5)
        top_brands = domain.top_ids(brands, 5)
        from django.db.models import Q

        candidates = (available_products().filter(Q(category_id__in=top_categories) | Q(brand_id__in=top_brands))
                      .exclude(pk__in=bought_product_ids(user))
                      .order_by("-sold_count", "-created_at")
                      .values("pk", "category_id", "brand_id")[:500])
        popularity = dict(trending_ranked())
        scored = {str(c["pk"]): domain.candidate_score(category_id=c["category_id"], brand_id=c["brand_id"],
                                                       categories=categories, brands=brands,
                                                       popularity=popularity.get(str(c["pk"]), 0.0))
                  for c in candidates}
        ids = domain.top_ids(scored, limit)
    cache.set(PERSONAL_KEY.format(user_id=user.pk), ids, CACHE_TTL)
    return ids


def recommendations_refresh(*, days: int = 30, now=None) -> int:
    """Batch: recompute the lists of users active in the last `days` (events or orders). Returns how many."""
    from apps.accounts.models import User

    now = now or timezone.now()
    since = now - timedelta(days=days)
    active = (User.objects.filter(is_active=True)
              .filter(pk__in=Event.objects.filter(occurred_at__gte=since, user__isnull=False).values("user_id"))
              | User.objects.filter(is_active=True, orders__created_at__gte=since)).distinct()
    n = 0
    for user in active.iterator(chunk_size=500):
        recommendations_compute_for(user, now=now)
        n += 1
    return n


def recommended_products(*, user, limit: int = 12) -> tuple[list, bool]:
    """(products, personal): the user's recommendations, topped up with trending products; for a guest or a
    user without history, trending only (personal=False). Never an unavailable or already-bought product."""
    if user is None or not getattr(user, "is_authenticated", False):
        return trending_products(limit=limit), False
    ids = cache.get(PERSONAL_KEY.format(user_id=user.pk))
    if ids is None:
        ids = recommendations_compute_for(user)
    bought = bought_product_ids(user)
    products = products_in_order(ids, limit=limit, exclude=bought)
    personal = bool(products)
    if len(products) < limit:
        products += trending_products(limit=limit - len(products), exclude=bought | {p.pk for p in products})
    return products, personal
