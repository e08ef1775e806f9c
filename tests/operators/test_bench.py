"""The benchmarks still run: ``make bench`` is not a test, so without this
a change to production.ini or the app can break it unnoticed. Tiny sizes
and one-second runs; the figures themselves are not checked (BENCHMARKS.md)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support import ROOT

pytestmark = pytest.mark.slow


def bench(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT / "bench",
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_the_server_benchmark_runs_both_servers_and_their_ceilings(tmp_path):
    out = bench(
        "run.py", "--backends", "sqlite", "--sizes", "100", "--duration", "1",
        "--urls", "40", "--out", str(tmp_path),
    )  # fmt: skip
    (run,) = json.loads((tmp_path / "results-sqlite.json").read_text())
    servers = {served["server"]: served for served in run["servers"]}
    assert set(servers) == {"gunicorn", "waitress"}
    assert len(servers["gunicorn"]["rss_mb"]) >= 1
    for served in servers.values():
        assert served["posts"]["ok"] and served["posts"]["duplicates"] == 0
        for case in served["cases"].values():
            assert case["rps"] > 0 and case["ceiling_rps"] > 0
        assert served["cases"]["logged_in"]["bytes"] > 0
    assert "| sqlite | 100 | gunicorn | logged_in |" in out


def test_the_in_process_benchmark_counts_statements():
    out = bench("inprocess.py", "--sizes", "100", "--requests", "5")
    row = next(line for line in out.splitlines() if line.startswith("| sqlite"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[:2] == ["sqlite", "100"]
    # anonymous, logged in, deep, 304: "median (statements)"; then the ratio
    assert all(cell.endswith(")") for cell in cells[2:6]), row
    assert float(cells[6]) > 0, row
