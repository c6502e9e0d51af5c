from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.integrations.domain import PREFIX_LENGTH


class ApiKeyQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))


class ApiKey(TimeStampedModel):
    """A key for a third-party integration. The token itself is never stored: only its prefix (lookup) and
    its SHA-256 digest. Rotation issues a new key and lets the old one live until `expires_at`."""

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    shop = models.ForeignKey("shops.Shop", verbose_name=_("shop"), on_delete=models.CASCADE, null=True, blank=True,
                             related_name="api_keys",
                             help_text=_("Order scopes act on this shop only (as its owner)."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+", editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+", editable=False)
    replaced_by = models.OneToOneField("self", verbose_name=_("replaced by"), on_delete=models.SET_NULL, null=True,
                                       blank=True, related_name="replaces", editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} (cho_{self.prefix}_…)"

    @property
    def throttle_ident(self) -> str:
        """Rate limits count per key (apps.core.throttles.RoleRateThrottle, scope "integration")."""
        return f"apikey-{self.pk}"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())
