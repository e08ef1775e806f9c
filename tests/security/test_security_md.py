"""SECURITY.md maps each checklist row to the test that attacks it, and the
README points at tests too: every test file they name must exist, and
every ``test_<area>_<nn>_<what>.py`` here must have its row."""

from __future__ import annotations

import re

import pytest

from tests.support import ROOT

HERE = ROOT / "tests" / "security"
NAMED_PATH = re.compile(r"\btests/[\w/]+\.py(?:::\w+)?")
BARE_NAME = re.compile(r"`(test_\w+\.py)`")  # in SECURITY.md: tests/security/
ROW_FILE = re.compile(r"test_([a-z]+)_(\d\d)_\w+\.py")


def text(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("document", ["SECURITY.md", "README.md"])
def test_every_test_file_named_exists(document):
    named = NAMED_PATH.findall(text(document))
    assert named, f"{document} names no test file"
    for reference in named:
        path, _, function = reference.partition("::")
        assert (ROOT / path).is_file(), f"{document} names {path}"
        if function:
            assert f"def {function}(" in (ROOT / path).read_text(), reference


def test_every_bare_test_name_in_security_md_is_a_security_test():
    for name in BARE_NAME.findall(text("SECURITY.md")):
        assert (HERE / name).is_file(), f"SECURITY.md names {name}"


def test_every_numbered_security_test_has_its_row():
    document = text("SECURITY.md")
    for path in sorted(HERE.glob("test_*_[0-9][0-9]_*.py")):
        area, number = ROW_FILE.fullmatch(path.name).groups()
        row = f"| {area.upper()}-{number} |"
        assert row in document, f"{path.name} has no row {row}"
        line = next(line for line in document.splitlines() if line.startswith(row))
        assert path.name in line, f"row {row} does not name {path.name}"
