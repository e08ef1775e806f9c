"""Seed a benchmark database: ``python bench/seed.py DATABASE_URL N``.

Brings the database to the newest schema with the project's own Alembic
migrations, then adds a ``bench`` user, one login for it (the token is
printed, so the load generator can send it as a cookie without logging in
over HTTP) and ``N`` comments by a few hundred commenters, with multi-row
INSERTs of 10,000 rows per statement batch inside one transaction.
1,000,000 comments take well under a minute on SQLite.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.pool import NullPool

from scratchpad.accounts.passwords import hash_password
from scratchpad.models import Comment, Login, User, get_engine
from scratchpad.models.login import hash_token, new_token
from scratchpad.scripts.initialize_db import upgrade

INI = str(Path(__file__).resolve().parent.parent / "production.ini")
CHUNK = 10_000
COMMENTERS = 300
START = datetime(2020, 1, 1, tzinfo=UTC)
TEXT = (
    "A comment of ordinary length, long enough to look like real text on the "
    "page, with <angle brackets> & ampersands that must be escaped. #{n}"
)


def seed(url: str, count: int) -> str:
    """Migrate and fill the database at ``url``; returns the login token."""
    engine = get_engine({"sqlalchemy.url": url}, poolclass=NullPool)
    with engine.begin() as connection:
        upgrade(INI, connection)
    token = new_token()
    with engine.begin() as connection:
        password = hash_password("bench-password", 10)
        users = [{"username": "bench", "password_hash": password}] + [
            {"username": f"commenter{n}", "password_hash": password}
            for n in range(COMMENTERS)
        ]
        connection.execute(insert(User), users)
        bench_id = connection.execute(
            User.__table__.select().where(User.username == "bench")
        ).one()[0]
        now = datetime.now(UTC)
        connection.execute(
            insert(Login).values(
                token_hash=hash_token(token),
                user_id=bench_id,
                created=now,
                last_seen=now,
            )
        )
        for start in range(0, count, CHUNK):
            rows = [
                {
                    "content": TEXT.format(n=n),
                    "posted": START + timedelta(seconds=n),
                    "commenter_id": bench_id + 1 + n % COMMENTERS,
                }
                for n in range(start, min(start + CHUNK, count))
            ]
            connection.execute(insert(Comment), rows)
    engine.dispose()
    return token


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or not argv[1].isdigit():
        print("usage: seed.py DATABASE_URL N", file=sys.stderr)
        return 2
    began = time.monotonic()
    token = seed(argv[0], int(argv[1]))
    print(f"seeded {int(argv[1]):,} comments in {time.monotonic() - began:.1f} s")
    print(f"token {token}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
