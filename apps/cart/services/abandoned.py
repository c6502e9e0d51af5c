"""Abandoned carts: old guest carts removed, one reminder for signed-in users' idle carts."""
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from apps.cart.models import Cart


def carts_remove_stale_guest(*, max_age_days: int | None = None) -> int:
    """Delete guest carts untouched for GUEST_CART_MAX_AGE_DAYS. Returns how many."""
    days = max_age_days if max_age_days is not None else getattr(settings, "GUEST_CART_MAX_AGE_DAYS", 30)
    cutoff = timezone.now() - timezone.timedelta(days=days)
    deleted, per_model = Cart.objects.filter(user__isnull=True, updated_at__lt=cutoff).delete()
    return per_model.get("cart.Cart", 0)


def carts_send_reminders(*, idle_hours: int | None = None) -> int:
    """One reminder (notify kind cart.reminder; e-mail per the user's preferences) for signed-in users'
    carts with items untouched for CART_REMINDER_HOURS (24). A change to the cart re-arms it."""
    hours = idle_hours if idle_hours is not None else getattr(settings, "CART_REMINDER_HOURS", 24)
    cutoff = timezone.now() - timezone.timedelta(hours=hours)
    carts = (Cart.objects.filter(user__isnull=False, user__is_active=True, reminder_sent_at__isnull=True,
                                 updated_at__lt=cutoff, items__saved_for_later=False)
             .annotate(units=Sum("items__quantity")).select_related("user"))
    sent = 0
    for cart in carts:
        won = Cart.objects.filter(pk=cart.pk, reminder_sent_at__isnull=True).update(reminder_sent_at=timezone.now())
        if won:
            from apps.notifications.services import notify

            notify(cart.user, "cart.reminder", context={"item_count": int(cart.units or 0)}, url="/cart/")
            sent += 1
    return sent
