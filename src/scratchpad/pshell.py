"""``pshell development.ini``: a shell with the database and models ready.

Inside it, ``dbsession`` works in the ``tm`` transaction: call
``tm.commit()`` to keep changes or ``tm.abort()`` to drop them.
"""

from __future__ import annotations

from typing import Any

import transaction

from scratchpad import models


def setup(env: dict[str, Any]) -> None:
    request = env["request"]
    request.tm = transaction.TransactionManager(explicit=True)
    request.tm.begin()
    env["tm"] = request.tm
    env["dbsession"] = request.dbsession
    env["models"] = models
    env.update(Comment=models.Comment, Login=models.Login, User=models.User)
