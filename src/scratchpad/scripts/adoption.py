"""Recognise what a database holds by inspecting it, before migrating it.

``initialize_db`` calls :func:`inspect_database` first. It only reads, and
answers one of:

- an empty database (unrelated tables are fine): migrate from scratch;
- a Scratchpad database (``alembic_version`` names one of our revisions):
  upgrade as usual;
- one of the four stages the Flask tutorial leaves a database in, told
  apart by its tables and columns alone; an ``alembic_version`` row written
  by Flask-Migrate is ignored, never trusted. The stage maps to the
  revision of ours with the same schema (see :data:`STAGE_REVISION`), which
  is stamped before upgrading. Stage 4 (``comments.commenter_id``) is
  stamped "0003": migration 0004 finds the column already there and only
  replaces the tutorial's unnamed foreign key with our named one.

Anything else raises :class:`AdoptionRefused` with a message for the
operator, and the database is left exactly as it was. "Anything else"
means: a required table or column missing, a column of another kind
(integer, text, timestamp; lengths and widths may differ, so MySQL's
``VARCHAR`` and PostgreSQL's ``TEXT`` or ``BIGINT`` are accepted), a column
the tutorial never had, one of our own tables already present, or data the
site would reject (checked with the site's own functions,
:mod:`.site_rules`): two users whose names are one name to the site (case,
NFC/NFD spelling), users without a name or password hash, comments pointing
at users that do not exist, comment text the site refuses, and ``posted``
times the site cannot read or that lie in the future.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from scratchpad.models import metadata, utcnow
from scratchpad.scripts.site_rules import bad_texts, shared_names, unreadable_or_future

# The revision of ours whose schema each tutorial stage matches.
STAGE_REVISION = {1: "0001", 2: "0002", 3: "0003", 4: "0003"}
STAGE_NAMES = {
    1: "comments only",
    2: "comments with timestamps",
    3: "comments with timestamps, and users",
    4: "comments with timestamps and commenters, and users",
}
INTEGER, TEXT, TIMESTAMP = "integer", "text", "timestamp"
REQUIRED = {
    "comments": {"id": INTEGER, "content": TEXT},
    "users": {"id": INTEGER, "username": TEXT, "password_hash": TEXT},
}
OPTIONAL = {"comments": {"posted": TIMESTAMP, "commenter_id": INTEGER}, "users": {}}
KINDS = {INTEGER: sa.Integer, TEXT: sa.String, TIMESTAMP: sa.DateTime}
LISTED = 10  # names or ids shown in a refusal message


class AdoptionRefused(Exception):
    """The database cannot be adopted; the message says why and what to do."""


@dataclass
class Finding:
    """What :func:`inspect_database` found."""

    kind: str  # "empty", "scratchpad" or "tutorial"
    revision: str | None = None  # ours: current; tutorial: the one to stamp
    stage: int | None = None
    foreign_version: list[str] = field(default_factory=list)
    comments: int = 0
    users: int = 0

    def describe(self) -> str:
        if self.kind == "empty":
            return "an empty database"
        if self.kind == "scratchpad":
            return f"a Scratchpad database at revision {self.revision}"
        text = (
            f"the Flask tutorial's stage {self.stage} "
            f"({STAGE_NAMES.get(self.stage or 0, '?')}): {self.comments} comments, "
            f"{self.users} users"
        )
        if self.foreign_version:
            text += "; alembic_version " + ", ".join(self.foreign_version)
            text += " is another tool's and is ignored"
        return text


def _listed(items: Sequence[Any]) -> str:
    shown = ", ".join(str(item) for item in items[:LISTED])
    return shown + (f" and {len(items) - LISTED} more" if len(items) > LISTED else "")


def _check_columns(inspector: sa.Inspector, table: str) -> set[str]:
    """The optional columns ``table`` has; refuse a missing, extra or
    differently typed one."""
    columns = {c["name"]: c["type"] for c in inspector.get_columns(table)}
    wanted = {**REQUIRED[table], **OPTIONAL[table]}
    missing = sorted(set(REQUIRED[table]) - set(columns))
    if missing:
        raise AdoptionRefused(f"table {table} has no column {', '.join(missing)}")
    extra = sorted(set(columns) - set(wanted))
    if extra:
        raise AdoptionRefused(
            f"table {table} has columns the tutorial never had: {', '.join(extra)}"
        )
    for name, type_ in columns.items():
        if not isinstance(type_, KINDS[wanted[name]]):
            raise AdoptionRefused(
                f"column {table}.{name} is {type_}, expected {wanted[name]}"
            )
    return set(columns) & set(OPTIONAL[table])


def _check_users(connection: Connection, stage: int) -> None:
    users = sa.table(
        "users", sa.column("id"), sa.column("username"), sa.column("password_hash")
    )
    named = connection.execute(
        sa.select(users.c.id, users.c.username).where(users.c.username.is_not(None))
    )
    duplicates = shared_names((row.id, str(row.username)) for row in named)
    if duplicates:
        raise AdoptionRefused(
            "users share a name (ignoring case): "
            + _listed(duplicates)
            + "; rename all but one of each with SQL (an UPDATE of users) "
            "and run initialize_db again"
        )
    nameless = connection.scalars(
        sa.select(users.c.id)
        .where(sa.or_(users.c.username.is_(None), users.c.password_hash.is_(None)))
        .order_by(users.c.id)
    ).all()
    if nameless:
        raise AdoptionRefused(
            "users without a name or password hash (ids "
            + _listed(nameless)
            + "); give them one or delete them, and run initialize_db again"
        )
    if stage == 4:
        comments = sa.table("comments", sa.column("id"), sa.column("commenter_id"))
        dangling = connection.scalars(
            sa.select(comments.c.id)
            .where(comments.c.commenter_id.is_not(None))
            .where(~comments.c.commenter_id.in_(sa.select(users.c.id)))
            .order_by(comments.c.id)
        ).all()
        if dangling:
            raise AdoptionRefused(
                "comments whose commenter does not exist (ids "
                + _listed(dangling)
                + "); set their commenter_id to NULL and run initialize_db again"
            )


def _check_comments(connection: Connection, stage: int) -> None:
    comments = sa.table("comments", sa.column("id"), sa.column("content"))
    texts = connection.execute(sa.select(comments.c.id, comments.c.content))
    bad = bad_texts((row.id, row.content) for row in texts)
    if bad:
        raise AdoptionRefused(
            "comments whose text this site refuses (blank, or control characters; "
            f"ids {_listed(bad)}); correct them with SQL and run initialize_db again"
        )
    if stage < 2:
        return
    # The very reader the site reads times with: text on SQLite, where the
    # tutorial may have left anything in the column.
    dialect = connection.dialect
    reader = sa.DateTime().dialect_impl(dialect).result_processor(dialect, None)
    read = reader or (lambda value: value)
    posted = sa.table("comments", sa.column("id"), sa.column("posted"))
    rows = connection.execute(sa.select(posted.c.id, posted.c.posted))
    bad = unreadable_or_future(((row.id, row.posted) for row in rows), read, utcnow())
    if bad:
        raise AdoptionRefused(
            "comments whose posted time is not a time or lies in the future (ids "
            f"{_listed(bad)}); correct them with SQL and run initialize_db again"
        )


def _count(connection: Connection, table: str) -> int:
    count = connection.scalar(sa.select(sa.func.count()).select_from(sa.table(table)))
    return count or 0


def inspect_database(connection: Connection, our_revisions: set[str]) -> Finding:
    """Say what the database holds; raise :class:`AdoptionRefused` if it is
    not something we can adopt. Reads only."""
    inspector = sa.inspect(connection)
    tables = set(inspector.get_table_names())
    versions: list[str] = []
    if "alembic_version" in tables:
        versions = list(
            connection.scalars(sa.text("SELECT version_num FROM alembic_version"))
        )
        if len(versions) == 1 and versions[0] in our_revisions:
            return Finding("scratchpad", revision=versions[0])
    if "comments" not in tables:
        if "users" in tables:
            raise AdoptionRefused("found a users table but no comments table")
        if versions:
            raise AdoptionRefused(
                f"alembic_version ({_listed(versions)}) belongs to another "
                "application and there is no comments table: not a tutorial database"
            )
        return Finding("empty")
    ours = set(metadata.tables) - {"comments", "users"}
    clash = sorted(tables & ours)
    if clash:
        raise AdoptionRefused(
            f"table {', '.join(clash)} already exists but alembic_version does "
            "not name a Scratchpad revision"
        )
    optional = _check_columns(inspector, "comments")
    has_users = "users" in tables
    if has_users:
        _check_columns(inspector, "users")
    if "commenter_id" in optional and not has_users:
        raise AdoptionRefused("comments.commenter_id exists but no users table")
    if has_users and "posted" not in optional:
        raise AdoptionRefused("a users table exists but comments.posted does not")
    stage = 1 + ("posted" in optional) + has_users + ("commenter_id" in optional)
    if has_users:
        _check_users(connection, stage)
    _check_comments(connection, stage)
    return Finding(
        "tutorial",
        revision=STAGE_REVISION[stage],
        stage=stage,
        foreign_version=versions,
        comments=_count(connection, "comments"),
        users=_count(connection, "users") if has_users else 0,
    )
