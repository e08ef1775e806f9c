"""Console scripts. Each has ``main(argv=None) -> int`` and reports an
unusable configuration or database as one line on stderr and a non-zero
exit code, never a traceback."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import transaction
from pyramid.paster import get_appsettings, setup_logging
from sqlalchemy import make_url
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session

from scratchpad.models import get_script_engine, get_session_factory, get_tm_session
from scratchpad.models.revision import schema_state
from scratchpad.settings import Settings, load_settings

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class ScriptError(Exception):
    """A failure to report as one line on stderr."""


def ini_path(config_uri: str) -> str:
    """The file part of ``development.ini#main``."""
    return config_uri.split("#", 1)[0]


def load_config(config_uri: str) -> tuple[dict[str, Any], Settings]:
    """The merged and the typed settings of ``config_uri``'s app section."""
    try:
        setup_logging(config_uri)
        raw = get_appsettings(config_uri)
    except (OSError, LookupError, ValueError) as error:
        raise ScriptError(f"cannot read {config_uri}: {error}") from None
    try:
        return load_settings(raw)
    except ValueError as error:
        raise ScriptError(str(error)) from None


def database_problem(url: str, error: SQLAlchemyError) -> str:
    """One line for an unusable database, saying what to do where we can.

    SQLite's own message for a missing folder is "unable to open database
    file"; the operator needs to hear which folder to create.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        return f"database: {url!r} is not a database URL"
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (
        None,
        "",
        ":memory:",
    ):
        folder = Path(parsed.database).parent
        if not folder.is_dir():
            return (
                f"database: the folder {folder} does not exist: create it "
                f"(mkdir -p {folder}) for the user that runs Scratchpad"
            )
    detail = str(getattr(error, "orig", None) or error).splitlines()[0]
    return f"database: {detail}"


def current_engine(merged: dict[str, Any], config_uri: str) -> Engine:
    """An engine on a database whose schema is the newest, else ScriptError."""
    engine = get_script_engine(merged)
    try:
        with engine.connect() as connection:
            problem = schema_state(connection).problem(f"initialize_db {config_uri}")
    except BaseException:
        engine.dispose()
        raise
    if problem is not None:
        engine.dispose()
        raise ScriptError(problem)
    return engine


@contextlib.contextmanager
def db_session(engine: Engine) -> Iterator[Session]:
    """A session in its own transaction: committed on success, else aborted."""
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        yield get_tm_session(get_session_factory(engine), manager)


def fail(message: str, code: int = EXIT_FAILURE) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


__all__ = [
    "EXIT_OK",
    "ScriptError",
    "current_engine",
    "database_problem",
    "db_session",
    "fail",
    "get_script_engine",
    "ini_path",
    "load_config",
]


class Progress:
    """A row counter on stderr, shown only when stderr is a terminal."""

    def __init__(self, label: str, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.shown = self.stream.isatty()
        self.label, self.count = label, 0

    def tick(self) -> None:
        self.count += 1
        if self.shown and self.count % 10_000 == 0:
            self.stream.write(f"\r{self.label}: {self.count:,} rows")

    def done(self) -> None:
        if self.shown:
            self.stream.write(f"\r{self.label}: {self.count:,} rows, done\n")
