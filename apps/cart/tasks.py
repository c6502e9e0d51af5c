"""Celery tasks of the cart: fetch and call a service."""
from celery import shared_task


@shared_task(name="cart.remove_stale_guest_carts")
def remove_stale_guest_carts_task() -> int:
    from apps.cart.services import carts_remove_stale_guest

    return carts_remove_stale_guest()


@shared_task(name="cart.send_reminders")
def send_cart_reminders_task() -> int:
    from apps.cart.services import carts_send_reminders

    return carts_send_reminders()


@shared_task(name="cart.wishlist_alerts")
def wishlist_alerts_check_task(product_ids=None) -> int:
    """Alerts for the given products, or (beat, as a safety net for stock changed by bulk updates that
    send no signal) for every wishlisted product whose stock or price moved."""
    from apps.cart.services import wishlist_alerts_check

    return wishlist_alerts_check(product_ids=product_ids)
