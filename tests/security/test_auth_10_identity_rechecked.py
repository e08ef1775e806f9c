"""AUTH-10: the user is re-read from the database on every request: a
removed or disabled user loses access at once."""

from __future__ import annotations

from sqlalchemy import delete, update

from scratchpad.models import Comment, User
from tests.support.client import redirect_target


def _replay_post(client, count_rows, token):
    before = count_rows(Comment)
    response = client.post(
        "/comments/", {"contents": "still here?", "csrf_token": token}, status=303
    )
    assert redirect_target(response).startswith("/login/")
    assert count_rows(Comment) == before


def test_disabled_user_is_anonymous_on_the_next_request(
    alice, alice_id, dbsession, tm, count_rows
):
    token = alice.get_csrf_token("/")
    dbsession.execute(update(User).where(User.id == alice_id).values(disabled=True))
    tm.commit()
    tm.begin()
    _replay_post(alice, count_rows, token)


def test_removed_user_is_anonymous_on_the_next_request(
    alice, alice_id, dbsession, tm, count_rows
):
    token = alice.get_csrf_token("/")
    dbsession.execute(delete(User).where(User.id == alice_id))
    tm.commit()
    tm.begin()
    _replay_post(alice, count_rows, token)
