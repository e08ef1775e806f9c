"""``manage_users``: each command does what it says, through the same
database the site uses, and refuses bad input with one line and no change."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from scratchpad.models import Comment, Login, User
from scratchpad.scripts import manage_users
from scratchpad.security.permissions import ADMINS, principals_for
from tests.support import INI
from tests.support.scripting import kept_logging


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def get_user(dbsession, tm, name: str) -> User | None:
    tm.abort()
    tm.begin()
    return dbsession.scalar(select(User).where(User.username == name))


def test_added_user_can_log_in(manage, testapp, dbsession, tm):
    code, out, _ = manage("add", "dora", stdin="dora-password\n")
    assert (code, out) == (0, "added user 'dora'\n")
    testapp.login("dora", "dora-password")
    assert not get_user(dbsession, tm, "dora").is_admin


def test_add_admin_puts_the_user_in_the_admins_group(manage, dbsession, tm):
    assert manage("add", "erin", "--admin", stdin="erin-password\n")[0] == 0
    assert ADMINS in principals_for(get_user(dbsession, tm, "erin"))
    code, out, _ = manage("list")
    assert code == 0
    assert any(
        line.split()[1:] == ["erin", "never", "admin"] for line in out.splitlines()
    )


def test_password_is_asked_twice_on_a_terminal(manage, monkeypatch, dbsession, tm):
    answers = iter(["first-password", "other-password", "same-password"] * 2)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    def run(*args):
        monkeypatch.setattr("sys.stdin", Terminal())
        with kept_logging():
            return manage_users.main([INI, *args])

    manage("list")  # sets the environment
    assert run("add", "fay") == 1
    assert get_user(dbsession, tm, "fay") is None
    answers = iter(["same-password", "same-password"])
    assert run("add", "fay") == 0
    assert get_user(dbsession, tm, "fay") is not None


def test_password_is_never_taken_from_the_command_line(manage):
    with pytest.raises(SystemExit) as exit_info:
        manage("add", "gus", "gus-password")
    assert exit_info.value.code == 2


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["add", "alice"], "new-password\n", "user 'alice' already exists"),
        (["add", "ALICE"], "new-password\n", "user 'alice' already exists"),
        (["add", "Ali ce"], "new-password\n", "letters, digits"),
        (["add", "a" * 65], "new-password\n", "at most 64 characters"),
        (["add", "hal"], "\n", "the password is empty"),
        (["add", "hal"], "", "the password is empty"),
        (["add", "hal"], "short\n", "at least 8 characters"),
        (["set-password", "nobody"], "new-password\n", "no user called 'nobody'"),
        (["set-password", "alice"], "\n", "the password is empty"),
        (["disable", "nobody"], "", "no user called 'nobody'"),
        (["enable", "nobody"], "", "no user called 'nobody'"),
        (["grant-admin", "nobody"], "", "no user called 'nobody'"),
        (["revoke-admin", "nobody"], "", "no user called 'nobody'"),
    ],
)
def test_bad_requests_fail_with_one_line_and_change_nothing(
    manage, make_user, count_rows, dbsession, tm, args, stdin, message
):
    make_user("alice", "alice-password")
    before = get_user(dbsession, tm, "alice").password_hash
    code, out, err = manage(*args, stdin=stdin)
    assert code == 1
    assert out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    assert message in err
    assert count_rows(User) == 1
    assert get_user(dbsession, tm, "alice").password_hash == before


def test_names_are_stored_in_nfc(manage, dbsession, tm):
    assert manage("add", "Jose\u0301", stdin="jose-password\n")[0] == 0
    assert get_user(dbsession, tm, "Jos\u00e9") is not None
    code, _, err = manage("add", "jos\u00c9", stdin="jose-password\n")
    assert code == 1 and "already exists" in err


def test_set_password_replaces_it_and_ends_open_logins(
    manage, testapp, make_user, count_rows
):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    assert count_rows(Login) == 1
    assert manage("set-password", "Alice", stdin="brand-new-password\n")[0] == 0
    assert count_rows(Login) == 0
    assert "Log out" not in testapp.get("/").text
    testapp.login("alice", "alice-password", status=200)
    testapp.login("alice", "brand-new-password")


def test_disabled_user_is_logged_out_and_refused_but_keeps_their_name(
    manage, testapp, make_user, dbsession, tm
):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    testapp.post_comment("written before being disabled")
    assert manage("disable", "alice")[0] == 0
    page = testapp.get("/")
    assert "Log out" not in page.text
    assert "written before being disabled" in page.text
    assert "alice" in page.text
    testapp.login("alice", "alice-password", status=200)
    code, out, _ = manage("list")
    assert code == 0
    listed = [line.split() for line in out.splitlines()]
    assert any(words[1] == "alice" and words[-1] == "disabled" for words in listed)
    assert manage("enable", "alice")[0] == 0
    testapp.login("alice", "alice-password")
    tm.abort()
    tm.begin()
    comment = dbsession.scalars(select(Comment)).one()
    assert comment.commenter_id == get_user(dbsession, tm, "alice").id


def test_grant_and_revoke_admin(manage, make_user, dbsession, tm):
    make_user("alice", "alice-password")
    assert manage("grant-admin", "alice") == (0, "made admin: 'alice'\n", "")
    assert ADMINS in principals_for(get_user(dbsession, tm, "alice"))
    assert manage("revoke-admin", "alice")[0] == 0
    assert ADMINS not in principals_for(get_user(dbsession, tm, "alice"))


def test_unusable_configuration_is_one_line(capsys, tmp_path):
    with kept_logging():
        assert manage_users.main([str(tmp_path / "missing.ini"), "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
