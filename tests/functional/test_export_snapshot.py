"""An export is one snapshot, on every backend.

While ``scratchpad_data export`` is between the users table and the
comments table, a new user signs in and posts through the site. The dump
holds the state from before that post (neither the user nor the comment)
or, were it not one snapshot, the comment without its author, which import
refuses. The dump imports into an empty database.
"""

from __future__ import annotations

import io

from scratchpad.models import get_script_engine
from scratchpad.scripts.data import Progress, export_dump, import_dump
from scratchpad.scripts.dump import DumpWriter


def test_a_post_by_a_new_user_during_an_export(
    backend, db_url, testapp, make_user, count_rows, monkeypatch
):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    testapp.post_comment("before the export")
    testapp.reset()
    start = DumpWriter.start

    def post_meanwhile(writer, table):
        if table.name == "comments":  # the users are written already
            make_user("newcomer", "newcomer-password")
            testapp.login("newcomer", "newcomer-password")
            testapp.post_comment("during the export")
        start(writer, table)

    monkeypatch.setattr(DumpWriter, "start", post_meanwhile)
    source = get_script_engine({"sqlalchemy.url": db_url})
    out = io.BytesIO()
    try:
        export_dump(source, out, Progress("exported", io.StringIO()))
    finally:
        source.dispose()
    assert count_rows() == 2  # the post went through while the export ran
    dump = out.getvalue().decode()
    assert "before the export" in dump
    assert "during the export" not in dump
    assert "newcomer" not in dump

    target_url = backend.create(migrated=True)
    target = get_script_engine({"sqlalchemy.url": target_url})
    try:
        tally = import_dump(
            target,
            io.BytesIO(out.getvalue()),
            False,
            Progress("imported", io.StringIO()),
        )
    finally:
        target.dispose()
        backend.drop(target_url)
    assert (tally["users added"], tally["comments added"]) == (1, 1)
