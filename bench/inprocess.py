"""Per-request cost without a network: ``inprocess.py DATABASE_URL [...]``.

Calls the WSGI app directly (WebTest, one thread) for the anonymous page,
a deep page and a 304, on each seeded database given, and prints the median
milliseconds per request. With no server, load generator or other clients
in the way, this isolates what the app itself spends, so it shows whether
that cost grows with the number of comments more steadily than wrk runs on
a busy machine do. Databases come from ``seed.py``.
"""

from __future__ import annotations

import secrets
import statistics
import sys
import time

import webtest
from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool

from scratchpad import main
from scratchpad.models import Comment

REQUESTS = 300


def median_ms(app: webtest.TestApp, path: str, headers: dict[str, str]) -> float:
    timings = []
    for _ in range(REQUESTS):
        began = time.perf_counter()
        app.get(path, headers=headers, status="*")
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


def measure(url: str) -> str:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(Comment))
        oldest = connection.scalar(select(func.min(Comment.id)))
    engine.dispose()
    wsgi = main(
        {}, **{"sqlalchemy.url": url, "scratchpad.secret": secrets.token_hex(32)}
    )
    app = webtest.TestApp(wsgi, extra_environ={"HTTP_HOST": "localhost"})
    etag = app.get("/").headers["ETag"]
    app.get(f"/?before={oldest + 75}")
    cases = {
        "anonymous": ("/", {}),
        "deep": (f"/?before={oldest + 75}", {}),
        "not_modified": ("/", {"If-None-Match": etag}),
    }
    cells = [f"{median_ms(app, path, headers):.2f}" for path, headers in cases.values()]
    wsgi.registry["dbengine"].dispose()
    return f"| {url.split(':')[0]} | {count:,} | " + " | ".join(cells) + " |"


if __name__ == "__main__":
    print("| db | N | anonymous ms | deep ms | 304 ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for url in sys.argv[1:]:
        print(measure(url), flush=True)
