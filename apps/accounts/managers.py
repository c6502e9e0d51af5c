from django.contrib.auth.base_user import BaseUserManager
from django.db.models.functions import Lower

from apps.accounts.phone import normalize_phone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, *, email=None, phone_number=None, password=None, **extra):
        if not email and not phone_number:
            raise ValueError("A user needs an e-mail address or a phone number.")
        email = self.normalize_email(email).lower() if email else None
        phone_number = normalize_phone(phone_number) if phone_number else None
        user = self.model(email=email, phone_number=phone_number, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email=email, password=password, **extra)

    def create_superuser(self, email=None, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, is_verified=True, role="admin")
        return self._create_user(email=email, password=password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def by_email(self, email):
        return self.annotate(email_lower=Lower("email")).filter(email_lower=(email or "").strip().lower())
