"""ACL-06: a refused permission is logged (who, what, where) and the 403
page says nothing about the rules."""

from __future__ import annotations

import logging

from tests.support.client import client, csrf
from tests.support.factories import cast


def test_acl_06_denial_is_logged_and_page_is_generic(
    app, make_user, dbsession, tm, caplog
):
    ids = cast(make_user, dbsession, tm)
    bob = client(app, "bob")
    path = f"/comments/{ids['cid']}/delete/"
    token = csrf(bob)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="scratchpad"):
        page = bob.post(path, {"csrf_token": token}, status=403)
    denied = [r for r in caplog.records if r.getMessage().startswith("denied")]
    assert [r.getMessage() for r in denied] == [
        f"denied delete to user {ids['bob']} 'bob' on POST '{path}'"
    ]
    assert denied[0].levelno == logging.WARNING
    assert "You are not allowed to do that." in page.text
    for leak in ("Traceback", "ACL", "Allow", "Deny", "group:", "user:", "delete'"):
        assert leak not in page.text
