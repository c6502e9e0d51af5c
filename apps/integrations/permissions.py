"""Scope checks for requests authenticated by an API key.

A view opts in to API keys by listing HasApiKeyScope in its permission_classes and declaring which scope
each method needs:

    permission_classes = [AllowAny, HasApiKeyScope]
    api_key_scopes = {"GET": "catalog:read"}

Every other view refuses API keys outright (ApiKeyAuthentication), so a key never reaches an endpoint
nobody thought about. Requests without an API key are not affected by this permission."""
from django.utils.translation import gettext as _
from rest_framework.permissions import AllowAny, BasePermission

from apps.integrations.domain import scope_allows
from apps.integrations.models import ApiKey


def view_accepts_api_keys(view) -> bool:
    return any(isinstance(cls, type) and issubclass(cls, HasApiKeyScope)
               for cls in getattr(view, "permission_classes", ()))


def required_scope(view, method: str) -> tuple[bool, str | None]:
    """(declared, scope) for this method; HEAD and OPTIONS follow GET."""
    mapping = getattr(view, "api_key_scopes", {}) or {}
    method = "GET" if method in ("HEAD", "OPTIONS") and method not in mapping else method
    if method not in mapping:
        return False, None
    return True, mapping[method]


class HasApiKeyScope(AllowAny):
    """Allows every request that is not made with an API key (so it subclasses AllowAny, which also tells the
    OpenAPI generator it adds no requirement for people); a key needs the method's declared scope."""

    def has_permission(self, request, view):
        key = request.auth
        if not isinstance(key, ApiKey):
            return True
        declared, scope = required_scope(view, request.method)
        if not declared:
            self.message = _("API keys cannot be used for this method.")
            return False
        if not scope_allows(key.scopes, scope):
            self.message = _("This API key lacks the scope %(scope)s.") % {"scope": scope}
            return False
        return True


class IsApiKey(BasePermission):
    """Only a request authenticated by an API key (e.g. a key describing itself)."""

    message = "Send an API key in the X-Api-Key header."

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiKey)
