"""``pserve production.ini`` is gunicorn: several worker processes on one
address, settings from the ini overridable from the environment, one
start-up line, an access log in the combined format with the request id, a
graceful reload on SIGHUP, a clean exit on SIGTERM."""

from __future__ import annotations

import re
import signal
import time
import urllib.request
from pathlib import Path

import pytest

from .running import SECRET, copy_ini, get, operator_env, serving

pytestmark = pytest.mark.slow


def children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def wait_for(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_production_serves_with_gunicorn_workers_from_one_address(db_url, tmp_path):
    ini = copy_ini("production.ini", tmp_path)
    env = operator_env(
        SCRATCHPAD_DATABASE_URL=db_url,
        SCRATCHPAD_SECRET=SECRET,
        SCRATCHPAD_BASE_URL="https://comments.example.org",
        SCRATCHPAD_WORKERS="2",
        SCRATCHPAD_THREADS="3",
    )
    with serving(ini, env) as (url, log, process):
        assert wait_for(lambda: len(children(process.pid)) == 2), log.read_text()
        first = children(process.pid)
        for _ in range(20):
            assert get(url + "/readyz") == (200, "ready\n")
        with urllib.request.urlopen(url + "/healthz", timeout=10) as reply:  # noqa: S310
            assert reply.headers["Server"] == "scratchpad"
        started = [line for line in log.read_text().splitlines() if "serving " in line]
        assert len(started) == 1, log.read_text()
        assert (
            f"serving {url}/ with gunicorn: 2 worker processes x 3 threads"
            in (started[0])
        )
        assert "schema at revision" in started[0]

        request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
            url + "/?access=1", headers={"X-Forwarded-For": "203.0.113.9"}
        )
        with urllib.request.urlopen(request, timeout=10) as reply:  # noqa: S310
            request_id = reply.headers["X-Request-Id"]
        combined = re.compile(
            r'203\.0\.113\.9 - - \[[^]]+\] "GET /\?access=1 HTTP/1\.1" 200 \d+ '
            rf'"-" "Python-urllib/[\d.]+" {request_id}$',
            re.M,
        )
        assert wait_for(lambda: combined.search(log.read_text())), log.read_text()

        process.send_signal(signal.SIGHUP)  # graceful reload: new workers
        assert wait_for(lambda: len(children(process.pid) - first) == 2)
        assert wait_for(lambda: len(children(process.pid)) == 2)
        assert get(url + "/readyz") == (200, "ready\n")
    assert process.returncode == 0
    assert "Traceback" not in log.read_text()
