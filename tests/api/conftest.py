"""Fixtures for the JSON API: users with tokens, and schema validation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import select

from scratchpad.accounts.tokens import create_token
from scratchpad.api.openapi import openapi_document
from scratchpad.models import User
from tests.support.client import bearer


@pytest.fixture
def make_token(dbsession, tm, make_user) -> Callable[..., str]:
    """Create (or reuse) a user and give them a committed token."""

    def make(username: str = "alice", read_only: bool = False) -> str:
        user = dbsession.scalar(select(User).where(User.username == username))
        if user is None:
            make_user(username, f"{username}-password")
            user = dbsession.scalar(select(User).where(User.username == username))
        token = create_token(dbsession, user, read_only=read_only)
        tm.commit()
        tm.begin()
        return token

    return make


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
