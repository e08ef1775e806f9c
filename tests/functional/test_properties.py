"""Property tests: whatever text a comment or a username holds, the page
shows it back exactly, escaped (never as markup), on every database.

Example counts are kept small so the suite stays fast; each example is a
real request against a real database.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import select

from scratchpad.accounts.passwords import hash_password
from scratchpad.models import Comment, User
from tests.support import TEST_ROUNDS

# Printable text of any script, plus newline and tab (the comment rules
# refuse other control characters; lone surrogates cannot be sent as UTF-8).
CHARACTERS = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"
) | st.sampled_from("\n\t<>&\"'")
COMMENT_TEXT = st.text(CHARACTERS, min_size=1, max_size=120).filter(str.strip)
USERNAME = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
    | st.sampled_from("<>&\"'"),
    min_size=1,
    max_size=40,
)
SERIAL = itertools.count(1)
EXAMPLES = settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def app_settings(app_settings):
    return {**app_settings, "scratchpad.post_limit_per_minute": "0"}


@pytest.fixture
def author(testapp, make_user):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    return testapp


@EXAMPLES
@given(text=COMMENT_TEXT)
def test_comment_text_renders_back_exactly_escaped(author, dbsession, tm, text):
    # Distinct texts: duplicate suppression must not swallow an example.
    text = f"{next(SERIAL)}: {text}"
    author.post_comment(text)
    tm.abort()
    tm.begin()
    assert text in dbsession.scalars(select(Comment.content)).all()
    page = author.get("/").text
    assert str(escape(text)) in page


@EXAMPLES
@given(name=USERNAME)
def test_username_renders_back_exactly_escaped(testapp, dbsession, tm, name):
    name = f"{next(SERIAL)}-{name}"  # unique, whatever the collation
    user = User(username=name, password_hash=hash_password("pw-12345678", TEST_ROUNDS))
    dbsession.add(Comment(content="signed", commenter=user))
    tm.commit()
    tm.begin()
    assert dbsession.scalar(select(User.username).where(User.id == user.id)) == name
    assert str(escape(name)) in testapp.get("/").text
