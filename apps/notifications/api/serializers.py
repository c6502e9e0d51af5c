from django.conf import settings
from rest_framework import serializers

from apps.notifications.models import Category, Notification


class NotificationOutput(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ("id", "kind", "category", "title", "message", "url", "data", "is_read", "read_at", "created_at")
        read_only_fields = fields


class UnreadCountOutput(serializers.Serializer):
    count = serializers.IntegerField(min_value=0)


class MarkAllReadOutput(serializers.Serializer):
    updated = serializers.IntegerField(min_value=0, help_text="How many notifications were unread.")
    count = serializers.IntegerField(min_value=0, help_text="Unread count afterwards (0).")


class ChannelSwitches(serializers.Serializer):
    order_update = serializers.BooleanField(required=False)
    message = serializers.BooleanField(required=False)
    promotion = serializers.BooleanField(required=False)
    system = serializers.BooleanField(required=False)


class ChannelsSerializer(serializers.Serializer):
    in_app = ChannelSwitches(required=False)
    email = ChannelSwitches(required=False)


class PreferencesInput(serializers.Serializer):
    language = serializers.ChoiceField(choices=[c for c, _n in settings.LANGUAGES], required=False)
    channels = ChannelsSerializer(required=False)


class PreferencesOutput(serializers.Serializer):
    language = serializers.CharField()
    channels = ChannelsSerializer()
    marketing_opt_in = serializers.BooleanField(help_text="Consent to promotional e-mails (User.marketing_opt_in).")
    transactional_always_on = serializers.BooleanField(
        help_text="Order, payment, account and shop messages are always sent, whatever the switches say.")


def preferences_data(*, prefs: dict, language: str, user) -> dict:
    return {
        "language": language,
        "channels": {channel: {c: pref.allows(c) for c in Category.values} for channel, pref in prefs.items()},
        "marketing_opt_in": bool(user.marketing_opt_in),
        "transactional_always_on": True,
    }
