from django.apps import AppConfig


class VouchersConfig(AppConfig):
    name = "apps.vouchers"
    label = "vouchers"

    def ready(self):
        """Flash sales and category discounts are written in the admin, through the models: watch them, so the
        cached running promotions (selectors.PromotionSnapshot) are dropped after each write."""
        from django.db.models.signals import post_delete, post_save

        from apps.vouchers.models import CategoryDiscount, FlashSale, FlashSaleItem
        from apps.vouchers.selectors import promotions_changed

        for model in (FlashSale, FlashSaleItem, CategoryDiscount):
            post_save.connect(promotions_changed, sender=model, dispatch_uid=f"promotions-save-{model.__name__}")
            post_delete.connect(promotions_changed, sender=model, dispatch_uid=f"promotions-delete-{model.__name__}")
