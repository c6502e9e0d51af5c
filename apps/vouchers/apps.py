from django.apps import AppConfig


class VouchersConfig(AppConfig):
    name = "apps.vouchers"
    label = "vouchers"
