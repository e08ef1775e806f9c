"""The benchmark suite: ``python bench/run.py [--backends …] [--servers …]``.

For each database, each N (100, 10,000, 1,000,000 comments) and each server
(``servers.py``: gunicorn as production ships it, and waitress): seed a
fresh database (``seed.py``), start the production configuration on
127.0.0.1, run ``wrk`` for each case, request ``--urls`` distinct page URLs
and record each serving process's resident memory before and after, then
run the same cases against the ceiling (``ceiling.py`` under the same
server, answering the bytes the app sent), and check that every accepted
POST was stored exactly once. Prints Markdown tables and writes
``bench/results-<backend>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import sys
import tempfile
import time
from pathlib import Path

import wrk
from report import table
from seed import seed
from servers import (
    HERE,
    SERVERS,
    distinct_urls,
    fetch,
    free_port,
    start_app,
    start_ceiling,
    stop,
    worker_rss_mb,
)
from sqlalchemy import create_engine, delete, func, select, text
from sqlalchemy.pool import NullPool

from scratchpad.models import Comment

POSTGRES_ADMIN = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BENCH_DB = "scratchpad_bench"
# Headers the server adds itself; a WSGI app may not send them.
HOP_BY_HOP = ("server", "date", "connection", "keep-alive", "transfer-encoding")
CASES = ("anonymous", "logged_in", "deep", "not_modified", "post")


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
    """The bench posts stored, and how many distinct texts they hold; then
    they (and the capture's post) are deleted, so the next server serves
    the very same pages."""
    engine = create_engine(url, poolclass=NullPool)
    bench = Comment.content.like("bench-%")
    with engine.begin() as connection:
        stored = connection.scalar(select(func.count()).where(bench))
        distinct = connection.scalar(
            select(func.count(Comment.content.distinct())).where(bench)
        )
        connection.execute(
            delete(Comment).where(bench | (Comment.content == "capture-post"))
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


def wrk_cases(port: int, cases: dict, csrf: str, args, prefix: bool = False) -> dict:
    results = {}
    for name in CASES:
        method, path, headers = cases[name]
        results[name] = wrk.run(
            f"http://127.0.0.1:{port}",
            f"/{name}" if prefix else path,
            headers,
            method,
            csrf,
            args.duration,
            args.connections,
        )
    return results


def bench_server(server: str, url: str, token: str, folder: Path, args) -> dict:
    port = free_port()
    env = {
        "SCRATCHPAD_DATABASE_URL": url,
        "SCRATCHPAD_SECRET": secrets.token_hex(32),
        "SCRATCHPAD_COOKIE_SECURE": "false",  # plain http on 127.0.0.1
        "SCRATCHPAD_POST_LIMIT_PER_MINUTE": "0",
    }
    app = start_app(server, port, env, folder)
    try:
        cases, csrf = prepare_cases(port, token, oldest=1)
        answers, sizes = capture(port, cases, csrf, folder)
        results = {k: r.__dict__ for k, r in wrk_cases(port, cases, csrf, args).items()}
        rss_before = worker_rss_mb(app.pid)
        began = time.monotonic()
        distinct_urls(port, cases["logged_in"][2]["Cookie"], args.urls)
        urls_seconds = time.monotonic() - began
        rss_after = worker_rss_mb(app.pid)
    finally:
        stop(app)
    ceiling_port = free_port()
    ceiling = start_ceiling(server, ceiling_port, answers)
    try:
        tops = wrk_cases(ceiling_port, cases, csrf, args, prefix=True)
    finally:
        stop(ceiling)
    for name, top in tops.items():
        results[name].update(
            ceiling_rps=top.rps, ratio=results[name]["rps"] / top.rps, bytes=sizes[name]
        )
    return {
        "server": server,
        "cases": results,
        "logged_in_vs_anonymous": results["logged_in"]["rps"]
        / results["anonymous"]["rps"],
        "rss_mb": rss_before,
        "rss_mb_after_urls": rss_after,
        "urls": args.urls,
        "urls_seconds": round(urls_seconds, 1),
        "sent": results["post"]["sent"],
        "accepted": results["post"]["accepted"],
    }


def bench_one(backend: str, size: int, args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory(prefix="scratchpad-bench-") as tmp:
        folder = Path(tmp)
        url = database(backend, folder)
        began = time.monotonic()
        token = seed(url, size)
        seconds = time.monotonic() - began
        servers = []
        for server in args.servers.split(","):
            served = bench_server(server, url, token, folder, args)
            stored, distinct = count_posts(url)
            served["posts"] = {
                "sent": served["sent"],
                "accepted": served["accepted"],
                "stored": stored,
                "duplicates": stored - distinct,
                "ok": stored == distinct
                and served["accepted"] <= stored <= served["sent"],
            }
            servers.append(served)
        drop(backend)
    return {
        "backend": backend,
        "comments": size,
        "seed_seconds": round(seconds, 1),
        "servers": servers,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--sizes", default="100,10000,1000000")
    parser.add_argument("--servers", default=",".join(SERVERS))
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--urls", type=int, default=10_000, help="distinct URLs")
    parser.add_argument("--out", type=Path, default=HERE, help="results folder")
    args = parser.parse_args(argv)
    runs = []
    for backend in args.backends.split(","):
        for size in (int(n) for n in args.sizes.split(",")):
            print(f"== {backend}, {size:,} comments", file=sys.stderr, flush=True)
            runs.append(bench_one(backend, size, args))
        args.out.mkdir(parents=True, exist_ok=True)
        out = args.out / f"results-{backend}.json"
        out.write_text(
            json.dumps([r for r in runs if r["backend"] == backend], indent=1)
        )
    print(table(runs))
    posts_ok = all(s["posts"]["ok"] for run in runs for s in run["servers"])
    return 0 if posts_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
