"""Fixtures for the JSON API: schema validation (``make_token`` is shared:
:mod:`tests.conftest`)."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from scratchpad.api.openapi import openapi_document
from tests.support.client import bearer


def check_documented(method: str, path: str, response: Any) -> None:
    """Fail unless ``response`` is what the OpenAPI document promises."""
    document = openapi_document()
    template = (
        "/api/comments/{id}" if path.rstrip("/").split("/")[-1].isdigit() else path
    )
    operation = document["paths"][template.split("?")[0]][method.lower()]
    documented = operation["responses"].get(str(response.status_int))
    assert documented is not None, f"{method} {path}: {response.status} undocumented"
    content = documented.get("content")
    if content is None:
        assert not response.body
        return
    assert response.content_type == "application/json"
    schema = {**content["application/json"]["schema"], **document}
    schema.pop("paths")
    Draft202012Validator(schema).validate(response.json)


@pytest.fixture
def api(testapp):
    """``testapp`` whose API calls are checked against the OpenAPI document."""

    class Api:
        def call(self, method, path, token=None, status=None, **kw) -> Any:
            headers = {**kw.pop("headers", {}), **(bearer(token) if token else {})}
            do = getattr(testapp, method.lower() + ("_json" if "json" in kw else ""))
            if "json" in kw:
                kw["params"] = kw.pop("json")
            response = do(path, headers=headers, status=status, **kw)
            check_documented(method, path.split("?")[0], response)
            return response

    return Api()
