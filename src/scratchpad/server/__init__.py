"""``pserve CONFIG``: the entry points an operator meets first.

The ini files name them: ``use = egg:scratchpad`` (the app, :func:`make_app`)
and ``use = egg:scratchpad#waitress`` or ``#gunicorn`` (the server,
:mod:`.runners`). Around the plain app and servers they add what running a
site needs:

- every operator mistake ends in one line on stderr and exit code 1, never
  a traceback: a missing secret or bad setting, an unusable database (a
  missing SQLite folder is named), a schema that is missing or behind
  (with the command to run), a port in use;
- one start-up line: address, processes, database (without its password)
  and schema revision.

pserve loads the server's settings before the app and runs the server
last; :class:`SystemExit` raised while loading either is printed as is, so
each check happens while loading (see :mod:`.startup`).
"""

from __future__ import annotations

from scratchpad.server.runners import gunicorn_server, waitress_server
from scratchpad.server.startup import make_app

__all__ = ["gunicorn_server", "make_app", "waitress_server"]
