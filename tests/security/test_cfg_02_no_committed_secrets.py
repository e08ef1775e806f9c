"""CFG-02: no secret or database password in any committed file; production
takes them from the environment and refuses to start without a secret."""

from __future__ import annotations

import re

import pytest

from scratchpad.settings import SettingsError, load_settings
from tests.support import ROOT

URL_WITH_PASSWORD = re.compile(r"://[^/\s:@]+:[^/\s@]+@")


@pytest.mark.parametrize("ini", ["development.ini", "production.ini"])
def test_ini_files_hold_no_secret(ini):
    text = (ROOT / ini).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.lstrip().startswith(("#", ";")):
            continue
        assert not re.match(r"\s*scratchpad\.secret\s*=\s*\S", line), line
        assert not URL_WITH_PASSWORD.search(line), line


def test_production_without_a_secret_refuses_to_start():
    raw = {"sqlalchemy.url": "sqlite://", "scratchpad.production": "true"}
    with pytest.raises(SettingsError, match="SCRATCHPAD_SECRET"):
        load_settings(raw, environ={})


def test_production_takes_the_secret_from_the_environment():
    raw = {"sqlalchemy.url": "sqlite://", "scratchpad.production": "true"}
    secret = "s" * 40
    _, settings = load_settings(raw, environ={"SCRATCHPAD_SECRET": secret})
    assert settings.secret == secret
