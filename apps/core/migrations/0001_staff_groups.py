"""Staff roles as Django groups: Support, Catalogue manager, Finance, each with the model permissions its
work needs in the admin. Superusers need none of them. Re-running adds what is missing; reversing takes the
permissions back and removes the groups left empty."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW = ("view",)
EDIT = ("view", "change")
ALL = ("add", "change", "delete", "view")

# group -> {(app_label, model): actions}
GROUPS = {
    "Support": {
        ("accounts", "user"): EDIT, ("accounts", "address"): VIEW, ("accounts", "securityevent"): VIEW,
        ("shops", "shop"): VIEW, ("shops", "shopfollow"): VIEW,
        ("catalog", "product"): VIEW, ("catalog", "variant"): VIEW,
        ("cart", "cart"): VIEW, ("cart", "cartitem"): VIEW,
        ("vouchers", "voucher"): VIEW, ("vouchers", "voucherredemption"): VIEW,
        ("orders", "order"): EDIT, ("orders", "orderitem"): VIEW, ("orders", "orderstatushistory"): VIEW,
        ("payments", "payment"): VIEW, ("payments", "paymentevent"): VIEW, ("payments", "refund"): VIEW,
        ("reviews", "review"): EDIT, ("reviews", "reviewimage"): VIEW,
        ("notifications", "notification"): VIEW, ("notifications", "emaillog"): VIEW,
        ("notifications", "notificationpreference"): VIEW,
    },
    "Catalogue manager": {
        ("catalog", "category"): ALL, ("catalog", "brand"): ALL, ("catalog", "product"): ALL,
        ("catalog", "variant"): ALL, ("catalog", "productimage"): ALL, ("catalog", "inventorymovement"): VIEW,
        ("catalog", "productimport"): VIEW,
        ("shops", "shop"): EDIT,
        ("vouchers", "voucher"): VIEW, ("vouchers", "flashsale"): ALL, ("vouchers", "flashsaleitem"): ALL,
        ("vouchers", "categorydiscount"): ALL,
        ("reviews", "review"): ALL, ("reviews", "reviewimage"): VIEW,
        ("blog", "post"): ALL, ("blog", "category"): ALL, ("blog", "tag"): ALL,
        ("search", "searchquerylog"): VIEW,
    },
    "Finance": {
        ("shops", "shop"): VIEW,
        ("orders", "order"): VIEW, ("orders", "orderitem"): VIEW, ("orders", "orderstatushistory"): VIEW,
        ("payments", "payment"): EDIT, ("payments", "paymentevent"): VIEW, ("payments", "refund"): ("add", "change", "view"),
        ("vouchers", "voucher"): VIEW, ("vouchers", "voucherredemption"): VIEW,
    },
}


def _granted(Permission, grants):
    codenames = {(app, f"{action}_{model}") for (app, model), actions in grants.items() for action in actions}
    return [p for p in Permission.objects.filter(codename__in={c for _a, c in codenames}).select_related("content_type")
            if (p.content_type.app_label, p.codename) in codenames]


def create_groups(apps, schema_editor):
    # Permissions are normally created after `migrate` finishes; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*_granted(Permission, grants))


def remove_groups(apps, schema_editor):
    """Take back what this migration granted; a group left with nothing (nobody else, such as the analytics
    app's report permissions, added to it) is deleted."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=list(GROUPS)):
        group.permissions.remove(*_granted(Permission, GROUPS[group.name]))
        if not group.permissions.exists():
            group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0002_security_event"),
        ("shops", "0001_initial"),
        ("catalog", "0001_initial"),
        ("cart", "0001_initial"),
        ("vouchers", "0001_initial"),
        ("orders", "0001_initial"),
        ("payments", "0001_initial"),
        ("reviews", "0001_initial"),
        ("notifications", "0001_initial"),
        ("blog", "0001_initial"),
        ("search", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
