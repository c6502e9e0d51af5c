from apps.integrations.models import ApiKey


def api_keys_list():
    return ApiKey.objects.select_related("shop", "created_by", "revoked_by").order_by("-created_at")


def api_key_get(*, pk) -> ApiKey:
    from apps.core.errors import NotFound

    key = api_keys_list().filter(pk=pk).first()
    if key is None:
        raise NotFound()
    return key
