"""The servers a benchmark run compares, and the processes it starts.

``gunicorn`` is production as shipped: ``pserve production.ini`` with its
``workers`` (one per core) of 4 threads each. ``waitress`` is the same ini
with waitress as the server: one process of 4 threads. The ceiling runs
under the same server with the same processes and threads, so the app and
its ceiling differ only by the application's own work.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
PRODUCTION_INI = HERE.parent / "production.ini"
VENV_BIN = Path(sys.executable).parent
SERVERS = ("gunicorn", "waitress")
THREADS = 4


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(
    command: list[str], port: int, env: dict[str, str], cwd: Path
) -> subprocess.Popen:
    process = subprocess.Popen(command, env={**os.environ, **env}, cwd=cwd)
    for _ in range(300):  # at most 30 s
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not start: {command}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=40)


def fetch(port: int, method: str, path: str, headers: dict[str, str], body: str = ""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def bench_ini(server: str, folder: Path) -> Path:
    """production.ini, with waitress as its server when asked."""
    text = PRODUCTION_INI.read_text().replace("%(here)s", str(HERE.parent))
    if server == "waitress":
        text = text.replace(
            "use = egg:scratchpad#gunicorn", "use = egg:scratchpad#waitress"
        )
    ini = folder / f"bench-{server}.ini"
    ini.write_text(text)
    return ini


def start_app(server: str, port: int, env: dict[str, str], folder: Path):
    env = {**env, "SCRATCHPAD_HOST": "127.0.0.1", "SCRATCHPAD_PORT": str(port)}
    return start(
        [str(VENV_BIN / "pserve"), str(bench_ini(server, folder))], port, env, HERE
    )


def start_ceiling(server: str, port: int, answers: Path):
    if server == "waitress":
        command = [
            str(VENV_BIN / "waitress-serve"),
            f"--listen=127.0.0.1:{port}",
            f"--threads={THREADS}",
            "ceiling:app",
        ]
    else:
        command = [
            str(VENV_BIN / "gunicorn"),
            f"--bind=127.0.0.1:{port}",
            f"--workers={os.cpu_count() or 1}",
            f"--threads={THREADS}",
            "--worker-class=gthread",
            "--log-level=warning",
            "ceiling:app",
        ]
    return start(command, port, {"BENCH_CEILING": str(answers)}, HERE)


def _rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def worker_rss_mb(pid: int) -> list[float]:
    """Resident memory of each process that serves: gunicorn's workers (the
    children of its master), or waitress's one process."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return [round(_rss_mb(p), 1) for p in (children or [pid])]


def distinct_urls(port: int, cookies: str, count: int) -> None:
    """``count`` different page URLs, half anonymous, half logged in: the
    page caches must stay bounded however many a crawler asks for."""

    def one(n: int) -> None:
        headers = {"Cookie": cookies} if n % 2 else {}
        fetch(port, "GET", f"/?before={n + 2}", headers)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(one, range(count)))
