"""A wheel, installed into a fresh virtualenv outside the checkout,
initialises, migrates and serves with an ini file anywhere: the migrations
travel inside the package (``scratchpad/migrations``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scratchpad.models.revision import code_head
from tests.support import ROOT

from .running import SECRET, copy_ini, get, operator_env, run, serving

pytestmark = pytest.mark.slow

INSTALL_TIMEOUT = 300


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh virtualenv holding only the built wheel
    and its dependencies (both database drivers)."""
    folder = tmp_path_factory.mktemp("wheel")
    source = folder / "source"  # a copy, so the build leaves the checkout alone
    shutil.copytree(
        ROOT,
        source,
        symlinks=True,
        ignore=shutil.ignore_patterns(".venv", ".git", "node_modules", "*.sqlite*"),
    )
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "-w", str(folder / "dist"), str(source)],
        check=True,
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
    )
    # The build declares all its package data: setuptools has nothing to warn of.
    assert "Warning" not in built.stdout + built.stderr, built.stderr
    (wheel,) = (folder / "dist").glob("scratchpad-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert f"scratchpad/migrations/versions/{code_head()}_" in " ".join(names)
    assert "scratchpad/migrations/script.py.mako" in names
    venv = folder / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True
    )
    into_venv = [*pip, "--python", str(venv / "bin" / "python")]
    subprocess.run(
        [*into_venv, "install", "--no-compile", f"{wheel}[postgresql,mysql]"],
        check=True,
        timeout=INSTALL_TIMEOUT,
    )
    return venv / "bin"


def test_an_installed_wheel_initialises_migrates_and_serves(
    installed, empty_db_url, tmp_path
):
    etc = tmp_path / "etc"
    etc.mkdir()
    ini = copy_ini("production.ini", etc)
    env = operator_env(
        SCRATCHPAD_DATABASE_URL=empty_db_url,
        SCRATCHPAD_SECRET=SECRET,
        SCRATCHPAD_BASE_URL="https://comments.example.org",
        SCRATCHPAD_ADMIN_PASSWORD="admin-password-1",
    )
    env["PATH"] = f"{installed}:{env['PATH'].split(':', 1)[1]}"

    def ok(*args: str) -> str:
        result = run(list(args), env, tmp_path)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result.stdout + result.stderr

    where = ok(str(installed / "python"), "-c", "import scratchpad; print(scratchpad)")
    assert str(installed.parent) in where and str(ROOT) not in where
    ok(str(installed / "initialize_db"), str(ini))
    ok(str(installed / "alembic"), "-c", str(ini), "downgrade", "-1")
    assert "(head)" not in ok(str(installed / "alembic"), "-c", str(ini), "current")
    ok(str(installed / "initialize_db"), str(ini))
    assert f"{code_head()} (head)" in ok(
        str(installed / "alembic"), "-c", str(ini), "current"
    )
    with serving(ini, env, bin_folder=installed) as (url, log, _):
        assert get(url + "/readyz") == (200, "ready\n")
        assert get(url + "/")[0] == 200
    assert "Traceback" not in log.read_text()
