"""SESS-11: a page is shared (``public``, and kept in the page cache) only
when it was rendered for nobody: no identity, no session read or made.

The cookies decide before rendering whether a page may be shared; what
rendering actually saw is checked afterwards, so a page that somehow met
someone (a credential other than the cookie, a template that reads the
session) is private and never stored.
"""

from __future__ import annotations

import pytest

from scratchpad.security.policy import SecurityPolicy
from scratchpad.views import comments as views
from tests.support.factories import ALICE_PASSWORD


def page_cache(app):
    """The whole pages kept (the shared lists of comments, kept for every
    viewer, have keys of their own: see scratchpad.comments.shared_list)."""
    return [
        key for key in app.registry.scratchpad_page_cache.kept_keys() if key[0] == "/"
    ]


def test_an_anonymous_page_is_shared_and_kept(app, testapp):
    response = testapp.get("/")
    assert response.headers["Cache-Control"] == "public, no-cache"
    assert len(page_cache(app)) == 1


def test_a_page_that_touched_the_session_is_private_and_not_kept(
    app, testapp, monkeypatch
):
    render = views.front_page

    def reads_the_session(request, *args, **kwargs):
        request.session.get("anything")
        return render(request, *args, **kwargs)

    monkeypatch.setattr(views, "front_page", reads_the_session)
    response = testapp.get("/")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in response.headers
    assert len(page_cache(app)) == 0


def test_a_page_rendered_for_someone_is_private_and_not_kept(
    app, testapp, alice_id, dbsession, monkeypatch
):
    from scratchpad.models import User

    alice = dbsession.get(User, alice_id)
    monkeypatch.setattr(SecurityPolicy, "identity", lambda self, request: alice)
    response = testapp.get("/")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert len(page_cache(app)) == 0


@pytest.mark.parametrize("path", ["/", "/?before=5"])
def test_a_logged_in_page_is_never_kept(app, testapp, alice_id, path):
    testapp.login("alice", ALICE_PASSWORD)
    testapp.get(path)
    assert len(page_cache(app)) == 0
