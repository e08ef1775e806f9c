"""``manage_users`` for real operations: list shows what an operator needs,
unlock, rename and delete do what they say, and --help is plain text."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select, update
from zope.sqlalchemy import mark_changed

from scratchpad.models import Comment, Login, User


def rows(dbsession, tm, statement):
    tm.abort()
    tm.begin()
    return dbsession.execute(statement).all()


def test_list_shows_flags_and_last_login(manage, make_user, testapp, dbsession, tm):
    make_user("alice", "alice-password")
    make_user("bob", "bob-password")
    dbsession.execute(
        update(User)
        .where(User.username == "bob")
        .values(is_admin=True, disabled=True, must_change_password=True)
    )
    mark_changed(dbsession)
    tm.commit()
    testapp.login("alice", "alice-password")
    code, out, _ = manage("list")
    assert code == 0
    lines = {line.split()[1]: line.split()[2:] for line in out.splitlines()[1:]}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\dZ", lines["alice"][0])
    assert lines["alice"][1:] == []
    assert lines["bob"] == ["never", "admin", "disabled", "must-change-password"]


def test_unlock_lets_a_throttled_user_log_in_again(manage, make_user, testapp):
    make_user("alice", "alice-password")
    for _ in range(5):
        testapp.login("alice", "wrong-password", status=200)
    assert testapp.login("alice", "alice-password", status=429)
    code, out, _ = manage("unlock", "ALICE")
    assert (code, out) == (0, "unlocked 'alice': failed logins forgotten\n")
    testapp.login("alice", "alice-password")


def test_rename_keeps_the_comments_and_refuses_a_taken_name(
    manage,
    make_user,
    testapp,
    dbsession,
    tm,
):
    alice = make_user("alice", "alice-password")
    make_user("bob", "bob-password")
    testapp.login("alice", "alice-password")
    testapp.post_comment("mine")
    assert manage("rename", "alice", "Alicia")[:2] == (
        0,
        "renamed 'alice' to 'Alicia'\n",
    )
    assert rows(dbsession, tm, select(User.username).where(User.id == alice)) == [
        ("Alicia",)
    ]
    assert rows(dbsession, tm, select(Comment.commenter_id)) == [(alice,)]
    code, out, err = manage("rename", "Alicia", "BOB")
    assert (code, out) == (1, "")
    assert err == "error: user 'bob' already exists; nothing changed\n"
    code, _, err = manage("rename", "Alicia", "two words")
    assert code == 1 and err.count("\n") == 1 and "Nothing changed." in err
    assert rows(dbsession, tm, select(User.username).order_by(User.id)) == [
        ("Alicia",),
        ("bob",),
    ]


def test_delete_keeps_the_comments_as_anonymous(
    manage,
    make_user,
    testapp,
    dbsession,
    tm,
):
    alice = make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    testapp.post_comment("still here afterwards")
    code, out, _ = manage("delete", "alice")
    assert (code, out) == (
        0,
        "deleted 'alice'; their 1 comment(s) stay, as anonymous\n",
    )
    assert rows(dbsession, tm, select(User.id)) == []
    assert rows(dbsession, tm, select(Login.id).where(Login.user_id == alice)) == []
    assert rows(dbsession, tm, select(Comment.content, Comment.commenter_id)) == [
        ("still here afterwards", None)
    ]
    page = testapp.get("/")
    assert "still here afterwards" in page.text and "Log out" not in page.text
    code, out, err = manage("delete", "alice")
    assert (code, out, err) == (1, "", "error: no user called 'alice'\n")


def test_help_is_plain_text():
    script = Path(sys.executable).with_name("manage_users")
    result = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0
    for command in ("list", "unlock", "rename", "delete", "add", "token"):
        assert f"    {command} " in result.stdout
    assert "``" not in result.stdout and ":mod:" not in result.stdout
