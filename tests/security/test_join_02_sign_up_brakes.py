"""JOIN-02: open sign-up is off unless ``scratchpad.registration = open``;
when on, a filled honeypot is refused, and sign-ups are limited per
address (an IPv6 client by its /64, so rotating addresses within one's own
network does not help) and for the whole site, in the database so every
process counts alike. Refusals change nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from scratchpad import main
from scratchpad.models import User
from tests.support.client import client, csrf

PASSWORD = "a fine new password"


def attempt(wsgi_app, name: str, address: str, status: int, **extra: str):
    visitor = client(wsgi_app, address=address)
    data = {"csrf_token": csrf(visitor), "username": name, **extra}
    data["password"] = data["confirm_password"] = PASSWORD
    return visitor.post("/signup/", data, status=status)


def count(dbsession, tm) -> int:
    tm.abort()
    tm.begin()
    return dbsession.scalar(select(func.count()).select_from(User))


def test_join_02_sign_up_is_closed_by_default(app, dbsession, tm):
    attempt(app, "eve", "203.0.113.1", 404)
    assert count(dbsession, tm) == 0


def test_join_02_brakes(app_settings, dbsession, tm):
    settings = {**app_settings, "scratchpad.registration": "open"}
    settings["scratchpad.signups_per_address"] = "1"
    wsgi_app = main({}, **settings)
    try:
        attempt(wsgi_app, "bot", "203.0.113.1", 400, website="x")
        attempt(wsgi_app, "one", "2001:db8:5:5::1", 303)
        for n in range(2, 6):
            attempt(wsgi_app, f"n{n}", f"2001:db8:5:5::{n}", 429)
        attempt(wsgi_app, "two", "203.0.113.1", 303)
    finally:
        wsgi_app.registry["dbengine"].dispose()
    assert count(dbsession, tm) == 2
