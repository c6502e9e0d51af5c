"""create_admin, reset_db, seed_demo under production settings, generate_erd and the staff-groups migration."""
import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.core.management.commands.reset_db import is_production_settings

STRONG = "Adm1n-Passw0rd-2026"


def login(api_client, **credentials):
    return api_client.post("/api/v1/auth/login", credentials, format="json")


# --- create_admin ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_create_admin_from_flags_makes_a_staff_superuser_who_can_sign_in(api_client):
    from apps.accounts.models import User

    out = io.StringIO()
    call_command("create_admin", email="Ops@Example.com", phone="0912999888", password=STRONG, interactive=False,
                 stdout=out)
    user = User.objects.get(email="ops@example.com")
    assert user.is_staff and user.is_superuser and user.is_verified and user.role == "admin"
    assert user.phone_number == "+84912999888"
    assert set(user.groups.values_list("name", flat=True)) == {"Support", "Catalogue manager", "Finance"}
    assert "Created" in out.getvalue()
    assert login(api_client, email="ops@example.com", password=STRONG).status_code == 200


@pytest.mark.django_db
def test_create_admin_is_idempotent_and_promotes_an_existing_account(make_user, password, api_client):
    from apps.accounts.models import User

    existing = make_user(email="boss@example.com")
    call_command("create_admin", email="boss@example.com", interactive=False, stdout=io.StringIO())
    call_command("create_admin", email="boss@example.com", interactive=False, stdout=io.StringIO())
    assert User.objects.filter(email__iexact="boss@example.com").count() == 1
    existing.refresh_from_db()
    assert existing.is_superuser and existing.is_staff
    assert login(api_client, email="boss@example.com", password=password).status_code == 200  # password kept


@pytest.mark.django_db
def test_create_admin_reads_the_environment(monkeypatch):
    from apps.accounts.models import User

    monkeypatch.setenv("CHO_ADMIN_EMAIL", "env-admin@example.com")
    monkeypatch.setenv("CHO_ADMIN_PASSWORD", STRONG)
    call_command("create_admin", interactive=False, stdout=io.StringIO())
    assert User.objects.get(email="env-admin@example.com").check_password(STRONG)


@pytest.mark.django_db
@pytest.mark.parametrize(("options", "message"), [
    ({"email": "new@example.com"}, "password is needed"),
    ({"email": "new@example.com", "password": "12345678"}, "Password refused"),
    ({"email": "not-an-email", "password": STRONG}, "not a valid e-mail"),
    ({"email": "new@example.com", "password": STRONG, "phone": "12"}, "Phone number refused"),
])
def test_create_admin_refuses_what_it_cannot_use(options, message):
    from apps.accounts.models import User

    with pytest.raises(CommandError, match=message):
        call_command("create_admin", interactive=False, stdout=io.StringIO(), **options)
    assert not User.objects.filter(is_superuser=True).exists()


@pytest.mark.django_db
def test_create_admin_interactive_asks_twice_for_the_password(monkeypatch):
    from apps.accounts.models import User

    answers = iter([STRONG, STRONG])
    monkeypatch.setattr("builtins.input", lambda prompt="": "asked@example.com")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("create_admin", stdout=io.StringIO())
    assert User.objects.get(email="asked@example.com").check_password(STRONG)


# --- reset_db -------------------------------------------------------------------------------------------

def test_production_rule():
    assert is_production_settings("config.settings.production")
    assert is_production_settings("elsewhere.production")
    assert not is_production_settings("config.settings.local")
    assert not is_production_settings("config.settings.test")
    assert not is_production_settings("config.settings.production_like_staging")


@pytest.mark.django_db
def test_reset_db_refuses_under_production_settings_even_with_yes(settings, user):
    from apps.accounts.models import User

    settings.SETTINGS_MODULE = "config.settings.production"
    with pytest.raises(CommandError, match="production settings"):
        call_command("reset_db", yes=True, stdout=io.StringIO())
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_reset_db_refuses_without_confirmation(user):
    """No terminal to ask (as here, and in scripts): nothing is dropped without --yes."""
    from apps.accounts.models import User

    with pytest.raises(CommandError, match="Cancelled"):
        call_command("reset_db", stdout=io.StringIO(), stderr=io.StringIO())
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_reset_db_refuses_when_the_answer_is_not_yes(monkeypatch, user):
    from apps.accounts.models import User

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    asked = []
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt="": asked.append(prompt) or "y")
    with pytest.raises(CommandError, match="Cancelled"):
        call_command("reset_db", stdout=io.StringIO())
    assert "Type 'yes'" in asked[0]
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reset_db_with_yes_drops_and_migrates_again(make_user):
    from django.contrib.auth.models import Group

    from apps.accounts.models import User
    from apps.catalog.models import Category

    make_user(email="gone@example.com")
    out = io.StringIO()
    call_command("reset_db", yes=True, stdout=out)
    assert not User.objects.filter(email="gone@example.com").exists()
    assert Category.objects.count() == 20  # the data migrations ran again
    assert Group.objects.filter(name="Finance").exists()
    assert "Migrated" in out.getvalue()


# --- generate_erd ---------------------------------------------------------------------------------------

def test_generate_erd_describes_every_table_and_checks_staleness(tmp_path):
    from django.apps import apps
    from django.conf import settings

    path = tmp_path / "DATABASE.md"
    call_command("generate_erd", output=str(path), stdout=io.StringIO())
    text = path.read_text()
    labels = {name.rsplit(".", 1)[-1] for name in settings.LOCAL_APPS}
    tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True)
              if m._meta.app_label in labels and m._meta.managed}
    for table in tables:
        assert f"#### `{table}`" in text, table
    assert "```mermaid\nerDiagram" in text
    assert "shops_shop ||--o{ catalog_product : shop" in text
    assert "`catalog_variant_stock_not_negative`: check stock >= 0" in text
    assert "search_doc_vector_gin" in text  # an index only a migration creates
    call_command("generate_erd", output=str(path), check=True, stdout=io.StringIO())
    path.write_text(text.replace("catalog_product", "catalog_goods"))
    with pytest.raises(CommandError, match="out of date"):
        call_command("generate_erd", output=str(path), check=True, stdout=io.StringIO())


# --- staff groups ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_staff_groups_have_the_permissions_of_their_work():
    from django.contrib.auth.models import Group

    def perms(name):
        return {f"{p.content_type.app_label}.{p.codename}"
                for p in Group.objects.get(name=name).permissions.select_related("content_type")}

    support, catalogue, finance = perms("Support"), perms("Catalogue manager"), perms("Finance")
    assert {"orders.change_order", "reviews.change_review", "accounts.view_user"} <= support
    assert "catalog.add_product" not in support and "payments.change_payment" not in support
    assert {"catalog.add_product", "catalog.change_category", "blog.add_post", "vouchers.add_flashsale"} <= catalogue
    assert "orders.change_order" not in catalogue
    assert {"payments.change_payment", "payments.add_refund", "orders.view_order"} <= finance
    assert "catalog.change_product" not in finance


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_groups_migration_is_reversible():
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("core", None)])
    assert not Group.objects.filter(name="Catalogue manager").exists()
    # a group another app also granted something to (analytics' report permission) stays, without ours
    assert not Group.objects.filter(name="Support", permissions__codename="change_order").exists()
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("core", "0001_staff_groups")])
    assert Group.objects.get(name="Support").permissions.filter(codename="change_order").exists()


# --- seed_demo under production settings ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_seed_demo_refuses_production_settings_so_no_published_admin_appears(settings):
    """The demo staff account's password and TOTP key are in the repository: on a real deployment that is a
    back door. Under production settings the command stops before creating anything."""
    from apps.accounts.models import User
    from apps.core.demo import data

    assert not settings.DEBUG
    settings.SETTINGS_MODULE = "config.settings.production"  # last: another override would hide it
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("seed_demo", size="tiny", verbosity=0)
    assert not User.objects.filter(email=data.ADMIN_EMAIL).exists()


@pytest.mark.django_db
def test_seed_demo_runs_under_production_settings_only_when_asked(settings, monkeypatch):
    from apps.core.management.commands import seed_demo

    seeded = []
    monkeypatch.setattr(seed_demo, "seed", lambda size, log: seeded.append(size) or SimpleNamespace(created={},
                                                                                                   skipped=[]))
    assert not settings.DEBUG
    settings.SETTINGS_MODULE = "config.settings.production"  # last: another override would hide it
    call_command("seed_demo", size="tiny", allow_production=True, verbosity=0)
    settings.SETTINGS_MODULE = "config.settings.local"  # development and the test suite: as before
    call_command("seed_demo", size="tiny", verbosity=0)
    assert seeded == ["tiny", "tiny"]
