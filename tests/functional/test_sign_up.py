"""Open sign-up (``scratchpad.registration = open``): a "Sign up" link
beside "Log in", the join form, a honeypot, and limits per address (an
IPv6 client by its /64) and for the whole site; with registration
``invite`` or ``closed`` there is no link and ``/signup/`` is a 404."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from scratchpad import main
from scratchpad.models import User
from tests.support.client import client

PASSWORD = "a fine new password"


@pytest.fixture
def open_app(app_settings: dict[str, Any]):
    settings = {**app_settings, "scratchpad.registration": "open"}
    settings["scratchpad.signups_per_address"] = "2"
    settings["scratchpad.signups_per_hour"] = "4"
    wsgi_app = main({}, **settings)
    yield wsgi_app
    wsgi_app.registry["dbengine"].dispose()


def sign_up(visitor, username, website=None, **kw):
    form = visitor.get("/signup/").forms["join-form"]
    form["username"] = username
    form["password"] = form["confirm_password"] = PASSWORD
    if website is not None:
        form["website"] = website
    return form.submit(**kw)


def users(dbsession, tm) -> list[str]:
    tm.abort()
    tm.begin()
    return sorted(dbsession.scalars(select(User.username)))


def test_sign_up_is_linked_beside_log_in_and_logs_the_new_user_in(open_app):
    visitor = client(open_app)
    front = visitor.get("/")
    assert 'href="/signup/">Sign up</a>' in front.text
    sign_up(visitor, "newcomer", status=303)
    page = visitor.get("/")
    assert 'class="nav-user">newcomer<' in page.text and "Sign up" not in page.text
    client(open_app).login("newcomer", PASSWORD)


@pytest.mark.parametrize("registration", ["invite", "closed"])
def test_without_open_registration_there_is_no_sign_up(
    app_settings, registration, dbsession, tm
):
    wsgi_app = main({}, **{**app_settings, "scratchpad.registration": registration})
    try:
        visitor = client(wsgi_app)
        assert "Sign up" not in visitor.get("/").text
        visitor.get("/signup/", status=404)
        token = visitor.get_csrf_token("/login/")
        data = {"csrf_token": token, "username": "x", "password": PASSWORD}
        data["confirm_password"] = PASSWORD
        visitor.post("/signup/", data, status=404)
    finally:
        wsgi_app.registry["dbengine"].dispose()
    assert users(dbsession, tm) == []


def test_the_default_is_invitation_only(app):
    client(app).get("/signup/", status=404)


def test_a_filled_honeypot_is_refused_and_changes_nothing(open_app, dbsession, tm):
    page = sign_up(client(open_app), "robot", website="http://spam.example", status=400)
    assert "could not be sent" in page.text
    assert users(dbsession, tm) == []


def test_the_honeypot_is_hidden_from_people(open_app):
    page = client(open_app).get("/signup/")
    assert '<div class="honeypot">' in page.text
    css = client(open_app).get("/static/site.css").text
    assert ".honeypot { display: none; }" in css


def test_sign_ups_per_address_are_limited(open_app, dbsession, tm):
    sign_up(client(open_app, address="203.0.113.9"), "one", status=303)
    sign_up(client(open_app, address="203.0.113.9"), "two", status=303)
    page = sign_up(client(open_app, address="203.0.113.9"), "three", status=429)
    assert int(page.headers["Retry-After"]) > 3500
    assert "try again in" in page.text
    sign_up(client(open_app, address="203.0.113.10"), "four", status=303)
    assert users(dbsession, tm) == ["four", "one", "two"]


def test_an_ipv6_client_is_counted_by_its_64(open_app, dbsession, tm):
    sign_up(client(open_app, address="2001:db8:1:2::1"), "one", status=303)
    sign_up(client(open_app, address="2001:db8:1:2:ffff::9"), "two", status=303)
    sign_up(client(open_app, address="2001:db8:1:2::abcd"), "three", status=429)
    sign_up(client(open_app, address="2001:db8:1:3::1"), "four", status=303)
    assert users(dbsession, tm) == ["four", "one", "two"]


def test_the_limit_slides_with_the_clock(open_app, clock):
    for name in ("one", "two"):
        sign_up(client(open_app, address="203.0.113.9"), name, status=303)
    sign_up(client(open_app, address="203.0.113.9"), "three", status=429)
    clock.advance(3601)
    sign_up(client(open_app, address="203.0.113.9"), "three", status=303)


def test_sign_ups_in_all_are_limited(open_app, dbsession, tm):
    for n in range(4):
        sign_up(client(open_app, address=f"198.51.100.{n}"), f"user{n}", status=303)
    sign_up(client(open_app, address="198.51.100.99"), "late", status=429)
    assert len(users(dbsession, tm)) == 4


def test_refused_sign_ups_do_not_count(open_app):
    for _ in range(3):
        page = sign_up(client(open_app, address="203.0.113.9"), "bad name", status=400)
        assert "cannot be used" in page.text
    sign_up(client(open_app, address="203.0.113.9"), "good", status=303)


def test_a_logged_out_visitor_is_told_how_to_take_part(app, open_app):
    prompt = client(app).get("/").html.find(id="join-prompt")
    assert prompt.get_text(" ", strip=True) == "Log in to comment ."
    prompt = client(open_app).get("/").html.find(id="join-prompt")
    assert " ".join(prompt.get_text(" ", strip=True).split()) == (
        "Log in to comment or sign up ."
    )
    assert prompt.find("a", string="sign up")["href"] == "/signup/"
