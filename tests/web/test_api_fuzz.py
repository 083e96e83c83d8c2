"""The JSON API fuzzed from its own OpenAPI schema (schemathesis): on every generated request
to every operation, with a valid token, no server error, and every answer matches its
documented status, content type and schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from web.conftest import build_world

EXAMPLES_PER_OPERATION = 50


def test_no_generated_request_breaks_the_api(make_database: Callable[[str], str]) -> None:
    world = build_world(make_database("sqlite"))
    headers = {"Authorization": f"Bearer {world.tokens['editor']}"}
    with world.client:
        schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", world.client.app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 8  # every operation of /api/v1 is fuzzed

        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                database=None,
            )
            def run(case: Any) -> None:
                # a body the JSON Schema allows may still be refused by the model (422 with
                # its errors at their paths): what a schema cannot say is not a fault
                case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

            run()
    world.client.app.state.registry.close()  # type: ignore[attr-defined]
