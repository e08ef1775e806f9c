"""``Cache-Control`` is written only by :mod:`scratchpad.web.caching`:
every other module calls one of its named policies."""

from __future__ import annotations

import ast
from pathlib import Path

import scratchpad

PACKAGE = Path(scratchpad.__file__).parent
OWNER = "web/caching.py"
# WebOb's and Pyramid's ways to set the header without naming it.
ATTRIBUTES = {"cache_control", "cache_expires"}
KEYWORDS = {"http_cache", "cache_max_age"}


def caching_writes(tree: ast.AST) -> list[int]:
    """Line numbers that name the header or a shortcut that sets it."""
    lines = []
    for node in ast.walk(tree):
        named = (
            (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.lower() == "cache-control"
            )
            or (isinstance(node, ast.Attribute) and node.attr in ATTRIBUTES)
            or (isinstance(node, ast.keyword) and node.arg in KEYWORDS)
        )
        if named:
            lines.append(node.lineno)
    return sorted(lines)


def test_only_the_caching_module_sets_cache_control():
    found = {
        str(path.relative_to(PACKAGE)): caching_writes(ast.parse(path.read_text()))
        for path in sorted(PACKAGE.rglob("*.py"))
    }
    offenders = {name: lines for name, lines in found.items() if lines}
    assert set(offenders) == {OWNER}, offenders


def test_the_check_sees_each_way_of_setting_it():
    source = (
        'response.headers["Cache-Control"] = "no-store"\n'
        'response.cache_control = "no-cache"\n'
        "response.cache_expires(60)\n"
        "config.add_view(view, http_cache=3600)\n"
    )
    assert caching_writes(ast.parse(source)) == [1, 2, 3, 4]
