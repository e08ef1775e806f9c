"""The ceiling: a trivial WSGI app that answers from memory.

It serves, for each benchmark case, the exact status, headers and body the
real application sent for that case (captured by ``run.py`` into the JSON
file named by ``BENCH_CEILING``), so the same server with no application
work at all shows the most any application could reach on this machine.
Run under waitress like the application: ``waitress-serve ceiling:app``.
"""

from __future__ import annotations

import json
import os
from typing import Any

with open(os.environ["BENCH_CEILING"], encoding="utf-8") as source:
    CASES = {
        path: (status, [tuple(h) for h in headers], body.encode("latin-1"))
        for path, (status, headers, body) in json.load(source).items()
    }


def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    status, headers, body = CASES[environ["PATH_INFO"]]
    start_response(status, headers)
    return [body]
