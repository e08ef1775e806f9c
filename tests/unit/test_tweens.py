"""The tweens run in the order :mod:`scratchpad.web.tweens` declares, and
no other module registers one."""

from __future__ import annotations

from pathlib import Path

from pyramid.interfaces import ITweens

import scratchpad
from scratchpad.settings import get_settings
from scratchpad.web.limits import BodyLimit
from scratchpad.web.tweens import ORDER

PACKAGE = Path(scratchpad.__file__).parent


def test_tweens_run_in_the_declared_order(app):
    tweens = app.registry.queryUtility(ITweens)
    assert [name for name, _factory in tweens.implicit()] == list(ORDER)
    assert tweens.explicit == []  # no pyramid.tweens setting overrides it


def test_the_app_is_wrapped_in_the_body_limit(app):
    assert isinstance(app, BodyLimit)
    assert app.limit == get_settings(app.registry).max_body_size


def test_only_the_tweens_module_registers_tweens():
    registering = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "add_tween(" in path.read_text(encoding="utf-8")
    )
    assert registering == ["web/tweens.py"]
