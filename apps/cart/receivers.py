"""Signal receivers: they only call a service (and, at login, tell the shopper what changed)."""
from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def merge_guest_cart_at_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    from apps.cart.services import cart_merge_at_login

    merged, adjustments = cart_merge_at_login(session=request.session, user=user)
    if not merged or not hasattr(request, "_messages"):
        return
    messages.info(request, ngettext("The item you added before signing in is in your cart.",
                                    "The %(n)s items you added before signing in are in your cart.", merged)
                  % {"n": merged})
    for adjustment in adjustments:
        messages.warning(request, adjustment.message)
    if adjustments:
        messages.info(request, _("Please check your cart."))


def variant_saved(sender, instance, **kwargs):
    from apps.cart.services import wishlist_alerts_check_later

    wishlist_alerts_check_later(product_ids=[instance.product_id])
