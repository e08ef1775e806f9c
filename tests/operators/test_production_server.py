"""``pserve production.ini`` is gunicorn: several worker processes on one
address, settings from the ini overridable from the environment, one
start-up line, an access log in the combined format with the request id, a
graceful reload on SIGHUP, a clean exit on SIGTERM."""

from __future__ import annotations

import json
import re
import signal
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.databases import migrate

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


def test_json_log_lines_as_the_readme_configures_them(tmp_path):
    """README: set ``formatter = json`` in ``[handler_console]`` of
    production.ini and serve with ``pserve -q``, and every line (start-up,
    access, security log) is one JSON object."""
    url = f"sqlite:///{tmp_path / 'site.sqlite'}"
    migrate(url)
    ini = copy_ini("production.ini", tmp_path)
    text = ini.read_text()
    handler = text.index("[handler_console]")
    changed = text[handler:].replace("formatter = generic", "formatter = json", 1)
    ini.write_text(text[:handler] + changed)
    env = operator_env(
        SCRATCHPAD_DATABASE_URL=url, SCRATCHPAD_SECRET=SECRET, SCRATCHPAD_WORKERS="1"
    )
    with serving(ini, env, options=("-q",)) as (base, log, _):
        assert get(base + "/login")[0] == 200
        assert wait_for(lambda: "GET /login" in log.read_text()), log.read_text()
    lines = [json.loads(line) for line in log.read_text().splitlines() if line]
    loggers = {line["logger"] for line in lines}
    assert {"scratchpad.server", "gunicorn.access"} <= loggers, loggers
    assert all(line["time"].endswith("+00:00") for line in lines)
