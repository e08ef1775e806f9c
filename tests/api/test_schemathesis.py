"""Schemathesis fuzzes the API from its own OpenAPI document, in-process.

Bounded: a fixed number of examples per operation. It must find no 5xx, no
response outside the document, and no body that breaks its schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.client import bearer
from tests.support.factories import add_comments

EXAMPLES = 15
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(app, dbsession, tm, make_token):
    add_comments(dbsession, tm, 3, first=0, posted=None)
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


def test_api_keeps_its_documented_promises(api_schema, make_token, dbsession, tm):
    # Each operation is a Hypothesis test of its own, run here rather than
    # through schemathesis' pytest plugin, so the fixtures stay ordinary.
    token = make_token("alice")
    add_comments(dbsession, tm, 3, username="alice", first=0, posted=None)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.method.upper() for op in operations} == {
        "GET",
        "POST",
        "PATCH",
        "DELETE",
    }
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            headers = bearer(token) if case.method != "GET" else None
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()
