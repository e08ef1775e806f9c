"""Console scripts. Each has ``main(argv=None) -> int`` and reports an
unusable configuration or database as one line on stderr and a non-zero
exit code, never a traceback."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

import transaction
from pyramid.paster import get_appsettings, setup_logging
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from scratchpad.models import get_engine, get_session_factory, get_tm_session
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
    "db_session",
    "fail",
    "get_engine",
    "ini_path",
    "load_config",
]
