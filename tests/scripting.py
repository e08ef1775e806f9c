"""Running console scripts inside the test process.

The scripts configure logging from the ini file (``setup_logging``), which
replaces the root handlers with one bound to the current, captured stderr
and disables every logger that already exists. :func:`kept_logging` puts
all of that back afterwards, so later tests still see their log records
and nothing writes to a closed capture.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator


@contextlib.contextmanager
def kept_logging() -> Iterator[None]:
    root = logging.getLogger()
    saved_root = (list(root.handlers), root.level)
    loggers = {
        name: (logger.disabled, logger.level, list(logger.handlers), logger.propagate)
        for name, logger in logging.Logger.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    try:
        yield
    finally:
        root.handlers[:], root.level = saved_root
        for name, logger in logging.Logger.manager.loggerDict.items():
            if not isinstance(logger, logging.Logger):
                continue
            if name in loggers:
                disabled, level, handlers, propagate = loggers[name]
            else:
                disabled, level, handlers, propagate = False, logging.NOTSET, [], True
            logger.disabled, logger.level, logger.propagate = disabled, level, propagate
            logger.handlers[:] = handlers
