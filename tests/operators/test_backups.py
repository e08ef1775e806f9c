"""deploy/backup.md's recipes, run as written (placeholders filled in, the
``systemctl`` lines left out): each database's backup restores into an
empty database with every row."""

from __future__ import annotations

import datetime
import os
import re
import subprocess

from sqlalchemy import make_url

from tests.support import ROOT, legacy

from .deployment import require

BLOCK = re.compile(r"```(sh|ini)\n(.*?)```", re.S)
TOOLS = {"sqlite": "python3", "postgresql": "pg_dump", "mysql": "mysqldump"}
PACKAGES = {
    "sqlite": "python3",
    "postgresql": "postgresql-client",
    "mysql": "mariadb-client",
}


def recipes() -> dict[str, list[str]]:
    """The section of each database: its blocks, in order."""
    text = (ROOT / "deploy" / "backup.md").read_text()
    sections = {
        "sqlite": text.split("## SQLite")[1].split("## ")[0],
        "postgresql": text.split("## PostgreSQL")[1].split("## ")[0],
        "mysql": text.split("## MySQL")[1].split("## ")[0],
    }
    return {
        name: [code for _, code in BLOCK.findall(part)]
        for name, part in sections.items()
    }


def run(code: str, env: dict[str, str], replace: dict[str, str]) -> None:
    for old, new in replace.items():
        assert old in code or old in ("DATE",), f"backup.md lost {old!r}"
        code = code.replace(old, new)
    code = "\n".join(line for line in code.splitlines() if "systemctl" not in line)
    result = subprocess.run(
        ["bash", "-c", "set -eo pipefail\n" + code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, (code, result.stderr)


def test_backup_and_restore(backend, db_url, empty_db_url, make_user, tmp_path):
    require(TOOLS[backend.name], PACKAGES[backend.name])
    make_user("alice")
    make_user("bob")
    before = legacy.rows(db_url, "users", "id, username, password_hash")
    backups = tmp_path / "backups"
    backups.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    today = datetime.date.today().isoformat()
    common = {"/srv/backups": str(backups), "DATE": today}
    backup, restore, *rest = recipes()[backend.name]
    source, target = make_url(db_url), make_url(empty_db_url)
    if backend.name == "sqlite":
        live = "/srv/scratchpad/data/scratchpad.sqlite"
        run(backup, env, {**common, live: source.database})
        run(restore, env, {**common, live: target.database})
    elif backend.name == "postgresql":
        example = "postgresql://scratchpad:PASSWORD@db.internal/scratchpad"
        plain = source.set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        run(backup, env, {**common, example: plain})
        plain = target.set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        run(restore, env, {**common, example: plain})
    else:
        my_cnf, backup, restore = backup, restore, rest[0]
        (tmp_path / ".my.cnf").write_text(
            my_cnf.replace("db.internal", source.host or "127.0.0.1")
            .replace("user = scratchpad", f"user = {source.username}")
            .replace("PASSWORD", source.password or "")
            + f"port = {source.port or 3306}\n"
        )
        run(backup, env, {**common, "utf8mb4 scratchpad": f"utf8mb4 {source.database}"})
        run(
            restore, env, {**common, "utf8mb4 scratchpad": f"utf8mb4 {target.database}"}
        )
    assert legacy.rows(empty_db_url, "users", "id, username, password_hash") == before
