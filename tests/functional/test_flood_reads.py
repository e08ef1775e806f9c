"""Posting's flood checks read only what the rules need: an EXISTS for the
duplicate rule and a count bounded by the limit for the rate rule, never the
texts of the poster's recent comments."""

from __future__ import annotations

from tests.support.factories import add_comments


def test_flood_checks_read_no_texts_and_at_most_the_limit(
    testapp, make_user, dbsession, tm, statements
):
    alice = make_user("alice", "alice-password")
    add_comments(dbsession, tm, 3, commenter_id=alice, posted=None)
    testapp.login("alice", "alice-password")
    statements.clear()
    testapp.post_comment("Something new")
    reads = [s for s in statements if "FROM comments" in s and "INSERT" not in s]
    flood = [s for s in reads if "comments.posted >" in s]
    assert len(flood) == 2, flood
    duplicate, rate = flood
    assert "EXISTS" in duplicate.upper()
    assert "LIMIT" in rate.upper() and "count(" in rate.lower()
    for statement in flood:
        assert "SELECT comments.content" not in statement, statement
