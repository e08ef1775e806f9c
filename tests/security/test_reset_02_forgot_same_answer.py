"""RESET-02: "Forgot your password?" answers the same page (status and
text) for an account with a verified address, one without, an unverified
address and no account at all, and mails only the first; requests are
limited per address (429) and per account (silently). Without SMTP
settings the page does not exist. Tested against a real SMTP server."""

from __future__ import annotations

from scratchpad import main
from scratchpad.models import utcnow
from tests.support.client import client, csrf
from tests.support.factories import set_user
from tests.support.mail import mail_server


def ask(wsgi_app, account: str, address: str):
    visitor = client(wsgi_app, address=address)
    data = {"csrf_token": csrf(visitor), "account": account}
    return visitor.post("/forgot/", data, expect_errors=True)


def test_reset_02_same_answer_and_limits(app_settings, make_user, dbsession, tm):
    alice = make_user("alice", "alice-password")
    set_user(dbsession, tm, alice, email="alice@example.org", email_verified=utcnow())
    carol = make_user("carol", "carol-password")
    set_user(dbsession, tm, carol, email="carol@example.org")
    make_user("bob", "bob-password")
    with mail_server() as mailbox:
        settings = {**app_settings, **mailbox.settings()}
        settings["scratchpad.resets_per_account"] = "1"
        settings["scratchpad.resets_per_address"] = "6"
        wsgi_app = main({}, **settings)
        try:
            names = ["alice", "bob", "carol", "carol@example.org", "nobody", "alice"]
            answers = set()
            for n, name in enumerate(names):
                response = ask(wsgi_app, name, f"198.51.100.{n}")
                answers.add((response.status_int, response.text))
            assert len(answers) == 1 and next(iter(answers))[0] == 200
            assert mailbox.wait()["To"] == "alice@example.org"
            assert mailbox.empty()  # once per account per hour
            for _ in range(6):
                ask(wsgi_app, "nobody", "203.0.113.9")
            assert ask(wsgi_app, "nobody", "203.0.113.9").status_int == 429
        finally:
            wsgi_app.registry["dbengine"].dispose()


def test_reset_02_no_smtp_no_page(app):
    client(app).get("/forgot/", status=404)
