"""CFG-04: dependencies are checked for known vulnerabilities.

``make audit`` runs pip-audit against the installed dependencies with
``--strict``, so a dependency that cannot be checked fails the run instead
of passing it silently. It needs the package index's vulnerability data
(see SECURITY.md for where that is not reachable).
"""

from __future__ import annotations

import re

from tests.support import ROOT


def test_make_audit_runs_pip_audit_strictly():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^audit:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe, "no audit target in the Makefile"
    assert "pip-audit" in recipe.group(1)
    assert "--strict" in recipe.group(1)


def test_every_runtime_dependency_has_a_supported_range():
    setup = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    block = setup.split("install_requires =", 1)[1].split("\n\n", 1)[0]
    names = [line.strip() for line in block.splitlines() if line.strip()]
    core = {"pyramid", "sqlalchemy", "bcrypt", "waitress", "alembic"}
    for requirement in names:
        name = re.split(r"[<>=\[ ]", requirement, maxsplit=1)[0].lower()
        if name in core:
            assert ">=" in requirement, requirement
