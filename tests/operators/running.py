"""Running the console scripts as an operator does: real processes, an ini
file copied outside the checkout, settings from the environment only.

Every wait is bounded; every server started here is stopped here.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.support import ROOT
from tests.support.live import free_port

BIN = Path(sys.executable).parent
SCRIPT_TIMEOUT = 120.0
START_TIMEOUT = 60.0
SHIPPED_INIS = ("development.ini", "production.ini")
SECRET = "operator-secret-" + "s" * 40


def operator_env(**settings: str) -> dict[str, str]:
    """This process's environment without any SCRATCHPAD_* variable, plus
    ``settings``; the console scripts' folder comes first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRATCHPAD_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(settings)
    return env


def copy_ini(name: str, folder: Path) -> Path:
    target = folder / name
    shutil.copyfile(ROOT / name, target)
    return target


def run(
    args: list[str], env: dict[str, str], cwd: Path, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        env=env,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT,
        check=False,
    )


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:  # noqa: S310
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@contextlib.contextmanager
def serving(
    ini: Path,
    env: dict[str, str],
    port: int | None = None,
    bin_folder: Path = BIN,
    options: tuple[str, ...] = (),
) -> Iterator[tuple[str, Path, subprocess.Popen[bytes]]]:
    """``pserve ini`` on a free port until /healthz answers; yields the base
    URL, the log file and the process, stops the server (SIGTERM) afterwards."""
    port = port or free_port()
    env = {**env, "SCRATCHPAD_HOST": "127.0.0.1", "SCRATCHPAD_PORT": str(port)}
    log = ini.with_suffix(f".{port}.log")
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(bin_folder / "pserve"), *options, str(ini)],
            env=env,
            cwd=ini.parent,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline and process.poll() is None:
                with contextlib.suppress(OSError):
                    if get(url + "/healthz")[0] == 200:
                        break
                time.sleep(0.2)
            else:
                raise AssertionError(f"pserve did not start:\n{log.read_text()}")
            yield url, log, process
        finally:
            stop(process)


def stop(process: subprocess.Popen[bytes]) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    return process.returncode
