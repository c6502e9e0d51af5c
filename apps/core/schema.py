"""OpenAPI generation shared by every app.

- `AutoSchema` adds the standard error responses (in the one error shape) to every operation, so each
  endpoint documents its 400/401/403/404/409/422/429 without repeating them by hand.
- `JWTScheme` tells drf-spectacular that our JWTAuthentication (simplejwt plus the suspension check) is a
  bearer-JWT scheme.
"""
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable code, e.g. validation_error, out_of_stock, not_found")
    message = serializers.CharField(help_text="Human-readable message in the request's language")
    details = serializers.DictField(help_text="Per-field messages or extra data (e.g. available stock)")


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERROR_DESCRIPTIONS = {
    "400": "Invalid input (`validation_error`); `details` names each field.",
    "401": "Missing or invalid credentials (`not_authenticated`).",
    "403": "Authenticated but not allowed (`permission_denied`), or the account is suspended.",
    "404": "Not found, or not yours (`not_found`).",
    "409": "Conflicts with the current state (`conflict`).",
    "422": "Breaks a business rule (`out_of_stock`, `voucher_invalid`, `invalid_transition`, ...).",
    "429": "Too many requests (`rate_limited`); see the Retry-After header.",
}

ERROR_EXAMPLE = OpenApiExample(
    "validation error",
    value={"error": {"code": "validation_error", "message": "Invalid input.", "details": {"quantity": ["Ensure this value is greater than or equal to 1."]}}},
    response_only=True,
    status_codes=["400"],
)


class AutoSchema(BaseAutoSchema):
    def _get_paginator(self):
        # Only GET lists are paginated; a POST answering a list (the orders of one placement) is a plain array.
        return super()._get_paginator() if self.method == "GET" else None

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["429"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("400")
        if self.get_auth() and not self._allows_anonymous():
            codes += ["401", "403"]
        if "{" in self.path:
            codes.append("404")
        for code in codes:
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses

    def _allows_anonymous(self) -> bool:
        from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly

        perms = self.view.get_permissions()
        if not perms:
            return True
        return all(isinstance(p, AllowAny) or (isinstance(p, IsAuthenticatedOrReadOnly) and self.method == "GET")
                   for p in perms)


class JWTScheme(OpenApiAuthenticationExtension):
    target_class = "apps.accounts.authentication.JWTAuthentication"
    name = "jwtAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="HTTP_AUTHORIZATION", token_prefix="Bearer",
                                                   bearer_format="JWT")
