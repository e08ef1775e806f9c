"""deploy/scratchpad.service passes ``systemd-analyze verify``, with its
home (/srv/scratchpad) moved into a temporary folder: verify checks that
the program it starts exists and is executable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support import ROOT

from .deployment import require


def test_the_systemd_unit_verifies(tmp_path):
    analyze = require("systemd-analyze", "systemd")
    home = tmp_path / "srv"
    (home / "venv" / "bin").mkdir(parents=True)
    (home / "data").mkdir()
    (home / "venv" / "bin" / "pserve").symlink_to(
        Path(sys.executable).with_name("pserve")
    )
    unit = (ROOT / "deploy" / "scratchpad.service").read_text()
    assert (
        "ExecStart=/srv/scratchpad/venv/bin/pserve /srv/scratchpad/production.ini"
        in unit
    )
    (tmp_path / "scratchpad.service").write_text(
        unit.replace("/srv/scratchpad", str(home))
    )
    result = subprocess.run(
        [analyze, "verify", str(tmp_path / "scratchpad.service")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, ""), result.stderr


def test_a_broken_unit_fails_verification(tmp_path):
    """The check above can fail: a unit starting a missing program does."""
    analyze = require("systemd-analyze", "systemd")
    unit = (ROOT / "deploy" / "scratchpad.service").read_text()
    (tmp_path / "scratchpad.service").write_text(unit)  # /srv/scratchpad is absent
    result = subprocess.run(
        [analyze, "verify", str(tmp_path / "scratchpad.service")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0 and "pserve" in result.stderr
