"""MIG-07: rows that arrive by ``scratchpad_data import --merge`` or by
adopting a tutorial database are held to the site's own rules.

A name the site would refuse, one that is an existing name in another case
or Unicode spelling, comment text the site refuses, a time in the future,
a ``posted`` value the site cannot read, a row nested deeply enough to
break the JSON parser: each is refused with the line (or the rows) at
fault, and nothing changes; a refused SQLite file stays byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import make_url

from scratchpad.scripts import data
from tests.support import INI, legacy
from tests.support.scripting import kept_logging

EXISTING = {"id": 1, "username": "admin", "password_hash": "x"}


@pytest.fixture
def import_dump(monkeypatch, capsysbinary, db_url, make_user, tmp_path):
    """Merge a dump with these rows into a site that has the user "admin"."""
    make_user("admin", "admin-password")

    def run(users: list, comments: list, raw_line: str | None = None):
        lines = ['{"format": "scratchpad-dump", "version": 1,', '"users": [']
        lines += [json.dumps(row) + "," for row in users]
        lines[-1] = lines[-1].rstrip(",")
        lines += ["],", '"comments": [']
        rows = [json.dumps(row) + "," for row in comments]
        if raw_line is not None:
            rows.append(raw_line + ",")
        if rows:
            rows[-1] = rows[-1].rstrip(",")
        lines += [*rows, "]}"]
        path = tmp_path / "dump.json"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        monkeypatch.setenv("SCRATCHPAD_DATABASE_URL", db_url)
        before = legacy.dump(db_url)
        with kept_logging():
            code = data.main([INI, "import", str(path), "--merge"])
        _, err = capsysbinary.readouterr()
        assert legacy.dump(db_url) == before  # nothing changed
        return code, err.decode()

    return run


def comment(**values):
    return {"id": 1, "content": "hello", "commenter_id": 2, **values}


BOB = {"id": 2, "username": "bob", "password_hash": "x"}
CASES = {
    "existing name in capitals": (
        [{"id": 2, "username": "ADMIN", "password_hash": "x"}],
        [],
        "line 3: field 'username' is the existing user 'admin' spelled differently",
    ),
    "name the site refuses": (
        [{"id": 2, "username": "bob smith", "password_hash": "x"}],
        [],
        "line 3: field 'username' a username may hold letters",
    ),
    "name not in NFC": (
        [{"id": 2, "username": "e\u0301mile", "password_hash": "x"}],
        [],
        "line 3: field 'username' is not in Unicode NFC",
    ),
    "one name twice, in two cases": (
        [BOB, {"id": 3, "username": "Bob", "password_hash": "x"}],
        [],
        "line 4: field 'username' appears twice (ignoring case)",
    ),
    "control character in a comment": (
        [BOB],
        [comment(content="ring \u0007 ring")],
        "line 6: field 'content' Comments cannot contain control characters.",
    ),
    "blank comment": (
        [BOB],
        [comment(content="   ")],
        "line 6: field 'content' Please write something",
    ),
    "comment from the future": (
        [BOB],
        [comment(posted="2999-01-01T00:00:00+00:00")],
        "line 6: field 'posted' is in the future",
    ),
    "user who logged in in the future": (
        [{**BOB, "last_login": "2999-01-01T00:00:00+00:00"}],
        [],
        "line 3: field 'last_login' is in the future",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_import_refuses_what_the_site_refuses(import_dump, case):
    users, comments, message = CASES[case]
    code, err = import_dump(users, comments)
    assert code == 1
    assert message in err, err


def test_a_deeply_nested_row_is_refused_not_a_traceback(import_dump):
    code, err = import_dump([BOB], [], raw_line="[" * 100_000 + "]" * 100_000)
    assert code == 1
    assert "line 6: nested too deeply" in err
    assert "Traceback" not in err


def test_the_same_name_merges_as_before(import_dump, db_url):
    code, err = import_dump([EXISTING], [])
    assert code == 0, err


ADOPTION_REFUSALS = {
    "accented names in two cases": (
        3,
        [
            "INSERT INTO users (id, username, password_hash) VALUES (7, 'Émile', 'x')",
            "INSERT INTO users (id, username, password_hash) VALUES (8, 'émile', 'x')",
        ],
        "users share a name (ignoring case): Émile, émile;",
    ),
    "NFC and NFD spellings": (
        3,
        [
            "INSERT INTO users (id, username, password_hash) "
            "VALUES (7, 'zo\u00eb', 'x')",
            "INSERT INTO users (id, username, password_hash) "
            "VALUES (8, 'zoe\u0308', 'x')",
        ],
        "users share a name (ignoring case): zo\u00eb, zoe\u0308;",
    ),
    "a blank comment": (
        2,
        ["UPDATE comments SET content = '   ' WHERE id = 5"],
        "comments whose text this site refuses (blank, or control characters; ids 5)",
    ),
    "a comment from the future": (
        2,
        ["UPDATE comments SET posted = '2999-01-01 00:00:00' WHERE id = 4"],
        "comments whose posted time is not a time or lies in the future (ids 4)",
    ),
}


def sqlite_bytes(url: str) -> bytes | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    return Path(str(parsed.database)).read_bytes()


def refused_untouched(url, run, message):
    before, raw = legacy.dump(url), sqlite_bytes(url)
    code, _, err = run(url)
    assert code == 1
    assert err.startswith("error: cannot adopt this database, left unchanged: ")
    assert message in err, err
    assert legacy.dump(url) == before
    assert sqlite_bytes(url) == raw  # not even the journal mode changed


@pytest.mark.parametrize("case", sorted(ADOPTION_REFUSALS))
def test_adoption_refuses_what_the_site_refuses(empty_db_url, run, case):
    stage, extra_sql, message = ADOPTION_REFUSALS[case]
    legacy.build(empty_db_url, stage, extra_sql=extra_sql)
    refused_untouched(empty_db_url, run, message)


def test_adoption_refuses_a_posted_time_the_site_cannot_read(
    backend, empty_db_url, run
):
    if backend.name != "sqlite":
        pytest.skip("the server's timestamp column cannot hold such text")
    legacy.build(
        empty_db_url, 3, extra_sql=["UPDATE comments SET posted = '13/10/2017'"]
    )
    refused_untouched(
        empty_db_url, run, "posted time is not a time or lies in the future (ids 1, 2"
    )
