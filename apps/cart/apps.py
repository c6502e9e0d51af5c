from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CartConfig(AppConfig):
    name = "apps.cart"
    label = "cart"
    verbose_name = _("Cart and wishlist")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from apps.cart import receivers

        user_logged_in.connect(receivers.merge_guest_cart_at_login, dispatch_uid="cart_merge_at_login")
        post_save.connect(receivers.variant_saved, sender="catalog.Variant", dispatch_uid="cart_wishlist_alerts")
