"""``manage_users token`` and ``revoke-token``: the printed token works on
the API (read-only ones refuse writes), only its hash is stored, revoking
ends them all, and an unknown user is one line, exit 1, nothing changed."""

from __future__ import annotations

from sqlalchemy import select

from scratchpad.models import ApiToken, Comment
from tests.support.client import bearer


def post(testapp, token: str, status: int):
    return testapp.post_json(
        "/api/comments",
        {"content": "from the shell's token"},
        headers=bearer(token),
        status=status,
    )


def test_token_is_the_last_line_and_works_on_the_api(
    manage, make_user, testapp, count_rows, dbsession, tm
):
    make_user("alice", "alice-password")
    code, out, err = manage("token", "alice")
    assert code == 0 and err == ""
    token = out.splitlines()[-1]
    assert token.startswith("sp_") and "read-write" in out
    post(testapp, token, 201)
    assert count_rows(Comment) == 1
    tm.abort()
    tm.begin()
    stored = dbsession.scalars(select(ApiToken)).one()
    assert token not in stored.token_hash and not stored.read_only


def test_read_only_token_reads_but_cannot_write(manage, make_user, testapp, count_rows):
    make_user("alice", "alice-password")
    code, out, _ = manage("token", "alice", "--read-only")
    assert code == 0 and "read-only" in out
    token = out.splitlines()[-1]
    testapp.get("/api/comments", headers=bearer(token), status=200)
    post(testapp, token, 403)
    assert count_rows(Comment) == 0


def test_revoke_token_ends_every_token_of_that_user_only(
    manage, make_user, testapp, count_rows
):
    make_user("alice", "alice-password")
    make_user("bob", "bob-password")
    first = manage("token", "alice")[1].splitlines()[-1]
    second = manage("token", "alice", "--read-only")[1].splitlines()[-1]
    bobs = manage("token", "bob")[1].splitlines()[-1]
    assert count_rows(ApiToken) == 3
    assert manage("revoke-token", "Alice") == (
        0,
        "revoked 2 API token(s) of 'alice'\n",
        "",
    )
    assert count_rows(ApiToken) == 1
    for token in (first, second):
        post(testapp, token, 401)
    assert count_rows(Comment) == 0
    post(testapp, bobs, 201)


def test_unknown_user_is_one_line_and_changes_nothing(manage, make_user, count_rows):
    make_user("alice", "alice-password")
    manage("token", "alice")
    for args in (
        ["token", "nobody"],
        ["token", "nobody", "--read-only"],
        ["revoke-token", "nobody"],
    ):
        code, out, err = manage(*args)
        assert (code, out) == (1, "")
        assert err == "error: no user called 'nobody'\n"
        assert count_rows(ApiToken) == 1
