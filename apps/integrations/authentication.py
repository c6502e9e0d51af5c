"""DRF authentication by API key: header `X-Api-Key: cho_<prefix>_<secret>`.

A key bound to a shop authenticates as the shop's owner (seller endpoints then see exactly that shop);
a key without a shop is anonymous with the key as `request.auth` (public reads at the integration's rate).
Endpoints that did not opt in (see permissions.py) refuse a key with 401, whatever its scopes."""
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from apps.integrations import services
from apps.integrations.permissions import view_accepts_api_keys

HEADER = "HTTP_X_API_KEY"


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        token = request.META.get(HEADER)
        if not token:
            return None
        view = (getattr(request, "parser_context", None) or {}).get("view")
        if view is None or not view_accepts_api_keys(view):
            raise exceptions.AuthenticationFailed(_("This endpoint does not accept API keys."))
        try:
            key = services.api_key_authenticate(token=token.strip())
        except services.ApiKeyInvalid as exc:
            raise exceptions.AuthenticationFailed(exc.message) from None
        user = key.shop.owner if key.shop_id else AnonymousUser()
        return user, key

    def authenticate_header(self, request):
        return 'ApiKey header="X-Api-Key"'
