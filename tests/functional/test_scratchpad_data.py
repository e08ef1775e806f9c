"""``scratchpad_data``: export, import into an empty database, --merge, and
refusing a malformed dump with nothing written."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.pool import NullPool
from zope.sqlalchemy import mark_changed

from scratchpad.models import Comment, CommentChanges, User, get_engine
from scratchpad.scripts import data
from tests.support import INI
from tests.support.databases import migrate


@pytest.fixture
def run(monkeypatch, capsysbinary):
    """Run the script against the database at ``url``: (code, stdout, stderr)."""

    def run_script(url, *argv):
        monkeypatch.setenv("SCRATCHPAD_DATABASE_URL", url)
        code = data.main([INI, *argv])
        out, err = capsysbinary.readouterr()
        return code, out, err.decode()

    return run_script


@pytest.fixture
def site(db_url, dbsession, tm, make_user):
    """A source site with admins, a disabled user, odd text and legacy rows."""
    make_user("admin")
    make_user("bob")
    make_user("zoë")
    dbsession.execute(
        update(User).where(User.username == "admin").values(is_admin=True)
    )
    dbsession.execute(update(User).where(User.username == "bob").values(disabled=True))
    ids = dict(dbsession.execute(select(User.username, User.id)).all())
    rows = [
        {"content": "From part one", "posted": None, "commenter_id": None},
        {
            "content": 'Quotes " and \\ and\nnew lines',
            "posted": None,
            "commenter_id": None,
        },
        {
            "content": "Ünïcødé ✓ 🎉",
            "posted": datetime(2017, 10, 13, 16, 36, 5, tzinfo=UTC),
            "commenter_id": ids["zoë"],
        },
        {
            "content": "x" * 4096,
            "posted": datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC),
            "commenter_id": ids["bob"],
        },
        {"content": "doomed", "posted": None, "commenter_id": ids["admin"]},
    ]
    dbsession.execute(insert(Comment.__table__), rows)
    moment = datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    dbsession.execute(
        insert(Comment.__table__),
        [
            {
                "content": "edited",
                "commenter_id": ids["zoë"],
                "edited": moment,
                "removed": None,
                "removed_by_id": None,
            },
            {
                "edited": None,
                "content": "spam",
                "commenter_id": ids["bob"],
                "removed": moment,
                "removed_by_id": ids["admin"],
            },
        ],
    )
    doomed = dbsession.scalar(select(Comment.id).where(Comment.content == "doomed"))
    dbsession.execute(Comment.__table__.delete().where(Comment.id == doomed))  # a gap
    mark_changed(dbsession)
    tm.commit()
    tm.begin()
    return db_url


def counts(url):
    engine = get_engine({"sqlalchemy.url": url}, poolclass=NullPool)
    with engine.connect() as connection:
        result = tuple(
            connection.scalar(select(func.count()).select_from(model))
            for model in (User, Comment)
        )
    engine.dispose()
    return result


def export(run, url, tmp_path, name="dump.json"):
    code, out, err = run(url, "export")
    assert (code, err) == (0, "")  # no progress output when not on a terminal
    path = tmp_path / name
    path.write_bytes(out)
    return path


def test_export_import_export_is_identical(site, empty_db_url, run, tmp_path):
    first = export(run, site, tmp_path)
    dump = json.loads(first.read_bytes())  # the whole file is one JSON document
    assert [u["username"] for u in dump["users"]] == ["admin", "bob", "zoë"]
    assert dump["users"][0]["password_hash"].startswith("$2b$")
    assert dump["users"][1]["disabled"] is True
    assert len(dump["comments"]) == 6
    assert dump["comments"][-1]["removed_by_id"] == dump["users"][0]["id"]
    # The target has no tables at all: import migrates it first.
    assert run(empty_db_url, "import", str(first))[0] == 0
    second = export(run, empty_db_url, tmp_path, "again.json")
    assert second.read_bytes() == first.read_bytes()


def test_new_rows_after_an_import_get_fresh_ids(site, empty_db_url, run, tmp_path):
    assert run(empty_db_url, "import", str(export(run, site, tmp_path)))[0] == 0
    engine = get_engine({"sqlalchemy.url": empty_db_url}, poolclass=NullPool)
    with engine.begin() as connection:
        top = connection.scalar(select(func.max(Comment.id)))
        new = connection.execute(insert(Comment.__table__).values(content="new"))
        assert new.inserted_primary_key[0] > top
        user = connection.execute(
            insert(User.__table__).values(username="new", password_hash="x")
        )
        assert user.inserted_primary_key[0] > 3
    engine.dispose()


def test_a_non_empty_database_is_refused_without_merge(site, run, tmp_path):
    dump = export(run, site, tmp_path)
    before = counts(site)
    code, _, err = run(site, "import", str(dump))
    assert code == 1
    assert "--merge" in err
    assert counts(site) == before


def test_merge_adds_only_what_is_missing(site, db_url, empty_db_url, run, tmp_path):
    dump = export(run, site, tmp_path)
    target = empty_db_url
    engine = get_engine({"sqlalchemy.url": target}, poolclass=NullPool)
    assert run(target, "import", str(tmp_path / "none.json"))[0] == 1  # no file
    migrate(target)
    with engine.begin() as connection:
        connection.execute(
            insert(User.__table__).values(username="zoë", password_hash="local")
        )
        connection.execute(insert(Comment.__table__).values(id=1, content="local"))
        marker = connection.scalar(select(CommentChanges.counter))
    assert run(target, "import", str(dump), "--merge")[0] == 0
    with engine.connect() as connection:  # merged comments refresh cached pages
        assert connection.scalar(select(CommentChanges.counter)) > marker
    with engine.connect() as connection:
        users = dict(
            connection.execute(select(User.username, User.password_hash)).all()
        )
        comments = dict(connection.execute(select(Comment.id, Comment.content)).all())
        zoe = connection.scalar(select(User.id).where(User.username == "zoë"))
        zoes = connection.scalar(
            select(Comment.commenter_id).where(Comment.content.startswith("Ünï"))
        )
        admin = connection.scalar(select(User.id).where(User.username == "admin"))
        remover = connection.scalar(
            select(Comment.removed_by_id).where(Comment.content == "spam")
        )
    assert users["zoë"] == "local" and set(users) == {"admin", "bob", "zoë"}
    assert comments[1] == "local" and len(comments) == 6
    assert zoes == zoe and remover == admin  # links follow users to their ids here
    assert run(target, "import", str(dump), "--merge")[0] == 0  # idempotent
    assert counts(target) == (3, 6)
    engine.dispose()


def lines_of(path):
    return path.read_bytes().decode().splitlines(keepends=True)


def replace_line(lines, index, new):
    changed = list(lines)
    changed[index] = new
    return changed


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda ls: ["{}\n", *ls[1:]], "line 1: not a Scratchpad dump"),
        (lambda ls: replace_line(ls, 2, '{"id": 1,\n'), "line 3: not valid JSON"),
        (lambda ls: replace_line(ls, 2, "[1, 2],\n"), "line 3: a row must be"),
        (lambda ls: [*ls[:3], ls[2], *ls[3:]], "line 4: field 'id' is not larger"),
        (lambda ls: replace_line(ls, 3, ls[3].rstrip(",\n") + "\n"), "line 4: a comma"),
        (
            lambda ls: replace_line(ls, 4, ls[4].rstrip("\n") + ",\n"),
            "line 5: the last",
        ),
        (
            lambda ls: [ls[0], ls[1], ls[2].replace('"id"', '"nickname"'), *ls[3:]],
            "line 3: field 'nickname' is not a column",
        ),
        (
            lambda ls: [
                *ls[:2],
                ls[2].replace('"is_admin": true', '"is_admin": 1'),
                *ls[3:],
            ],
            "line 3: field 'is_admin' must be true or false",
        ),
        (
            lambda ls: [
                *ls[:9],
                ls[9].replace(
                    '"posted": "2017-10-13T16:36:05+00:00"',
                    '"posted": "2017-10-13 16:36"',
                ),
                *ls[10:],
            ],
            "line 10: field 'posted' must be an ISO-8601 time",
        ),
        (
            lambda ls: [
                *ls[:9],
                ls[9].replace('"commenter_id": 3', '"commenter_id": 99'),
                *ls[10:],
            ],
            "line 10: field 'commenter_id' is no user's id",
        ),
        (
            lambda ls: [
                *ls[:8],
                ls[8].replace('"content": "', '"content": "' + "y" * 4096),
                *ls[9:],
            ],
            "line 9: field 'content' is longer than 4096",
        ),
        (lambda ls: ls[:-1], "the file ends inside"),
        (lambda ls: [*ls, "{}\n"], "unexpected text after the end"),
    ],
)
def test_a_malformed_dump_is_refused_naming_the_line(
    site, empty_db_url, run, tmp_path, mutate, expected
):
    lines = lines_of(export(run, site, tmp_path))
    bad = tmp_path / "bad.json"
    bad.write_text("".join(mutate(lines)))
    code, _, err = run(empty_db_url, "import", str(bad))
    assert code == 1
    assert expected in err, err
    assert counts(empty_db_url) == (0, 0)


def test_text_that_is_not_utf8_is_refused(site, empty_db_url, run, tmp_path):
    dump = export(run, site, tmp_path)
    dump.write_bytes(dump.read_bytes().replace("zoë".encode(), b"zo\xff"))
    code, _, err = run(empty_db_url, "import", str(dump))
    assert code == 1 and "not UTF-8" in err


def test_a_fault_on_the_last_line_writes_nothing(
    db_url, empty_db_url, dbsession, tm, run, tmp_path
):
    rows = [{"content": f"c{n}"} for n in range(2500)]  # more than one batch
    dbsession.execute(insert(Comment.__table__), rows)
    mark_changed(dbsession)
    tm.commit()
    tm.begin()
    lines = lines_of(export(run, db_url, tmp_path))
    lines[-2] = lines[-2].replace('"content": "c2499"', '"content": 7')
    bad = tmp_path / "bad.json"
    bad.write_text("".join(lines))
    code, _, err = run(empty_db_url, "import", str(bad))
    assert (
        code == 1 and f"line {len(lines) - 1}: field 'content' must be a string" in err
    )
    assert counts(empty_db_url) == (0, 0)


def test_progress_is_shown_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    shown, hidden = Terminal(), io.StringIO()
    for stream in (shown, hidden):
        progress = data.Progress("imported", stream)
        for _ in range(20_000):
            progress.tick()
        progress.done()
    assert "imported: 20,000 rows, done" in shown.getvalue()
    assert hidden.getvalue() == ""


def test_a_dump_without_a_newer_column_imports_it_as_null(
    site, empty_db_url, run, tmp_path
):
    lines = lines_of(export(run, site, tmp_path))
    assert '"edited": null, ' in lines[7]
    lines[7] = lines[7].replace('"edited": null, ', "")
    older = tmp_path / "older.json"
    older.write_text("".join(lines))
    assert run(empty_db_url, "import", str(older))[0] == 0
    assert counts(empty_db_url) == (3, 6)


def test_import_and_merge_say_what_they_did(site, run, empty_db_url, tmp_path):
    dump = export(run, site, tmp_path)
    code, out, _ = run(empty_db_url, "import", str(dump))
    assert code == 0
    assert out.decode() == "imported 3 users and 6 comments\n"
    code, out, _ = run(empty_db_url, "import", str(dump), "--merge")
    assert code == 0
    assert out.decode() == (
        "merged: added 0 users and 0 comments; skipped 3 users whose name exists "
        "and 6 comments whose id exists\n"
    )
