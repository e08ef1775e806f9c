"""The production server a database fault test runs, on a database of
the test's own.

:func:`production_site` is ``pserve production.ini`` (gunicorn, one worker
of :data:`POSTERS` threads, the bounds below) on a migrated database at
``db_url``, with a user who may post by API token and by form; the log
must hold no traceback when it stops. :func:`stored` reads what was stored.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import transaction
from sqlalchemy import text as sql

from scratchpad.accounts.tokens import create_token
from scratchpad.models import (
    User,
    get_script_engine,
    get_session_factory,
    get_tm_session,
)
from tests.support.factories import add_user

from .running import SECRET, copy_ini, operator_env, serving

CONNECT, STATEMENT, LOCK = 2, 2, 1  # the bounds the server runs with
POSTERS = 4  # as many as the worker's threads
PASSWORD = "poster-password"


@dataclass
class Site:
    """A running production server, its log, and the poster's credentials."""

    url: str
    log: Path
    master: int
    username: str
    token: str


def make_poster(db_url: str) -> tuple[str, str]:
    """A new user (password :data:`PASSWORD`) and an API token of theirs."""
    engine = get_script_engine({"sqlalchemy.url": db_url})
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    dbsession = get_tm_session(get_session_factory(engine), manager)
    username = f"poster{time.monotonic_ns()}"
    user_id = add_user(dbsession, manager, username, PASSWORD)
    token = create_token(dbsession, dbsession.get(User, user_id))
    manager.commit()
    engine.dispose()
    return username, token


def with_app_settings(ini: Path, **settings: str) -> Path:
    """``ini`` with ``settings`` added to its ``[app:main]``."""
    lines = "".join(f"{name} = {value}\n" for name, value in settings.items())
    ini.write_text(ini.read_text().replace("[app:main]\n", "[app:main]\n" + lines))
    return ini


@contextlib.contextmanager
def production_site(
    db_url: str, folder: Path, app_settings: dict[str, str] | None = None, **env: str
) -> Iterator[Site]:
    """``pserve production.ini`` on ``db_url`` (``env`` overrides the
    environment below); the log holds no traceback."""
    username, token = make_poster(db_url)
    defaults = {
        "SCRATCHPAD_DATABASE_URL": db_url,
        "SCRATCHPAD_SECRET": SECRET,
        "SCRATCHPAD_WORKERS": "1",
        "SCRATCHPAD_THREADS": str(POSTERS),
        "SCRATCHPAD_POST_LIMIT_PER_MINUTE": "0",
        "SCRATCHPAD_DB_CONNECT_TIMEOUT": str(CONNECT),
        "SCRATCHPAD_DB_STATEMENT_TIMEOUT": str(STATEMENT),
        "SCRATCHPAD_DB_LOCK_TIMEOUT": str(LOCK),
    }
    environ = operator_env(**{**defaults, **env})
    folder.mkdir(parents=True, exist_ok=True)
    ini = with_app_settings(copy_ini("production.ini", folder), **(app_settings or {}))
    with serving(ini, environ) as (url, log, master):
        yield Site(url, log, master.pid, username, token)
        assert "Traceback" not in log.read_text(), log.read_text()


def stored(db_url: str) -> Counter[str]:
    """How many times each comment's text is stored."""
    engine = get_script_engine({"sqlalchemy.url": db_url})
    try:
        with engine.connect() as connection:
            return Counter(connection.scalars(sql("SELECT content FROM comments")))
    finally:
        engine.dispose()
