"""Running the console scripts from tests.

:func:`initialize_sqlite` runs ``initialize_db`` as a real process, as an
operator would. ``tests/conftest.py`` wraps every test in
:func:`kept_logging`, so nothing a test does to logging outlives it; a test
that calls a script's ``main()`` and still wants its own log records
captured afterwards wraps that call in it too:

The scripts configure logging from the ini file (``setup_logging``), which
replaces the root handlers with one bound to the current, captured stderr
and disables every logger that already exists. :func:`kept_logging` puts
all of that back afterwards, so later tests still see their log records
and nothing writes to a closed capture.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from _pytest.logging import LogCaptureHandler

from . import ROOT, TEST_ROUNDS, TEST_SECRET


@contextlib.contextmanager
def kept_logging(across_phases: bool = False) -> Iterator[None]:
    """Put logging back as it was. Within one phase of a test pytest's
    capturing handlers are put back too; ``across_phases`` (setup to
    teardown) leaves the per-phase ones to pytest, which has added and
    removed its own by then."""
    root = logging.getLogger()
    saved_root = (list(root.handlers), root.level)
    loggers = {
        name: (logger.disabled, logger.level, list(logger.handlers), logger.propagate)
        for name, logger in logging.Logger.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }

    def put_back(saved: list[logging.Handler], now: list[logging.Handler]) -> None:
        if across_phases:
            saved = [h for h in saved if not isinstance(h, LogCaptureHandler)]
        now[:] = saved + [h for h in now if _pytests(h) and h not in saved]

    try:
        yield
    finally:
        put_back(saved_root[0], root.handlers)
        root.level = saved_root[1]
        for name, logger in logging.Logger.manager.loggerDict.items():
            if not isinstance(logger, logging.Logger):
                continue
            if name in loggers:
                disabled, level, handlers, propagate = loggers[name]
            else:
                disabled, level, handlers, propagate = False, logging.NOTSET, [], True
            logger.disabled, logger.level, logger.propagate = disabled, level, propagate
            put_back(handlers, logger.handlers)


def _pytests(handler: logging.Handler) -> bool:
    return type(handler).__module__.startswith("_pytest")


BROWSER_INI = """\
[app:main]
use = egg:scratchpad
sqlalchemy.url = {url}
scratchpad.secret = {secret}
scratchpad.testing = true
scratchpad.bcrypt_rounds = {rounds}

[alembic]
script_location = {root}/alembic
file_template = %%(rev)s_%%(slug)s
"""


def initialize_sqlite(folder: Path, admin_password: str | None) -> tuple[Path, str]:
    """Run the ``initialize_db`` console script, as an operator would, on a
    new SQLite file in ``folder``: the database and what the script printed.
    Without ``admin_password`` the script makes up a one-time password."""
    database = folder / "template.sqlite"
    ini = folder / "initialize.ini"
    ini.write_text(
        BROWSER_INI.format(
            url=f"sqlite:///{database}",
            secret=TEST_SECRET,
            rounds=TEST_ROUNDS,
            root=ROOT,
        )
    )
    script = Path(sys.executable).with_name("initialize_db")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRATCHPAD_")}
    if admin_password is not None:
        env["SCRATCHPAD_ADMIN_PASSWORD"] = admin_password
    done = subprocess.run(
        [str(script), str(ini)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"initialize_db failed:\n{done.stderr}"
    return database, done.stdout
