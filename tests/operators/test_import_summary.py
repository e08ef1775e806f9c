"""An import says what it added, and a merge what it added and skipped."""

from __future__ import annotations

from tests.scripts.test_data import export, run, site  # noqa: F401 - fixtures


def test_import_and_merge_say_what_they_did(site, run, empty_db_url, tmp_path):  # noqa: F811
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
