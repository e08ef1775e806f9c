"""CSRF-07: an expired form does not lose what the user typed: the comment
form comes back, escaped, with "your page expired, please send again" and
a fresh token; nothing is stored."""

from __future__ import annotations

import html
import re

from scratchpad.models import Comment

TEXT = 'A long thought <b>with</b> "quotes" & a\nsecond line'


def textarea(response) -> str:
    found = re.search(
        r'<textarea id="contents"[^>]*>(.*?)</textarea>', response.text, re.S
    )
    return html.unescape(found.group(1))


def test_stale_token_gives_the_text_back(alice, count_rows):
    alice.get("/")
    response = alice.post(
        "/comments/", {"contents": TEXT, "csrf_token": "stale-" + "x" * 38}, status=400
    )
    assert "Your page expired, please send again." in response.text
    assert textarea(response) == TEXT
    assert "<b>with</b>" not in response.text  # escaped, not markup
    assert count_rows(Comment) == 0
    # The page carries a fresh token: sending it again works.
    form = response.forms["comment-form"]
    form.submit(status=303)
    assert count_rows(Comment) == 1


def test_expired_session_gives_the_text_back(alice, count_rows):
    token = alice.get_csrf_token("/")
    alice.set_cookie("session", "")  # the session cookie is gone
    response = alice.post(
        "/comments/", {"contents": TEXT, "csrf_token": token}, status=400
    )
    assert "Your page expired" in response.text
    assert textarea(response) == TEXT
    assert count_rows(Comment) == 0


def test_refusals_from_other_sites_do_not_fill_the_form(alice, count_rows):
    token = alice.get_csrf_token("/")
    response = alice.post(
        "/comments/",
        {"contents": "planted by another site", "csrf_token": token},
        headers={"Origin": "http://evil.example"},
        status=400,
    )
    assert "planted by another site" not in response.text
    assert count_rows(Comment) == 0


def test_other_forms_get_a_plain_expired_page(alice, db_state):
    before = db_state()
    response = alice.post("/logout/", {"csrf_token": "stale"}, status=400)
    assert "Your page expired" in response.text
    assert db_state() == before
