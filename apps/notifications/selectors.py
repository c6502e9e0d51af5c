"""Reads of the notifications app."""
from django.conf import settings
from django.core.cache import cache

from apps.notifications.models import Channel, Notification, NotificationPreference

UNREAD_CACHE_TIMEOUT = 300


def unread_cache_key(user_id) -> str:
    return f"notifications:unread:{user_id}"


def notifications_for_user(user):
    return Notification.objects.filter(user=user).order_by("-created_at")


def notification_for_user(user, notification_id) -> Notification | None:
    return Notification.objects.filter(user=user, pk=notification_id).first()


def unread_count(user) -> int:
    """How many unread notifications the user has; cached per user, invalidated by every change."""
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_TIMEOUT)
    return count


def preferences_for_user(user) -> dict[str, NotificationPreference]:
    """The user's preference per channel; a channel without a stored row gets the defaults (unsaved)."""
    rows = {p.channel: p for p in NotificationPreference.objects.filter(user=user)}
    for channel in Channel.values:
        rows.setdefault(channel, NotificationPreference(user=user, channel=channel))
    return rows


def language_for(preferences: dict[str, NotificationPreference] | None = None) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    for pref in (preferences or {}).values():
        if pref.language in supported:
            return pref.language
    return settings.LANGUAGE_CODE


def user_language(user) -> str:
    return language_for(preferences_for_user(user))
