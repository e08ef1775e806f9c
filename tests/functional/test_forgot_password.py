"""Forgot password, with email set up: against a real SMTP server
(aiosmtpd on 127.0.0.1) the mail arrives, its link works once, an expired
or used link is refused; the page answers the same whether or not the
account exists, and requests are limited per address and per account.
Without SMTP nothing offers email."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from scratchpad import main
from scratchpad.models import User
from tests.support.client import client
from tests.support.factories import set_user
from tests.support.mail import Mailbox, link_in, mail_server

NEW = "a brand new password"


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with mail_server() as box:
        yield box


@pytest.fixture
def mail_app(app_settings: dict[str, Any], mailbox: Mailbox):
    settings = {**app_settings, **mailbox.settings()}
    settings["scratchpad.resets_per_account"] = "2"
    settings["scratchpad.resets_per_address"] = "4"
    wsgi_app = main({}, **settings)
    yield wsgi_app
    wsgi_app.registry["dbengine"].dispose()


@pytest.fixture
def alice(make_user, dbsession, tm) -> int:
    """alice, with a verified address."""
    from scratchpad.models import utcnow

    user = make_user("alice", "alice-password")
    set_user(dbsession, tm, user, email="Alice@Example.org", email_verified=utcnow())
    return user


def ask(visitor, account: str, **kw):
    form = visitor.get("/forgot/").forms["forgot-form"]
    form["account"] = account
    return form.submit(**kw)


def path_of(link: str) -> str:
    return urlsplit(link).path


def test_the_mail_arrives_and_its_link_works_once(
    mail_app, mailbox, alice, dbsession, tm
):
    login_page = client(mail_app).get("/login/")
    assert 'href="/forgot/">Forgot your password?</a>' in login_page.text
    page = ask(client(mail_app), "alice", status=200)
    assert "is on its way" in page.text
    message = mailbox.wait()
    assert message["To"] == "Alice@Example.org"
    assert message["From"] == "Scratchpad <scratchpad@example.org>"
    path = path_of(link_in(message))
    assert path.startswith("/reset/")
    visitor = client(mail_app)
    form = visitor.get(path).forms["reset-form"]
    form["password"] = form["confirm_password"] = NEW
    form.submit(status=303)
    client(mail_app).login("alice", NEW)
    client(mail_app).get(path, status=410)


def test_a_verified_address_names_the_account_too(mail_app, mailbox, alice):
    ask(client(mail_app), "alice@example.ORG", status=200)
    assert mailbox.wait()["To"] == "Alice@Example.org"


def test_an_expired_link_is_refused(mail_app, mailbox, alice, clock):
    ask(client(mail_app), "alice", status=200)
    path = path_of(link_in(mailbox.wait()))
    clock.advance(3601)
    assert "expired" in client(mail_app).get(path, status=410).text


def test_the_answer_is_the_same_whoever_is_named(
    mail_app, mailbox, alice, make_user, dbsession, tm
):
    make_user("bob", "bob-password")  # no address
    unverified = make_user("carol", "carol-password")
    set_user(dbsession, tm, unverified, email="carol@example.org")

    names = ("alice", "bob", "carol", "nobody", "carol@example.org")
    pages = {
        name: ask(client(mail_app, address=f"198.51.100.{n}"), name, status=200).text
        for n, name in enumerate(names)
    }
    assert mailbox.wait()["To"] == "Alice@Example.org"
    assert len(set(pages.values())) == 1
    assert mailbox.empty()


def test_requests_are_limited_per_account_silently(mail_app, mailbox, alice):
    for n in range(3):
        page = ask(client(mail_app, address=f"198.51.100.{n}"), "alice", status=200)
        assert "is on its way" in page.text
    mailbox.wait()
    mailbox.wait()
    assert mailbox.empty()


def test_requests_are_limited_per_address(mail_app, mailbox):
    for _ in range(4):
        ask(client(mail_app, address="203.0.113.5"), "nobody", status=200)
    page = ask(client(mail_app, address="203.0.113.5"), "nobody", status=429)
    assert "Retry-After" in page.headers
    ask(client(mail_app, address="203.0.113.6"), "nobody", status=200)


def test_a_disabled_account_gets_no_mail(mail_app, mailbox, alice, dbsession, tm):
    set_user(dbsession, tm, alice, disabled=True)
    ask(client(mail_app), "alice", status=200)
    assert mailbox.empty()


def test_without_smtp_nothing_offers_email(app, make_user):
    make_user("alice", "alice-password")
    assert "Forgot your password?" not in client(app).get("/login/").text
    client(app).get("/forgot/", status=404)
    account = client(app, "alice").get("/account/")
    assert "Email address" not in account.text


def test_an_address_is_verified_by_its_link(
    mail_app, mailbox, make_user, dbsession, tm
):
    make_user("alice", "alice-password")
    alice = client(mail_app, "alice")
    form = alice.get("/account/").forms["email-form"]
    form["email"] = "alice@example.org"
    form.submit(status=303)
    assert "is not verified yet" in alice.get("/account/").text
    ask(client(mail_app), "alice@example.org", status=200)
    message = mailbox.wait()  # the check only: an unverified address is not used
    assert "confirm that it is yours" in message.get_content()
    assert mailbox.empty()
    path = path_of(link_in(message))
    page = client(mail_app).get(path)
    page.forms["verify-form"].submit(status=303)
    assert "is verified" in alice.get("/account/").text
    client(mail_app).get(path, status=410)
    ask(client(mail_app), "alice@example.org", status=200)
    assert mailbox.wait()["Subject"] == "Your password reset link"


def test_a_bad_address_is_refused(mail_app, make_user, dbsession, tm):
    make_user("alice", "alice-password")
    alice = client(mail_app, "alice")
    form = alice.get("/account/").forms["email-form"]
    form["email"] = "not an address"
    assert "does not look like" in form.submit(status=400).text
    tm.abort()
    tm.begin()
    assert dbsession.scalar(select(User.email)) is None
