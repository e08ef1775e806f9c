"""Comments change in one place, :mod:`scratchpad.comments.changes`: no other
module makes a Comment, writes the comments table or moves the change
marker, so no caller can change a comment and leave cached pages stale."""

from __future__ import annotations

import ast
from pathlib import Path

import scratchpad

SOURCE = Path(scratchpad.__file__).parent
THE_PLACE = SOURCE / "comments" / "changes.py"
# The marker's own module defines it; models define the table.
EXEMPT = {THE_PLACE, SOURCE / "models" / "comment_changes.py"}
WRITES = {"insert", "update", "delete"}


def changes_in(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        first = node.args[0] if node.args else None
        names_comment = isinstance(first, ast.Name) and first.id == "Comment"
        if name == "Comment" or name == "note_comments_changed":
            found.append(f"{path.name}:{node.lineno} {name}()")
        elif name in WRITES and names_comment:
            found.append(f"{path.name}:{node.lineno} {name}(Comment)")
        elif isinstance(node.func, ast.Attribute) and name in ("add", "delete"):
            argument = ast.unparse(first) if first is not None else ""
            if "comment" in argument.lower():
                found.append(f"{path.name}:{node.lineno} .{name}({argument})")
    return found


def test_only_comments_changes_changes_comments():
    offenders = [
        change
        for path in sorted(SOURCE.rglob("*.py"))
        if path not in EXEMPT
        for change in changes_in(path)
    ]
    assert offenders == []


def test_the_check_sees_a_change_where_there_is_one():
    assert len(changes_in(THE_PLACE)) >= 5
