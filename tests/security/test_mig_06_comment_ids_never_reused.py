"""MIG-06: a comment id is never handed out twice, on any backend.

Deleting the newest comment must not let the next post take its id: an old
permalink or feed entry would then show someone else's words. SQLite needs
``AUTOINCREMENT`` for that (migration 0014); the test runs on every backend.
"""

from __future__ import annotations

from sqlalchemy import func, select

from scratchpad.models import Comment
from tests.support.client import redirect_target


def newest_id(dbsession, tm) -> int:
    tm.abort()
    tm.begin()
    return dbsession.scalar(select(func.max(Comment.id))) or 0


def test_the_deleted_newest_comment_keeps_its_id_to_itself(alice, dbsession, tm):
    alice.post_comment("first")
    alice.post_comment("regretted")
    regretted = newest_id(dbsession, tm)
    token = alice.get_csrf_token(f"/comments/{regretted}/delete/")
    alice.post(f"/comments/{regretted}/delete/", {"csrf_token": token}, status=303)
    assert newest_id(dbsession, tm) == regretted - 1
    posted = alice.post_comment("something else")
    assert newest_id(dbsession, tm) == regretted + 1
    assert redirect_target(posted).startswith("/")
    # The old permalink stays a 404 rather than showing the new words.
    alice.get(f"/comments/{regretted}/", status=404)


def test_ids_survive_deleting_every_comment(alice, dbsession, tm):
    for text in ("one", "two", "three"):
        alice.post_comment(text)
    last = newest_id(dbsession, tm)
    for number in range(last - 2, last + 1):
        token = alice.get_csrf_token(f"/comments/{number}/delete/")
        alice.post(f"/comments/{number}/delete/", {"csrf_token": token}, status=303)
    assert newest_id(dbsession, tm) == 0
    alice.post_comment("four")
    assert newest_id(dbsession, tm) == last + 1
