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
from tests.conftest import TEST_ROUNDS, TEST_SECRET
from tests.databases import POSTGRES_ENV, open_backend
from tests.servers import AppProcess, Browser

pytestmark = pytest.mark.skipif(
    not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set"
)


@pytest.fixture
def postgres_url():
    server = open_backend("postgresql")
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
    server.close()


@pytest.fixture
def two_apps(postgres_url, tmp_path):
    settings = {
        "sqlalchemy.url": postgres_url,
        "scratchpad.secret": TEST_SECRET,
        "scratchpad.testing": "true",
        "scratchpad.bcrypt_rounds": str(TEST_ROUNDS),
    }
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
    status, _, _ = browser.request(first.url + "/login/", form)
    assert status == 303

    token = browser.csrf_token(second.url + "/")  # logged in over there too
    status, _, _ = browser.request(
        second.url + "/comments/", {"contents": "via two", "csrf_token": token}
    )
    assert status == 303
    assert count_comments(postgres_url) == 1
    _, _, page = browser.request(first.url + "/")
    assert "via two" in page and "by alice" in page

    login_cookie = next(c for c in browser.cookies if c.name == "scratchpad")
    token = browser.csrf_token(first.url + "/")
    status, _, _ = browser.request(first.url + "/logout/", {"csrf_token": token})
    assert status == 303

    # A copy of the login cookie taken before logging out is worthless on
    # the second process too.
    browser.cookies.set_cookie(login_cookie)
    _, _, page = browser.request(second.url + "/")
    assert 'name="contents"' not in page
    token = browser.csrf_token(second.url + "/login/")  # a valid CSRF token
    status, headers, _ = browser.request(
        second.url + "/comments/", {"contents": "after logout", "csrf_token": token}
    )
    assert status == 303
    assert "/login/" in headers["Location"]
    assert count_comments(postgres_url) == 1
