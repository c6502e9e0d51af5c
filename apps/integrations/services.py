"""API key use cases: issue (the token is returned once), revoke, rotate with a grace period, authenticate."""
from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from apps.integrations import domain
from apps.integrations.models import ApiKey

logger = logging.getLogger(__name__)

# last_used_at is written at most once per this interval per key (one UPDATE, not one per request).
LAST_USED_RESOLUTION = timedelta(seconds=60)


class ApiKeyInvalid(DomainError):
    code = "not_authenticated"
    status = 401
    default_message = _("Invalid, expired or revoked API key.")


def _rotation_grace() -> timedelta:
    return timedelta(hours=getattr(settings, "API_KEY_ROTATION_GRACE_HOURS", 24))


def _ensure_staff(by) -> None:
    if not (by and by.is_authenticated and by.is_staff):
        raise PermissionDenied(_("Only staff can manage API keys."))


def api_key_issue(*, name: str, scopes, by, shop=None, expires_at=None, key: ApiKey | None = None
                  ) -> tuple[ApiKey, str]:
    """Create a key and return it with its token. The token is never stored and cannot be shown again.
    `key` lets the admin form hand over its unsaved instance."""
    _ensure_staff(by)
    scopes = sorted(set(scopes or ()))
    problems = domain.scopes_check(scopes, has_shop=shop is not None)
    if problems:
        raise ValidationFailed(problems[0], details={"scopes": problems})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationFailed(_("The expiry must be in the future."), details={"expires_at": ["in the past"]})
    new = domain.token_new()
    key = key or ApiKey()
    key.name, key.scopes, key.shop, key.expires_at = name.strip(), scopes, shop, expires_at
    key.prefix, key.key_hash, key.created_by = new.prefix, new.digest, by
    key.save()
    logger.info("API key %s issued (scopes %s) by %s", key.prefix, ",".join(scopes), by.pk)
    return key, new.token


def api_key_revoke(*, key: ApiKey, by) -> ApiKey:
    _ensure_staff(by)
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is None:
            key.revoked_at, key.revoked_by = timezone.now(), by
            key.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
            logger.info("API key %s revoked by %s", key.prefix, by.pk)
    return key


def api_key_rotate(*, key: ApiKey, by, grace: timedelta | None = None) -> tuple[ApiKey, str]:
    """Issue a successor with the same name, scopes and shop. The old key keeps working for `grace`
    (API_KEY_ROTATION_GRACE_HOURS, default 24 h) so the integration can switch without downtime."""
    _ensure_staff(by)
    grace = _rotation_grace() if grace is None else grace
    with transaction.atomic():
        old = ApiKey.objects.select_for_update().get(pk=key.pk)
        if not old.is_usable:
            raise Conflict(_("A revoked or expired key cannot be rotated; issue a new one."))
        if old.replaced_by_id is not None:
            raise Conflict(_("This key was already rotated."))
        new, token = api_key_issue(name=old.name, scopes=old.scopes, shop=old.shop, by=by, expires_at=None)
        deadline = timezone.now() + grace
        old.expires_at = min(old.expires_at, deadline) if old.expires_at else deadline
        old.replaced_by = new
        old.save(update_fields=["expires_at", "replaced_by", "updated_at"])
        logger.info("API key %s rotated to %s by %s; old valid until %s", old.prefix, new.prefix, by.pk,
                    old.expires_at.isoformat())
    return new, token


def api_key_authenticate(*, token: str) -> ApiKey:
    """The usable key for this token, or ApiKeyInvalid. Records the use (at most once a minute)."""
    prefix = domain.token_prefix(token or "")
    if prefix is None:
        raise ApiKeyInvalid()
    key = ApiKey.objects.select_related("shop__owner").filter(prefix=prefix).first()
    if key is None or not domain.token_matches(token, key.key_hash) or not key.is_usable:
        raise ApiKeyInvalid()
    if key.shop_id and getattr(key.shop.owner, "is_suspended", False):
        raise ApiKeyInvalid(_("The shop's account is suspended."))
    api_key_touch(key=key)
    return key


def api_key_touch(*, key: ApiKey) -> None:
    now = timezone.now()
    if key.last_used_at and now - key.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiKey.objects.filter(pk=key.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)).update(last_used_at=now)
    key.last_used_at = now
