"""The one-time password ``initialize_db`` generates: one login, 24 hours.

Such a user has ``one_time_password_expires`` set (and
``must_change_password``, so its login can only choose a new password).
The first login with it moves the expiry to :data:`USED`, long past, in one
UPDATE that matches only while the password is still unexpired: of two logins
racing each other, the database lets exactly one through (the other's
UPDATE waits for the first's row lock and then matches nothing). Unused,
the password stops working after :data:`LIFETIME`. Choosing a password
clears the column.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from scratchpad.models import User, utcnow

LIFETIME = timedelta(hours=24)
# What a used one-time password's expiry becomes: before any clock reading
# of a racing login, so that login's UPDATE cannot match it.
USED = datetime(2000, 1, 1, tzinfo=UTC)


def one_time_password_usable(dbsession: Session, user: User) -> bool:
    """True for an ordinary password; for a one-time password, True once
    (using it up) while it has not expired, then never again."""
    if user.one_time_password_expires is None:
        return True
    now = utcnow()
    result: Any = dbsession.execute(
        update(User)
        .where(User.id == user.id, User.one_time_password_expires > now)
        .values(one_time_password_expires=USED)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)
