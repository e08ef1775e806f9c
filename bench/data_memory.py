"""Peak memory of ``scratchpad_data export`` and ``import`` as the site grows.

Builds a SQLite site with N comments (default 100,000 and 1,000,000), then
runs export and import as child processes and reads each one's peak
resident memory from the kernel (``wait4``). Bounded memory means the peak
stays flat as N grows tenfold. Also checks that export -> import -> export
gives the same bytes.

    .venv/bin/python bench/data_memory.py [N ...]

Not a test: it takes minutes and its timings depend on the machine.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.pool import NullPool

from scratchpad.models import Comment, User, get_engine, utcnow
from scratchpad.scripts.initialize_db import upgrade

ROOT = Path(__file__).resolve().parent.parent
INI = str(ROOT / "development.ini")
SCRIPT = "import sys; from scratchpad.scripts.data import main; sys.exit(main())"
USERS = 1000
BATCH = 20_000


def build_site(url: str, comments: int) -> None:
    engine = get_engine({"sqlalchemy.url": url}, poolclass=NullPool)
    with engine.begin() as connection:
        upgrade(INI, connection)
        connection.execute(
            insert(User.__table__),
            [
                {"username": f"user{n}", "password_hash": "$2b$12$" + "x" * 53}
                for n in range(USERS)
            ],
        )
        now = utcnow()
        for start in range(0, comments, BATCH):
            connection.execute(
                insert(Comment.__table__),
                [
                    {
                        "content": f'Comment number {n}, with some text: ✓ "quoted"\n'
                        * 3,
                        "posted": now,
                        "commenter_id": n % USERS + 1 if n % 10 else None,
                    }
                    for n in range(start, min(start + BATCH, comments))
                ],
            )
    engine.dispose()


def measure(url: str, argv: list[str], stdout: Path | None = None) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of one run of the script."""
    env = {**os.environ, "SCRATCHPAD_DATABASE_URL": url}
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, INI, *argv],
        env=env,
        stdout=out,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if stdout:
        out.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv[0]} failed")
    return elapsed, usage.ru_maxrss


def digest(path: Path) -> str:
    # In chunks: this process must stay small (see the comment in main).
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def main() -> None:
    if sys.argv[1:2] == ["--build"]:
        build_site(sys.argv[2], int(sys.argv[3]))
        return
    sizes = [int(n) for n in sys.argv[1:]] or [100_000, 1_000_000]
    print(
        "| comments | dump size | export: time, peak RSS "
        "| import: time, peak RSS | round trip |"
    )
    print("| ---: | ---: | ---: | ---: | --- |")
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            source = f"sqlite:///{folder}/source.sqlite"
            target = f"sqlite:///{folder}/target.sqlite"
            # In a child of its own: a parent grown by building the site
            # would inflate the children's figures (ru_maxrss counts the
            # forked copy before exec).
            subprocess.run(
                [sys.executable, __file__, "--build", source, str(size)], check=True
            )
            dump, again = Path(folder, "dump.json"), Path(folder, "again.json")
            export_time, export_rss = measure(source, ["export"], dump)
            import_time, import_rss = measure(target, ["import", str(dump)])
            measure(target, ["export"], again)
            same = "identical" if digest(dump) == digest(again) else "DIFFERENT"
            print(
                f"| {size:,} | {dump.stat().st_size / 2**20:,.0f} MiB "
                f"| {export_time:.0f} s, {export_rss / 1024:.0f} MiB "
                f"| {import_time:.0f} s, {import_rss / 1024:.0f} MiB | {same} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
