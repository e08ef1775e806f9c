"""``scratchpad_data CONFIG_URI export > dump.json`` and
``scratchpad_data CONFIG_URI import dump.json [--merge]``: move a site's
users (with their password hashes) and comments between databases.

Both directions stream (see :mod:`scratchpad.scripts.dump` for the format): memory
stays flat however many comments there are. Export reads one consistent
snapshot. Import runs in one transaction, so a dump with a fault anywhere
writes nothing; it refuses a database that already has users or comments
unless ``--merge``, which skips users whose name is taken and comments
whose id is taken. Rows are held to the site's own rules (:mod:`.site_rules`);
the first to break one is named by line. Logins, API tokens, reports and
the audit log are never exported.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from typing import IO, Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from scratchpad.comments.changes import import_comments
from scratchpad.models import Comment, User, utcnow
from scratchpad.scripts import (
    EXIT_OK,
    Progress,
    ScriptError,
    current_engine,
    database_problem,
    fail,
    get_script_engine,
    load_config,
)
from scratchpad.scripts.dump import TABLES, DumpError, DumpWriter, decode_row, read_dump
from scratchpad.scripts.initialize_db import upgrade
from scratchpad.scripts.schema import catch_up_sequences
from scratchpad.scripts.site_rules import NameBook, RuleBroken, check_row

BATCH = 1000
USERS: Table = User.__table__  # type: ignore[assignment]
COMMENTS: Table = Comment.__table__  # type: ignore[assignment]
# The comments' columns that name a user (the commenter, a moderator...).
USER_LINKS = [
    column.name
    for column in COMMENTS.columns
    if any(key.column.table is USERS for key in column.foreign_keys)
]


def export_dump(engine: Engine, out: IO[bytes], progress: Progress) -> None:
    """Both tables from one snapshot (one read transaction; on SQLite an
    explicit BEGIN, as the driver begins none for reads): a comment posted
    meanwhile by a new user is in the dump with its user, or not at all."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if not sqlite:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            if sqlite:
                connection.exec_driver_sql("BEGIN")
            writer = DumpWriter(out)
            for table in TABLES:
                writer.start(table)
                rows = connection.execution_options(yield_per=BATCH).execute(
                    select(table).order_by(table.c.id)
                )
                for row in rows:
                    writer.row(table, dict(row._mapping))
                    progress.tick()
                writer.end(table)
    progress.done()


def _is_empty(connection: Connection) -> bool:
    return not any(
        connection.scalar(select(func.count()).select_from(table)) for table in TABLES
    )


def _import_user(
    connection: Connection, row: dict[str, Any], merge: bool, tally: Counter[str]
) -> int:
    """Insert one user (unless merging finds the name taken); the local id."""
    if merge:
        local = connection.scalar(
            select(USERS.c.id).where(USERS.c.username == row["username"])
        )
        if local is not None:
            tally["users skipped"] += 1
            return int(local)
        if connection.scalar(select(USERS.c.id).where(USERS.c.id == row["id"])):
            row = {key: value for key, value in row.items() if key != "id"}
    result = connection.execute(insert(USERS).values(row))
    tally["users added"] += 1
    inserted = result.inserted_primary_key
    return int(row.get("id") or (inserted[0] if inserted else 0))


def _insert_comments(
    connection: Connection,
    batch: list[dict[str, Any]],
    merge: bool,
    tally: Counter[str],
) -> None:
    rows = batch
    if merge and batch:
        ids = [row["id"] for row in batch]
        taken = set(
            connection.scalars(select(COMMENTS.c.id).where(COMMENTS.c.id.in_(ids)))
        )
        rows = [row for row in batch if row["id"] not in taken]
        tally["comments skipped"] += len(batch) - len(rows)
    import_comments(connection, rows)
    tally["comments added"] += len(rows)
    batch.clear()


def summary(tally: Counter[str], merge: bool) -> str:
    """What an import did, in one line: operators check it against the dump."""

    def count(number: int, noun: str) -> str:
        return f"{number} {noun}{'' if number == 1 else 's'}"

    added = " and ".join(
        count(tally[f"{noun}s added"], noun) for noun in ("user", "comment")
    )
    if not merge:
        return f"imported {added}"
    return (
        f"merged: added {added}; skipped "
        f"{count(tally['users skipped'], 'user')} whose name exists and "
        f"{count(tally['comments skipped'], 'comment')} whose id exists"
    )


def import_dump(
    engine: Engine, lines: Iterable[bytes], merge: bool, progress: Progress
) -> Counter[str]:
    tally: Counter[str] = Counter()
    with engine.begin() as connection:
        if not merge and not _is_empty(connection):
            raise ScriptError(
                "the database already has users or comments; "
                "use --merge to add only what it lacks"
            )
        local_user = {}  # a user's id in the dump -> their id here
        names = NameBook(connection.scalars(select(USERS.c.username)))
        now = utcnow()
        last_id = {table.name: 0 for table in TABLES}
        batch: list[dict[str, Any]] = []
        for table, line, record in read_dump(lines):
            row = decode_row(table, record, line)
            if row["id"] <= last_id[table.name]:
                raise DumpError(
                    f"line {line}: field 'id' is not larger than the one before"
                )
            last_id[table.name] = row["id"]
            try:
                check_row(table.name, row, now)
                if table is USERS:
                    names.admit(row["username"])
            except RuleBroken as error:
                raise DumpError(f"line {line}: field {error.field!r} {error}") from None
            if table is USERS:
                local_user[row["id"]] = _import_user(connection, row, merge, tally)
            else:
                for name in USER_LINKS:  # links follow each user to their id here
                    if row.get(name) is not None:
                        if row[name] not in local_user:
                            raise DumpError(
                                f"line {line}: field {name!r} is no user's id"
                            )
                        row[name] = local_user[row[name]]
                batch.append(row)
                if len(batch) >= BATCH:
                    _insert_comments(connection, batch, merge, tally)
            progress.tick()
        _insert_comments(connection, batch, merge, tally)
        catch_up_sequences(connection, TABLES)  # explicit ids leave them behind
    progress.done()
    return tally


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scratchpad_data", description="Export or import users and comments."
    )
    parser.add_argument("config_uri", help="the ini file, e.g. production.ini")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("export", help="write a dump of the database to stdout")
    importing = commands.add_parser("import", help="load a dump into the database")
    importing.add_argument("file", help="the dump file ('-' for stdin)")
    importing.add_argument(
        "--merge", action="store_true", help="add to a non-empty database"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = ""
    try:
        merged, settings = load_config(args.config_uri)
        url = settings.database_url
        if args.command == "export":
            engine = current_engine(merged, args.config_uri)
        else:  # import migrates first
            engine = get_script_engine(merged)
        try:
            run(args, engine)
        finally:
            engine.dispose()
        return EXIT_OK
    except (ScriptError, DumpError) as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"{getattr(error, 'filename', None) or 'file'}: {error.strerror}")
    except SQLAlchemyError as error:
        return fail(database_problem(url, error))


def run(args: argparse.Namespace, engine: Engine) -> None:
    if args.command == "export":
        export_dump(engine, sys.stdout.buffer, Progress("exported"))
        sys.stdout.buffer.flush()
        return
    with engine.begin() as connection:
        upgrade(args.config_uri, connection)
    if args.file == "-":
        tally = import_dump(engine, sys.stdin.buffer, args.merge, Progress("imported"))
    else:
        with open(args.file, "rb") as lines:
            tally = import_dump(engine, lines, args.merge, Progress("imported"))
    print(summary(tally, args.merge))
