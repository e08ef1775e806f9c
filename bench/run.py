"""The benchmark suite: ``python bench/run.py [--backends sqlite,postgresql]``.

For each database and each N (100, 10,000, 1,000,000 comments): seed a
fresh database (``seed.py``), start the production configuration
(``production.ini``: waitress, one process, its 4 threads, on 127.0.0.1),
run ``wrk`` for each case, then run the same cases against the ceiling
(``ceiling.py`` under the same waitress settings, answering the bytes the
app sent), check that every accepted POST was stored exactly once, and
record the app process's resident memory after the runs. Prints a
Markdown table and writes ``bench/results-<backend>.json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import wrk
from seed import seed
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.pool import NullPool

from scratchpad.models import Comment

HERE = Path(__file__).resolve().parent
PRODUCTION_INI = HERE.parent / "production.ini"
VENV_BIN = Path(sys.executable).parent
POSTGRES_ADMIN = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BENCH_DB = "scratchpad_bench"
# Headers the server adds itself; a WSGI app may not send them.
HOP_BY_HOP = ("server", "date", "connection", "keep-alive", "transfer-encoding")
CASES = ("anonymous", "logged_in", "deep", "not_modified", "post")


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
    process.wait(timeout=20)


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def fetch(port: int, method: str, path: str, headers: dict[str, str], body: str = ""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def prepare_cases(port: int, token: str, oldest: int) -> tuple[dict, str]:
    """Each case's method, path and headers, and the CSRF token for posts."""
    login = f"scratchpad={token}"
    response, body = fetch(port, "GET", "/", {"Cookie": login})
    session = re.search(r"session=([^;]+)", response.getheader("Set-Cookie")).group(1)
    csrf = re.search(rb'name="csrf_token" value="([^"]+)"', body).group(1).decode()
    cookies = f"{login}; session={session}"
    etag = fetch(port, "GET", "/", {})[0].getheader("ETag")
    form = "application/x-www-form-urlencoded"
    cases = {
        "anonymous": ("GET", "/", {}),
        "logged_in": ("GET", "/", {"Cookie": cookies}),
        "deep": ("GET", f"/?before={oldest + 75}", {}),
        "not_modified": ("GET", "/", {"If-None-Match": etag}),
        "post": ("POST", "/comments/", {"Cookie": cookies, "Content-Type": form}),
    }
    return cases, csrf


def capture(port: int, cases: dict, csrf: str, folder: Path) -> tuple[Path, dict]:
    """The app's exact answers, for the ceiling to replay; and their sizes."""
    answers, sizes = {}, {}
    for name, (method, path, headers) in cases.items():
        body = f"contents=capture-post&csrf_token={csrf}" if method == "POST" else ""
        response, data = fetch(port, method, path, headers, body)
        answers[f"/{name}"] = (
            f"{response.status} {response.reason}",
            [h for h in response.getheaders() if h[0].lower() not in HOP_BY_HOP],
            data.decode("latin-1"),
        )
        sizes[name] = len(data)
    path = folder / "ceiling.json"
    path.write_text(json.dumps(answers))
    return path, sizes


def count_posts(url: str) -> tuple[int, int]:
    engine = create_engine(url, poolclass=NullPool)
    bench = Comment.content.like("bench-%")
    with engine.connect() as connection:
        stored = connection.scalar(select(func.count()).where(bench))
        distinct = connection.scalar(
            select(func.count(Comment.content.distinct())).where(bench)
        )
    engine.dispose()
    return stored, distinct


def database(backend: str, folder: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / 'bench.sqlite'}"
    admin = create_engine(
        POSTGRES_ADMIN, isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {BENCH_DB}"))
    admin.dispose()
    return POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{BENCH_DB}"


def drop(backend: str) -> None:
    if backend == "postgresql":
        admin = create_engine(
            POSTGRES_ADMIN, isolation_level="AUTOCOMMIT", poolclass=NullPool
        )
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)"))
        admin.dispose()


def bench_one(backend: str, size: int, args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory(prefix="scratchpad-bench-") as tmp:
        folder = Path(tmp)
        url = database(backend, folder)
        began = time.monotonic()
        token = seed(url, size)
        seconds = time.monotonic() - began
        port = free_port()
        ini = folder / "bench.ini"
        ini.write_text(
            re.sub(
                r"(?m)^listen = .*$",
                f"listen = 127.0.0.1:{port}",
                PRODUCTION_INI.read_text().replace("%(here)s", str(HERE.parent)),
            )
        )
        env = {
            "SCRATCHPAD_DATABASE_URL": url,
            "SCRATCHPAD_SECRET": secrets.token_hex(32),
            "SCRATCHPAD_COOKIE_SECURE": "false",  # plain http on 127.0.0.1
            "SCRATCHPAD_POST_LIMIT_PER_MINUTE": "0",
        }
        app = start([str(VENV_BIN / "pserve"), str(ini)], port, env, HERE)
        try:
            cases, csrf = prepare_cases(port, token, oldest=1)
            ceiling_json, sizes = capture(port, cases, csrf, folder)
            results = {}
            for name in CASES:
                method, path, headers = cases[name]
                results[name] = wrk.run(
                    f"http://127.0.0.1:{port}",
                    path,
                    headers,
                    method,
                    csrf,
                    args.duration,
                    args.connections,
                ).__dict__
            rss = rss_mb(app.pid)
        finally:
            stop(app)
        stored, distinct = count_posts(url)
        post = results["post"]
        ceiling_port = free_port()
        ceiling = start(
            [
                str(VENV_BIN / "waitress-serve"),
                f"--listen=127.0.0.1:{ceiling_port}",
                "--threads=4",
                "ceiling:app",
            ],
            ceiling_port,
            {"BENCH_CEILING": str(ceiling_json)},
            HERE,
        )
        try:
            for name in CASES:
                method, _, headers = cases[name]
                top = wrk.run(
                    f"http://127.0.0.1:{ceiling_port}",
                    f"/{name}",
                    headers,
                    method,
                    csrf,
                    args.duration,
                    args.connections,
                )
                results[name]["ceiling_rps"] = top.rps
                results[name]["ratio"] = results[name]["rps"] / top.rps
                results[name]["bytes"] = sizes[name]
        finally:
            stop(ceiling)
        drop(backend)
    return {
        "backend": backend,
        "comments": size,
        "seed_seconds": round(seconds, 1),
        "rss_mb": round(rss, 1),
        "cases": results,
        "posts": {
            "sent": post["sent"],
            "accepted": post["accepted"],
            "stored": stored,
            "duplicates": stored - distinct,
            "ok": stored == distinct and post["accepted"] <= stored <= post["sent"],
        },
    }


def table(runs: list[dict]) -> str:
    lines = [
        "| db | N | case | req/s | p50 ms | p99 ms | bytes "
        "| ceiling req/s | app/ceiling |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        for name, r in run["cases"].items():
            lines.append(
                f"| {run['backend']} | {run['comments']:,} | {name} | {r['rps']:.0f} | "
                f"{r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['bytes']:,} | "
                f"{r['ceiling_rps']:.0f} | {r['ratio']:.2f} |"
            )
    lines += [
        "",
        "| db | N | seed s | worker RSS MB | posts sent | accepted | stored "
        "| duplicates | ok |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for run in runs:
        p = run["posts"]
        lines.append(
            f"| {run['backend']} | {run['comments']:,} | {run['seed_seconds']} | "
            f"{run['rss_mb']} | {p['sent']} | {p['accepted']} | {p['stored']} | "
            f"{p['duplicates']} | {p['ok']} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--sizes", default="100,10000,1000000")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    runs = []
    for backend in args.backends.split(","):
        for size in (int(n) for n in args.sizes.split(",")):
            print(f"== {backend}, {size:,} comments", file=sys.stderr, flush=True)
            runs.append(bench_one(backend, size, args))
        out = HERE / f"results-{backend}.json"
        out.write_text(
            json.dumps([r for r in runs if r["backend"] == backend], indent=1)
        )
    print(table(runs))
    return 0 if all(run["posts"]["ok"] for run in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
