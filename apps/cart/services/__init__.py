"""Cart use cases (the contract other apps code against: cart_get_for_user, cart_quote, cart_remove_variants)."""
from apps.cart.services.abandoned import carts_remove_stale_guest, carts_send_reminders  # noqa: F401
from apps.cart.services.cart import (  # noqa: F401
    SESSION_KEY,
    Adjustment,
    cart_add,
    cart_apply_voucher,
    cart_apply_voucher_for_display,
    cart_clear,
    cart_for_request,
    cart_get_for_session,
    cart_get_for_user,
    cart_merge,
    cart_merge_at_login,
    cart_move_to_cart,
    cart_quote,
    cart_quote_for_checkout,
    cart_quote_for_display,
    cart_remove_item,
    cart_remove_variants,
    cart_remove_voucher,
    cart_save_for_later,
    cart_sync,
    cart_update_quantity,
)
from apps.cart.services.wishlist import (  # noqa: F401
    wishlist_add,
    wishlist_alerts_check,
    wishlist_alerts_check_later,
    wishlist_move_to_cart,
    wishlist_remove,
    wishlist_toggle,
)
