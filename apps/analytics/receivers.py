"""Events from other apps' signals: searches (a search log row, or a batch of visitors' buffered searches
written by search's flush), adds to cart (a new cart line), purchases (orders placed, sent after commit), and
the guest's recently viewed list at sign-in. Each receiver only records; nothing here decides anything."""
import logging

from apps.analytics.models import EventKind
from apps.analytics.services import events as ev

logger = logging.getLogger(__name__)


def search_logged(sender, instance, created, **kwargs):
    if created:
        ev.event_record(kind=EventKind.SEARCH, user=instance.user, query=instance.query)


def searches_flushed(sender, logs, **kwargs):
    """Visitors' searches buffered by search and written in bulk (no post_save): one event each, at its time."""
    ev.events_record([ev._payload(kind=EventKind.SEARCH, user_id=log.user_id, query=log.query, at=log.created_at)
                      for log in logs])


def cart_item_saved(sender, instance, created, **kwargs):
    if not created or instance.saved_for_later:
        return
    cart = instance.cart
    visitor = f"u:{cart.user_id}" if cart.user_id else (f"c:{cart.session_key}" if cart.session_key else "")
    ev.event_record(kind=EventKind.ADD_TO_CART, user_id=cart.user_id, visitor=visitor,
                    product_id=instance.variant.product_id, quantity=instance.quantity)


def orders_placed(sender, orders, buyer, **kwargs):
    from apps.orders.models import OrderItem

    lines = OrderItem.objects.filter(order__in=orders, product__isnull=False).values_list(
        "product_id", "order__shop_id", "quantity", "order__created_at")
    ev.events_record([ev._payload(kind=EventKind.PURCHASE, user=buyer, product_id=product_id, shop_id=shop_id,
                                  quantity=quantity, at=at) for product_id, shop_id, quantity, at in lines])


def merge_recently_viewed(sender, request, user, **kwargs):
    try:
        ev.recently_viewed_merge_at_login(user=user, cookies=getattr(request, "COOKIES", None))
    except Exception:  # noqa: BLE001 - signing in must never fail because of analytics
        logger.exception("could not merge recently viewed products")


def connect() -> None:
    from django.contrib.auth.signals import user_logged_in
    from django.db.models.signals import post_save

    from apps.orders.signals import orders_placed as orders_placed_signal
    from apps.search.signals import search_logs_written

    post_save.connect(search_logged, sender="search.SearchQueryLog", dispatch_uid="analytics_search_event")
    search_logs_written.connect(searches_flushed, dispatch_uid="analytics_buffered_search_events")
    post_save.connect(cart_item_saved, sender="cart.CartItem", dispatch_uid="analytics_add_to_cart_event")
    orders_placed_signal.connect(orders_placed, dispatch_uid="analytics_purchase_events")
    user_logged_in.connect(merge_recently_viewed, dispatch_uid="analytics_recently_viewed_merge")
