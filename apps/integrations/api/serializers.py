from rest_framework import serializers

from apps.integrations.domain import Scope
from apps.integrations.models import ApiKey


class ApiKeyIssueInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    scopes = serializers.ListField(child=serializers.ChoiceField(choices=Scope.choices), min_length=1, max_length=10)
    shop_id = serializers.UUIDField(required=False, allow_null=True, default=None)
    expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ApiKeyShopSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class ApiKeyOutput(serializers.ModelSerializer):
    shop = ApiKeyShopSerializer(allow_null=True)
    scopes = serializers.ListField(child=serializers.CharField())
    is_usable = serializers.BooleanField()
    replaced_by = serializers.UUIDField(source="replaced_by_id", allow_null=True)
    display = serializers.SerializerMethodField()

    class Meta:
        model = ApiKey
        fields = ("id", "name", "prefix", "display", "scopes", "shop", "expires_at", "revoked_at", "replaced_by",
                  "last_used_at", "is_usable", "created_at")

    def get_display(self, obj) -> str:
        return f"cho_{obj.prefix}_…"


class ApiKeyIssuedOutput(ApiKeyOutput):
    token = serializers.SerializerMethodField(help_text="The key itself. Shown once: store it now.")

    class Meta(ApiKeyOutput.Meta):
        fields = (*ApiKeyOutput.Meta.fields, "token")

    def get_token(self, obj) -> str:
        return self.context["token"]


class ApiKeyWhoAmIOutput(serializers.Serializer):
    name = serializers.CharField()
    prefix = serializers.CharField()
    scopes = serializers.ListField(child=serializers.CharField())
    shop = ApiKeyShopSerializer(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
