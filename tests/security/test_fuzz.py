"""Fuzzing the API with schemathesis, in-process through the WSGI application, with a buyer's token (a
seller's on /seller, staff's on /admin and the key management):
whatever the generated input, no 5xx, and every response conforms to the OpenAPI schema.

Bounded for CI: FUZZ_MAX_EXAMPLES per operation (default 3), no deadline, derandomised so a run is
reproducible. For a deeper local run: FUZZ_MAX_EXAMPLES=50 FUZZ_RANDOM=1 pytest tests/security/test_fuzz.py
"""
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from tests.conftest import clear_cache

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "3"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _raw_schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def in_process_wsgi():
    """Like Django's test client: the request must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzzer(operation, headers: dict):
    @given(case=operation.as_strategy())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=not os.environ.get("FUZZ_RANDOM"),
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def fuzz(case):
        with transaction.atomic():  # each call's writes are rolled back: the next one sees the same data
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        clear_cache()  # rate limits are tested elsewhere
        case.validate_response(response, checks=CHECKS)

    return fuzz


@pytest.mark.slow
def test_api_survives_generated_input_and_answers_as_documented(world, in_process_wsgi):
    import responses
    from rest_framework_simplejwt.tokens import RefreshToken

    from config.wsgi import application

    schema = schemathesis.openapi.from_dict(_raw_schema())
    schema.app = application
    def bearer(user) -> dict:
        return {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}

    as_buyer, as_seller, as_staff = bearer(world.buyer), bearer(world.seller), bearer(world.staff)
    failures: dict[str, str] = {}
    tried = 0

    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        # The buyer everywhere, except where only a seller or staff gets past the permission check.
        headers = (as_seller if operation.path.startswith("/api/v1/seller/")
                   else as_staff if operation.path.startswith(("/api/v1/admin/", "/api/v1/integrations/keys"))
                   else as_buyer)

        fuzz = _fuzzer(operation, headers)
        tried += 1
        with responses.RequestsMock(assert_all_requests_are_fired=False):  # no network
            try:
                fuzz()
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # noqa: BLE001 - schemathesis raises exception groups; report all at once
                failures[label] = f"{type(exc).__name__}: {str(exc)[:1500]}"

    assert tried > 100, "the schema lost its operations?"
    assert not failures, "\n\n".join(f"{label}\n{message}" for label, message in sorted(failures.items()))
