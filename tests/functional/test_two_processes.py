"""Two app processes on one PostgreSQL database share nothing but it.

Logging in through one process, posting through the other and logging out
through the first must behave exactly as with one process: logins live in
the database and the CSRF token in a cookie both can verify, so no process
keeps state the other needs. Runs whenever PostgreSQL is configured (CI).
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool

from scratchpad.accounts.passwords import hash_password
from scratchpad.models import Comment, User
from tests.support import TEST_ROUNDS, settings_for
from tests.support.client import Browser
from tests.support.databases import POSTGRES_ENV
from tests.support.live import AppProcess

pytestmark = pytest.mark.skipif(
    not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set"
)


@pytest.fixture
def postgres_url(backends):
    server = backends["postgresql"]
    url = server.create(migrated=True)
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(
            User.__table__.insert().values(
                username="alice",
                password_hash=hash_password("alice-password", TEST_ROUNDS),
            )
        )
    engine.dispose()
    yield url
    server.drop(url)


@pytest.fixture
def two_apps(postgres_url, tmp_path):
    settings = settings_for(postgres_url)
    first = AppProcess(tmp_path, "first", settings)
    try:
        second = AppProcess(tmp_path, "second", settings)
    except Exception:
        first.stop()
        raise
    yield first, second
    first.stop()
    second.stop()


def count_comments(url: str) -> int:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(Comment))
    engine.dispose()
    return count


def test_login_post_and_logout_across_two_processes(two_apps, postgres_url):
    first, second = two_apps
    browser = Browser()

    token = browser.csrf_token(first.url + "/login/")
    form = {"username": "alice", "password": "alice-password", "csrf_token": token}
    status = browser.post(first.url + "/login/", form).status
    assert status == 303

    token = browser.csrf_token(second.url + "/")  # logged in over there too
    status = browser.post(
        second.url + "/comments/", {"contents": "via two", "csrf_token": token}
    ).status
    assert status == 303
    assert count_comments(postgres_url) == 1
    page = browser.get(first.url + "/").text
    assert "via two" in page and "by alice" in page

    login_cookie = browser.cookies["scratchpad"]
    token = browser.csrf_token(first.url + "/")
    status = browser.post(first.url + "/logout/", {"csrf_token": token}).status
    assert status == 303

    # A copy of the login cookie taken before logging out is worthless on
    # the second process too.
    browser.cookies["scratchpad"] = login_cookie
    page = browser.get(second.url + "/").text
    assert 'name="contents"' not in page
    token = browser.csrf_token(second.url + "/login/")  # a valid CSRF token
    reply = browser.post(
        second.url + "/comments/", {"contents": "after logout", "csrf_token": token}
    )
    status, headers = reply.status, reply.headers
    assert status == 303
    assert "/login/" in headers["Location"]
    assert count_comments(postgres_url) == 1
