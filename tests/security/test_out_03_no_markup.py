"""OUT-03: comments are plain text. No Markdown or reST renderer exists, so
link and directive syntax is shown as typed (see SECURITY.md: should markup
ever be added, this test is where its allowlist gets checked)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        (".. raw:: html\n\n   <script>x</script>", ".. raw:: html"),
        (".. include:: /etc/passwd", ".. include:: /etc/passwd"),
    ],
)
def test_markup_is_shown_as_typed(testapp, make_user, count_rows, text, shown):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    before = count_rows()
    testapp.post_comment(text)
    assert count_rows() == before + 1
    page = testapp.get("/").text
    assert shown in page
    assert '<a href="javascript' not in page
    assert "<script>x" not in page
    assert "root:" not in page
