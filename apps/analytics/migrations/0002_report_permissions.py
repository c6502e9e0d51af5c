"""Grant the report permissions to the staff groups: Finance may view and export finance reports, Support
may view reports (not export finance ones). The groups are looked up by name and created if absent (the
core migration that creates them with their model permissions may run before or after this one). Reversing
takes the two permissions away again and leaves the groups."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Finance": ("view_reports", "export_finance_reports"),
    "Support": ("view_reports",),
}


def _permissions(apps):
    app_config = apps.get_app_config("analytics")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return {p.codename: p for p in Permission.objects.filter(content_type__app_label="analytics",
                                                             codename__in=["view_reports", "export_finance_reports"])}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    perms = _permissions(apps)
    for name, codenames in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*[perms[c] for c in codenames])


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="analytics",
                                      codename__in=["view_reports", "export_finance_reports"])
    for group in Group.objects.filter(name__in=list(GRANTS)):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
