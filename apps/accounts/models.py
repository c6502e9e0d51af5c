import uuid

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.managers import UserManager
from apps.core.models import TimeStampedModel


class Role(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    SELLER = "seller", _("Seller")
    ADMIN = "admin", _("Admin")


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    phone_number = models.CharField(_("phone number"), max_length=20, unique=True, null=True, blank=True,
                                    help_text=_("E.164, for example +84912345678"))
    email = models.EmailField(_("e-mail"), null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/%Y/%m/", blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.BUYER, db_index=True)
    is_verified = models.BooleanField(_("verified"), default=False)
    is_suspended = models.BooleanField(_("suspended"), default=False, db_index=True)
    marketing_opt_in = models.BooleanField(_("marketing e-mails"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ("-date_joined",)
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.CheckConstraint(condition=Q(email__isnull=False) | Q(phone_number__isnull=False),
                                   name="accounts_user_has_email_or_phone"),
        ]

    def __str__(self):
        return self.full_name or self.email or self.phone_number or str(self.id)

    @property
    def is_seller(self) -> bool:
        return self.role == Role.SELLER

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return (self.full_name or "").split(" ")[-1] or self.email or self.phone_number


class Address(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="addresses")
    recipient_name = models.CharField(_("recipient"), max_length=150)
    phone_number = models.CharField(_("phone number"), max_length=20)
    street_address = models.CharField(_("street address"), max_length=255)
    ward = models.CharField(_("ward"), max_length=100)
    district = models.CharField(_("district"), max_length=100)
    city = models.CharField(_("city / province"), max_length=100)
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ("-is_default", "-created_at")
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(is_default=True), name="accounts_one_default_address"),
        ]

    def __str__(self):
        return f"{self.recipient_name}, {self.one_line}"

    @property
    def one_line(self) -> str:
        return ", ".join(p for p in (self.street_address, self.ward, self.district, self.city) if p)

    def snapshot(self) -> dict:
        return {
            "recipient_name": self.recipient_name, "phone_number": self.phone_number,
            "street_address": self.street_address, "ward": self.ward, "district": self.district, "city": self.city,
        }


class SecurityEventKind(models.TextChoices):
    LOGIN_SUCCEEDED = "login_succeeded", _("Login succeeded")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOCKED_OUT = "locked_out", _("Locked out")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset")
    TOKENS_REVOKED = "tokens_revoked", _("Tokens revoked")
    ROLE_CHANGED = "role_changed", _("Role changed")
    SUSPENDED = "suspended", _("Suspended")
    UNSUSPENDED = "unsuspended", _("Unsuspended")
    ACCOUNT_VERIFIED = "account_verified", _("Account verified")
    ACCOUNT_DELETED = "account_deleted", _("Account deleted")


class SecurityEvent(TimeStampedModel):
    """Append-only audit log of security-relevant events, with where they came from."""

    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="security_events",
                             verbose_name=_("user"))
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("by"), help_text=_("Who caused the event, when not the user."))
    kind = models.CharField(_("event"), max_length=32, choices=SecurityEventKind.choices, db_index=True)
    identifier = models.CharField(_("identifier"), max_length=254, blank=True,
                                  help_text=_("The phone number or e-mail address that was typed."))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_secevent_user_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.user or self.identifier or '-'}"
