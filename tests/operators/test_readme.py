"""The README is executed: every shell block an operator would run is run
here, as written, on a fresh copy of the checkout in a temporary folder, on
every configured database, with only the documented environment.

Each block is marked in the README source with ``<!-- readme-test: NAME
-->``; a block that cannot run here says ``skip (why)`` and is reported as
a skipped test, so it stays visible. The blocks of an operator's path run
in README order and must exit 0; a block that serves (``make serve``,
``pserve``) must bring up a site that answers, and is then stopped. The
only edits are the documented placeholders (the database URLs' capitalised
parts, ``YOURNAME``), and a free port for the server via the documented
``SCRATCHPAD_PORT``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.support import ROOT, legacy
from tests.support.live import free_port

from .running import get, stop

pytestmark = pytest.mark.slow

BLOCK = re.compile(
    r"<!-- readme-test: (?P<name>[^>]*?) -->\n```sh\n(?P<code>.*?)```", re.S
)
ANY_BLOCK = re.compile(r"^```sh$", re.M)
SERVES = {"dev": "/", "serve": "/readyz"}
# make serve gets its port as `make serve PORT=…` says (make reads PORT from
# the environment as from its command line), so the feed's absolute links
# must follow it.
PLACEHOLDERS = {
    "postgresql": "postgresql+psycopg://scratchpad:PASSWORD@db.internal/scratchpad",
    "mysql": "mysql+pymysql://scratchpad:PASSWORD@db.internal/scratchpad?charset=utf8mb4",
    "tutorial": "mysql+pymysql://USER:PASSWORD@USER.mysql.pythonanywhere-services.com/"
    "USER$comments?charset=utf8mb4",
}
BLOCK_TIMEOUT = 300


def readme_blocks() -> dict[str, str]:
    text = (ROOT / "README.md").read_text()
    blocks = {match["name"]: match["code"] for match in BLOCK.finditer(text)}
    assert len(BLOCK.findall(text)) == len(ANY_BLOCK.findall(text)), (
        "every ```sh block of the README needs a <!-- readme-test: … --> mark"
    )
    return blocks


BLOCKS = readme_blocks()
SKIPPED = [name for name in BLOCKS if name.startswith("skip")]


@pytest.mark.parametrize("name", SKIPPED)
def test_blocks_that_cannot_run_here_are_skipped_visibly(name):
    pytest.skip(f"README block marked {name}")


class Operator:
    """A shell user with a fresh checkout, a home folder and the
    environment the README's blocks have exported so far."""

    def __init__(self, folder: Path) -> None:
        self.checkout = folder / "scratchpad"
        files = (
            subprocess.run(
                ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                cwd=ROOT,
                capture_output=True,
                check=True,
            )
            .stdout.decode()
            .split("\0")
        )
        for name in filter(None, files):
            source = ROOT / name
            target = self.checkout / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_symlink():
                target.symlink_to(os.readlink(source))
            elif source.is_file():
                shutil.copy2(source, target)
        self.home = folder / "home"
        self.home.mkdir()
        self.exports = folder / "exports.sh"
        self.exports.write_text("")
        self.port = free_port()
        self.served = 0
        self.feed = ""
        machine = {  # how this machine reaches the package index, nothing else
            key: value
            for key, value in os.environ.items()
            if key.startswith(("PIP_", "SSL_", "REQUESTS_CA")) or key.endswith("_proxy")
        }
        pip_config = Path.home() / ".config" / "pip" / "pip.conf"
        if pip_config.exists():
            machine["PIP_CONFIG_FILE"] = str(pip_config)
        self.env = {
            **machine,
            "HOME": str(self.home),
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "SCRATCHPAD_PORT": str(self.port),
        }

    def script(self, name: str, **replace: str) -> str:
        code = BLOCKS[name]
        for placeholder, value in replace.items():
            assert placeholder in code, (
                f"block {name} lost its placeholder {placeholder}"
            )
            code = code.replace(placeholder, value)
        return (
            f"set -eo pipefail\n. {self.exports}\n{code}\n"
            f"export -p > {self.exports}.new && mv {self.exports}.new {self.exports}\n"
        )

    def run(self, name: str, **replace: str) -> str:
        result = subprocess.run(
            ["bash", "-c", self.script(name, **replace)],
            cwd=self.checkout,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=BLOCK_TIMEOUT,
            check=False,
        )
        assert result.returncode == 0, (
            name,
            result.stdout[-3000:],
            result.stderr[-3000:],
        )
        return result.stdout

    def serve(self, name: str) -> str:
        """Run a block that ends by serving; return its output so far once
        the site answers, then stop it."""
        self.served += 1
        log = self.home / f"{name}-{self.served}.log"
        env = dict(self.env)
        if name == "dev":
            env["PORT"] = env.pop("SCRATCHPAD_PORT")
        with log.open("wb") as out:
            process = subprocess.Popen(
                ["bash", "-c", self.script(name)],
                cwd=self.checkout,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                url = f"http://127.0.0.1:{self.port}{SERVES[name]}"
                for _ in range(BLOCK_TIMEOUT * 5):
                    assert process.poll() is None, log.read_text()
                    try:
                        status, _ = get(url)
                    except OSError:
                        status = 0
                    if status == 200:
                        self.feed = get(f"http://127.0.0.1:{self.port}/feed.atom")[1]
                        break
                    time.sleep(0.2)
                else:
                    raise AssertionError(f"{name}: nothing answers\n{log.read_text()}")
            finally:
                stop_group(process)
        return log.read_text()


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the block's shell and everything it started; wait (bounded)
    until all of them are gone, so the next block finds the port free."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    stop(process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def operator(tmp_path_factory) -> Operator:
    """Two commands from the checkout, then the installation: as the README
    has them, in its order."""
    person = Operator(tmp_path_factory.mktemp("readme"))
    assert "admin: created 'admin' with password" in person.serve("dev")
    assert f"http://localhost:{person.port}/" in person.feed  # make serve PORT=…
    assert "usage: initialize_db" in person.run("checkout")
    person.run("install")
    assert (person.home / "venv" / "bin" / "pserve").exists()
    return person


def test_the_production_path_works_on_each_database(operator, backend, empty_db_url):
    operator.run("environment")
    if backend.name == "sqlite":
        operator.run("sqlite")
    else:
        operator.run(backend.name, **{PLACEHOLDERS[backend.name]: empty_db_url})
    served = operator.serve("serve")
    assert "admin: created 'admin' with password" in served
    assert "with gunicorn" in served and "schema at revision" in served
    assert "imported" not in operator.run("data")  # export, then merge
    assert (operator.checkout / "dump.json").stat().st_size > 0


def test_coming_from_the_tutorial_works_on_each_database(operator, empty_db_url):
    legacy.build(empty_db_url, 4)
    out = operator.run(
        "tutorial", **{PLACEHOLDERS["tutorial"]: empty_db_url, "YOURNAME": "bob"}
    )
    assert "found: the Flask tutorial's stage 4" in out
    assert "admin: 'bob' is now an admin" in out
    assert "schema at revision" in operator.serve("serve")
    assert legacy.rows(empty_db_url, "users", "username, is_admin")[1] == ("bob", True)
