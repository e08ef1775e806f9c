"""ERR-03: a request that fails after it has written something stores none
of it: pyramid_tm aborts on an exception and on any 4xx/5xx response."""

from __future__ import annotations

import pytest
from pyramid.threadlocal import get_current_request

from scratchpad.models import Comment
from scratchpad.views import forms
from scratchpad.views.forms import FormError


@pytest.fixture
def author(testapp, make_user):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    return testapp


def writing_then(monkeypatch, error):
    """Make validation write a row to the request's session, then fail."""

    def validate(text):
        request = get_current_request()
        request.dbsession.add(Comment(content="half-done"))
        request.dbsession.flush()
        raise error

    monkeypatch.setattr(forms, "validate_comment", validate)


def test_rejected_input_after_a_write_stores_nothing(author, count_rows, monkeypatch):
    before = count_rows()
    writing_then(monkeypatch, FormError("no"))
    author.post_comment("text", status=400)
    assert count_rows() == before


def test_exception_after_a_write_stores_nothing(author, count_rows, monkeypatch):
    before = count_rows()
    writing_then(monkeypatch, RuntimeError("crash"))
    author.post_comment("text", status=500)
    assert count_rows() == before
