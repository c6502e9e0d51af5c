import pytest


@pytest.mark.django_db
@pytest.mark.urls("tests.core.urls")
def test_openapi_schema_is_served_with_bearer_jwt(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["components"]["securitySchemes"]["jwtAuth"]["scheme"] == "bearer"
    assert schema["components"]["securitySchemes"]["jwtAuth"]["bearerFormat"] == "JWT"


@pytest.mark.django_db
def test_swagger_ui_is_served(client):
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
@pytest.mark.urls("tests.core.urls")
def test_every_operation_documents_its_errors_in_the_error_shape(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    post = schema["paths"]["/api/t/validate"]["post"]["responses"]
    assert post["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    private = schema["paths"]["/api/t/private"]["get"]["responses"]
    assert {"401", "403", "429"} <= set(private)
