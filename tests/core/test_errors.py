import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls")]


def assert_error_shape(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)
    return body["error"]


def test_validation_error_names_the_field(api_client):
    error = assert_error_shape(api_client.post("/api/t/validate", {"quantity": 0}, format="json"), 400, "validation_error")
    assert "quantity" in error["details"]


def test_malformed_json_is_a_400(api_client):
    response = api_client.post("/api/t/validate", "{not json", content_type="application/json")
    assert_error_shape(response, 400, "validation_error")


def test_unauthenticated_is_401(api_client):
    assert_error_shape(api_client.get("/api/t/private"), 401, "not_authenticated")


def test_forbidden_is_403(api_client):
    assert_error_shape(api_client.get("/api/t/forbidden"), 403, "permission_denied")


def test_unknown_api_path_is_404_in_the_error_shape(client):
    assert_error_shape(client.get("/api/v1/no-such-thing"), 404, "not_found")


def test_wrong_method_is_405(api_client):
    assert_error_shape(api_client.delete("/api/t/validate"), 405, "method_not_allowed")


def test_domain_error_keeps_code_and_details(api_client):
    error = assert_error_shape(api_client.get("/api/t/domain"), 422, "out_of_stock")
    assert error["details"] == {"available": 3}
    assert error["message"] == "Only 3 left."


def test_conflict_is_409(api_client):
    assert_error_shape(api_client.get("/api/t/conflict"), 409, "conflict")


def test_throttled_is_429_with_retry_after(api_client):
    api_client.get("/api/t/throttled")
    response = api_client.get("/api/t/throttled")
    error = assert_error_shape(response, 429, "rate_limited")
    assert int(response["Retry-After"]) > 0
    assert error["details"]["retry_after"] > 0


def test_unexpected_error_is_500_that_leaks_nothing(api_client, caplog):
    error = assert_error_shape(api_client.get("/api/t/boom"), 500, "server_error")
    assert "password" not in error["message"]
    assert "RuntimeError" in caplog.text  # the trace is logged for us


def test_page_size_is_capped_at_100(api_client, make_user):
    for _ in range(105):
        make_user()
    body = api_client.get("/api/t/users?page_size=500").json()
    assert body["count"] == 105
    assert len(body["results"]) == 100
    assert set(body) == {"count", "next", "previous", "results"}


def test_default_page_size_is_20(api_client, make_user):
    for _ in range(25):
        make_user()
    body = api_client.get("/api/t/users").json()
    assert len(body["results"]) == 20 and body["next"]
