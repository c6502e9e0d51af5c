"""OpenAPI: the X-Api-Key header is an apiKey security scheme."""
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "apps.integrations.authentication.ApiKeyAuthentication"
    name = "apiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "X-Api-Key",
                "description": "An integration's API key (`cho_<prefix>_<secret>`), issued by staff with scopes. "
                               "Accepted only by endpoints that list a scope for it."}
