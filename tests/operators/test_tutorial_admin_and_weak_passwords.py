"""Coming from the Flask tutorial, completely: ``initialize_db --admin-user
NAME`` makes an adopted user an admin (or says how), and adopted users
whose passwords break the site's rules must choose new ones at next login."""

from __future__ import annotations

from tests.support import legacy
from tests.support.client import app_for

WEAK = "secret"  # six characters, and on the common list
DAVE = "INSERT INTO users (id, username, password_hash) VALUES (4, 'dave', "
DAVE += f"'{legacy.werkzeug_pbkdf2(WEAK, 'DaveSalt')}')"


def test_admin_user_makes_an_adopted_user_an_admin(empty_db_url, run):
    legacy.build(empty_db_url, 4)
    code, out, _ = run(empty_db_url, "--admin-user", "BOB")
    assert code == 0
    assert "admin: 'bob' is now an admin" in out
    assert "passwords: adopted users whose password breaks" in out
    assert legacy.rows(empty_db_url, "users", "username, is_admin") == [
        ("admin", False),
        ("bob", True),
        ("caroline", False),
    ]
    code, out, _ = run(empty_db_url, "--admin-user", "bob")
    assert (code, "admin: 'bob' is already an admin" in out) == (0, True)


def test_without_admin_user_the_output_says_how(empty_db_url, run):
    legacy.build(empty_db_url, 4)
    code, out, _ = run(empty_db_url)
    assert code == 0
    assert "none of them is an admin: make one with initialize_db " in out
    assert "--admin-user NAME" in out
    assert not any(
        admin for _, admin in legacy.rows(empty_db_url, "users", "id, is_admin")
    )


def test_an_unknown_admin_user_is_one_line(empty_db_url, run):
    legacy.build(empty_db_url, 4)
    code, _, err = run(empty_db_url, "--admin-user", "zed")
    errors = [line for line in err.splitlines() if "[alembic." not in line]
    assert code == 1 and len(errors) == 1  # development.ini logs each migration
    assert errors[0].startswith("error: --admin-user: no user called 'zed'")
    assert not any(
        admin for _, admin in legacy.rows(empty_db_url, "users", "id, is_admin")
    )


def test_a_weak_adopted_password_must_be_replaced_at_next_login(empty_db_url, run):
    legacy.build(empty_db_url, 4, extra_sql=[DAVE])
    assert run(empty_db_url)[0] == 0
    app, testapp = app_for(empty_db_url)
    try:
        response = testapp.login("dave", WEAK)
        assert response.headers["Location"].endswith("/account/")
        page = response.follow()
        assert "does not meet this site" in page.text
        token = testapp.get_csrf_token("/account/")
        refused = testapp.post("/comments/", {"contents": "hi", "csrf_token": token})
        assert refused.headers["Location"].endswith("/account/")
        form = testapp.get("/account/").forms["password-form"]
        form["current_password"] = WEAK
        form["new_password"] = form["confirm_password"] = "a much better passphrase"
        form.submit(status=303)
        testapp.post_comment("now I may post")
        testapp.reset()
        # A password that meets the rules logs in as before.
        assert (
            testapp.login("bob", legacy.PASSWORDS["bob"])
            .headers["Location"]
            .endswith("/")
        )
    finally:
        app.registry["dbengine"].dispose()
