"""The one fake clock: the time the application sees, under the test's
control.

While the ``clock`` fixture is in use, every module of the app that asks
:func:`scratchpad.models.utcnow` what time it is (the login policy, the
throttle, the audit log, the edit window, flood control …) asks the clock
instead. It runs with the real time until :meth:`Clock.advance` moves it
on, so rows stored before (or timestamped by the database itself) look
that much older; :meth:`Clock.freeze` stops it for a test that counts
seconds exactly.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from datetime import datetime, timedelta
from typing import Any

import scratchpad
from scratchpad.models import meta

REAL_UTCNOW = meta.utcnow


class Clock:
    """The real time moved on by :meth:`advance`; once :meth:`freeze` is
    called, an instant that only :meth:`advance` moves."""

    def __init__(self) -> None:
        self.offset = timedelta(0)
        self.frozen: datetime | None = None

    def __call__(self) -> datetime:
        if self.frozen is not None:
            return self.frozen
        return REAL_UTCNOW() + self.offset

    def advance(self, seconds: float) -> None:
        step = timedelta(seconds=seconds)
        if self.frozen is not None:
            self.frozen += step
        else:
            self.offset += step

    def freeze(self) -> Clock:
        """Stop the clock where it is, for a test that counts seconds exactly."""
        self.frozen = self()
        return self

    def install(self, monkeypatch: Any) -> Clock:
        """Stand in for ``utcnow`` wherever the app has imported it."""
        for module in _app_modules():
            if getattr(module, "utcnow", None) is REAL_UTCNOW:
                monkeypatch.setattr(module, "utcnow", self)
        return self


def _app_modules() -> list[Any]:
    """Every module of the package, imported if it was not yet."""
    for info in pkgutil.walk_packages(scratchpad.__path__, "scratchpad."):
        if info.name not in sys.modules:
            importlib.import_module(info.name)
    return [
        module
        for name, module in list(sys.modules.items())
        if name == "scratchpad" or name.startswith("scratchpad.")
    ]
