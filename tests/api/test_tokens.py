"""API tokens: stored as digests, revocable, read-only or read-write, and
kept apart from the HTML site's cookie logins."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from zope.sqlalchemy import mark_changed

from scratchpad.accounts.tokens import (
    bearer_token,
    list_tokens,
    revoke_all_tokens,
    revoke_token,
)
from scratchpad.models import ApiToken, Comment, User
from scratchpad.models.login import hash_token
from tests.support.client import bearer


def refresh(tm):
    tm.abort()
    tm.begin()


def test_bearer_header_parsing():
    assert bearer_token("Bearer sp_abc") == "sp_abc"
    assert bearer_token("bearer  sp_abc ") == "sp_abc"
    assert bearer_token("Basic dXNlcjpwYXNz") is None
    assert bearer_token("Bearer ") is None
    assert bearer_token(None) is None
    assert bearer_token("Bearer " + "x" * 500) is None


def test_only_a_digest_is_stored(make_token, dbsession, tm):
    token = make_token("alice")
    assert token.startswith("sp_") and len(token) > 40
    [row] = dbsession.scalars(select(ApiToken)).all()
    assert row.token_hash == hash_token(token)
    assert token not in (row.token_hash,)
    assert row.read_only is False and row.last_used is None


def test_last_use_is_recorded(api, make_token, dbsession, tm):
    token = make_token("alice", read_only=True)
    api.call("GET", "/api/comments", token=token, status=200)
    refresh(tm)
    row = dbsession.scalar(select(ApiToken))
    assert row.last_used is not None
    assert (datetime.now(UTC) - row.last_used).total_seconds() < 3600


def test_revoked_tokens_stop_working(api, make_token, dbsession, tm):
    first = make_token("alice")
    second = make_token("alice", read_only=True)
    user_id = dbsession.scalar(select(User.id).where(User.username == "alice"))
    assert [t.read_only for t in list_tokens(dbsession, user_id)] == [False, True]
    assert revoke_all_tokens(dbsession, user_id) == 2
    tm.commit()
    tm.begin()
    for token in (first, second):
        api.call(
            "POST", "/api/comments", token=token, json={"content": "x"}, status=401
        )


def test_revoking_one_token_leaves_the_others(api, make_token, dbsession, tm):
    first = make_token("alice")
    second = make_token("alice")
    make_token("bob")
    user_id = dbsession.scalar(select(User.id).where(User.username == "alice"))
    bob_id = dbsession.scalar(select(User.id).where(User.username == "bob"))
    [row, _] = list_tokens(dbsession, user_id)
    assert revoke_token(dbsession, bob_id, row.id) is False  # not bob's
    assert revoke_token(dbsession, user_id, row.id) is True
    tm.commit()
    tm.begin()
    api.call("POST", "/api/comments", token=first, json={"content": "x"}, status=401)
    api.call("POST", "/api/comments", token=second, json={"content": "x"}, status=201)


def test_a_disabled_users_token_authenticates_nobody(api, make_token, dbsession, tm):
    token = make_token("alice")
    dbsession.execute(update(User).values(disabled=True))
    mark_changed(dbsession)
    tm.commit()
    tm.begin()
    api.call("POST", "/api/comments", token=token, json={"content": "x"}, status=401)


def test_a_token_does_not_log_into_the_html_site(testapp, make_token, count_rows):
    token = make_token("alice")
    page = testapp.get("/", headers=bearer(token), status=200)
    assert 'name="contents"' not in page.text
    testapp.post("/comments/", {"contents": "x"}, headers=bearer(token), status=400)
    assert count_rows(Comment) == 0


def test_list_runs_one_query_plus_the_token_lookup(
    testapp, make_token, dbsession, tm, statements
):
    from tests.support.factories import add_comments

    token = make_token("alice", read_only=True)
    testapp.get("/api/comments", headers=bearer(token))  # records last use
    for count in (3, 30):
        add_comments(dbsession, tm, count, username="alice", first=0, posted=None)
        statements.clear()
        testapp.get("/api/comments", headers=bearer(token), status=200)
        selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        assert len(selects) == 2, selects
        statements.clear()
        testapp.get("/api/comments", status=200)
        assert len([s for s in statements if "SELECT" in s.upper()]) == 1
