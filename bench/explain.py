"""Print the database's plan for the page queries: ``explain.py DATABASE_URL``.

The queries are the application's own (:func:`scratchpad.comments.pagination.
page_query`) compiled for the database, for the newest page, an older page
(``?before=``) and a newer page (``?after=``); BENCHMARKS.md shows the
output for SQLite, PostgreSQL and MariaDB.
"""

from __future__ import annotations

import sys

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from scratchpad.comments.pagination import Cursor, page_query

CASES = {
    "newest page (/)": Cursor(),
    "older page (?before=500000)": Cursor("before", 500_000),
    "newer page (?after=500000)": Cursor("after", 500_000),
}


def explain(url: str, page_size: int = 50) -> str:
    engine = create_engine(url, poolclass=NullPool)
    name = engine.dialect.name
    prefix = {"sqlite": "EXPLAIN QUERY PLAN ", "postgresql": "EXPLAIN "}
    out = []
    with engine.connect() as connection:
        for title, cursor in CASES.items():
            sql = page_query(cursor, page_size).compile(
                dialect=engine.dialect, compile_kwargs={"literal_binds": True}
            )
            rows = connection.execute(text(prefix.get(name, "EXPLAIN ") + str(sql)))
            out.append(f"-- {name}: {title}")
            if name == "sqlite":
                out += [f"{row[1]:>3} {row[3]}" for row in rows]
            elif name == "postgresql":
                out += [row[0] for row in rows]
            else:
                keys = list(rows.keys())
                out.append(" | ".join(keys))
                out += [" | ".join(str(value) for value in row) for row in rows]
            out.append("")
    engine.dispose()
    return "\n".join(out)


if __name__ == "__main__":
    print(explain(sys.argv[1]))
