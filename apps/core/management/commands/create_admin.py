"""Create (or promote) a staff superuser.

Interactive:      manage.py create_admin
Non-interactive:  manage.py create_admin --email ops@example.com --password '...' [--phone 0912345678] --no-input
                  CHO_ADMIN_EMAIL=... CHO_ADMIN_PASSWORD=... [CHO_ADMIN_PHONE=...] manage.py create_admin --no-input

Idempotent: an existing account with that e-mail is made a verified staff superuser (role admin, in every
staff group); its password changes only when one is given."""
import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

STAFF_GROUPS = ("Support", "Catalogue manager", "Finance")


class Command(BaseCommand):
    help = "Create a staff superuser, or promote an existing account (interactive, or from flags/environment)."

    def add_arguments(self, parser):
        parser.add_argument("--email", help="E-mail address (or CHO_ADMIN_EMAIL).")
        parser.add_argument("--phone", help="Vietnamese mobile number, optional (or CHO_ADMIN_PHONE).")
        parser.add_argument("--password", help="Password (or CHO_ADMIN_PASSWORD). Prefer the environment variable: "
                                               "command-line arguments show up in the process list.")
        parser.add_argument("--full-name", default="", help="Display name.")
        parser.add_argument("--no-input", "--noinput", action="store_false", dest="interactive",
                            help="Never prompt; fail if something is missing.")

    def handle(self, *args, interactive, **options):
        email = (options["email"] or os.environ.get("CHO_ADMIN_EMAIL", "")).strip().lower()
        phone = (options["phone"] or os.environ.get("CHO_ADMIN_PHONE", "")).strip()
        password = options["password"] or os.environ.get("CHO_ADMIN_PASSWORD", "")
        if not email and interactive:
            email = input("E-mail: ").strip().lower()
        if not email:
            raise CommandError("An e-mail address is needed: --email or CHO_ADMIN_EMAIL.")
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not a valid e-mail address.") from None

        from apps.accounts.models import User

        user = User.objects.by_email(email).first()
        if not password and interactive:
            password = self._ask_password(allow_empty=user is not None)
        if not password and user is None:
            raise CommandError("A password is needed for a new account: --password or CHO_ADMIN_PASSWORD.")
        phone = self._phone(phone, user)
        if password:
            try:
                validate_password(password, user=user or User(email=email))
            except ValidationError as exc:
                raise CommandError("Password refused: " + " ".join(exc.messages)) from None

        with transaction.atomic():
            created = user is None
            if created:
                user = User.objects.create_superuser(email=email, password=password, phone_number=phone or None,
                                                     full_name=options["full_name"])
            else:
                user.is_staff = user.is_superuser = user.is_verified = user.is_active = True
                user.role = "admin"
                if phone and not user.phone_number:
                    user.phone_number = phone
                if options["full_name"]:
                    user.full_name = options["full_name"]
                if password:
                    user.set_password(password)
                user.save()
            self._verified_email(user, email)
            from django.contrib.auth.models import Group

            user.groups.add(*Group.objects.filter(name__in=STAFF_GROUPS))
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} staff superuser {email}."))

    def _ask_password(self, *, allow_empty: bool) -> str:
        prompt = "Password (empty: keep the current one): " if allow_empty else "Password: "
        for _attempt in range(3):
            first = getpass.getpass(prompt)
            if not first and allow_empty:
                return ""
            if first and first == getpass.getpass("Password (again): "):
                return first
            self.stderr.write("The passwords did not match (or were empty). Try again.")
        raise CommandError("No password given.")

    @staticmethod
    def _phone(raw: str, user) -> str:
        if not raw:
            return ""
        from apps.accounts.models import User
        from apps.accounts.phone import normalize_phone

        try:
            phone = normalize_phone(raw)
        except ValidationError as exc:
            raise CommandError(f"Phone number refused: {' '.join(exc.messages)}") from None
        taken = User.objects.filter(phone_number=phone)
        if user is not None:
            taken = taken.exclude(pk=user.pk)
        if taken.exists():
            raise CommandError(f"The phone number {phone} belongs to another account.")
        return phone

    @staticmethod
    def _verified_email(user, email: str) -> None:
        """allauth's record of the address, verified, so the storefront sign-in accepts it."""
        from allauth.account.models import EmailAddress

        address, _created = EmailAddress.objects.get_or_create(user=user, email=email,
                                                               defaults={"primary": True, "verified": True})
        if not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
