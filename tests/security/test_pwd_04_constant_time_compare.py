"""PWD-04: secrets and digests are never compared with ``==`` in Python.

The login token is looked up by its SHA-256 digest in SQL (an index lookup
on a hash of 256 random bits, which leaks nothing useful); anything
compared in Python must use ``hmac.compare_digest``. This walks the
security-sensitive modules for an ``==``/``!=`` whose operand is named like
a token, digest, signature or hash, other than a model column in a query.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import scratchpad

PACKAGE = Path(scratchpad.__file__).parent
MODULES = sorted(
    str(path.relative_to(PACKAGE))
    for pattern in ("security/*.py", "accounts/*.py", "models/*.py", "views/a*.py")
    for path in PACKAGE.glob(pattern)
)
SENSITIVE = ("token", "digest", "signature", "hash", "password")


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _name(node.func)
    return ""


def _is_model_column(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id[:1].isupper()
    )


@pytest.mark.parametrize("module", MODULES)
def test_no_plain_equality_on_secrets(module):
    tree = ast.parse((PACKAGE / module).read_text())
    offenders = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        if not any(isinstance(op, ast.Eq | ast.NotEq) for op in node.ops):
            continue
        operands = [node.left, *node.comparators]
        if any(_is_model_column(operand) for operand in operands):
            continue  # an SQL expression, evaluated by the database
        names = [_name(operand).lower() for operand in operands]
        if any(word in name for name in names for word in SENSITIVE):
            offenders.append(f"{module}:{node.lineno}")
    assert offenders == []


def test_the_check_finds_a_plain_comparison():
    tree = ast.parse("ok = expected_digest == given")
    compare = next(n for n in ast.walk(tree) if isinstance(n, ast.Compare))
    assert "digest" in _name(compare.left)
