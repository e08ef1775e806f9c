"""Running ``wrk`` for one case and reading its report.

Every run is bounded (``-d`` seconds, a fixed number of connections) and
uses a small Lua script that sets the case's method, headers and body,
gives each POST a unique text (``bench-<thread>-<n>``) and counts the 303
answers, so the caller can check that every accepted post was stored once.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass

LUA = """
local threads = {}
local next_id = 1
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
sent = 0
accepted = 0
function request()
  sent = sent + 1
  local body = nil
  if METHOD == "POST" then
    body = "contents=bench-" .. id .. "-" .. sent .. "&csrf_token=" .. TOKEN
  end
  return wrk.format(METHOD, PATH, HEADERS, body)
end
function response(status, headers, body)
  if status == 303 then accepted = accepted + 1 end
end
function done(summary, latency, requests)
  local s, a = 0, 0
  for _, thread in ipairs(threads) do
    s = s + thread:get("sent")
    a = a + thread:get("accepted")
  end
  io.write(string.format("BENCH sent=%d accepted=%d p50=%d p99=%d\\n",
    s, a, latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # socket errors and non-2xx/3xx answers
    sent: int
    accepted: int


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run(
    base: str,
    path: str,
    headers: dict[str, str],
    method: str = "GET",
    token: str = "",
    duration: int = 5,
    connections: int = 8,
    threads: int = 2,
) -> Result:
    header_table = ", ".join(
        f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()
    )
    script = (
        f"METHOD = {lua_string(method)}\nPATH = {lua_string(path)}\n"
        f"TOKEN = {lua_string(token)}\nHEADERS = {{{header_table}}}\n" + LUA
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        out = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "5s",
                "-s",
                lua.name,
                base,
            ],
            capture_output=True,
            text=True,
            timeout=duration + 30,
            check=True,
        ).stdout
    bench = re.search(r"BENCH sent=(\d+) accepted=(\d+) p50=(\d+) p99=(\d+)", out)
    requests = re.search(r"(\d+) requests in", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), "
        r"timeout (\d+)",
        out,
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in socket.groups()) if socket else 0
    if not (bench and requests and rps):
        raise RuntimeError("unexpected wrk output:\n" + out)
    return Result(
        rps=float(rps.group(1)),
        p50_ms=int(bench.group(3)) / 1000,
        p99_ms=int(bench.group(4)) / 1000,
        requests=int(requests.group(1)),
        errors=errors,
        sent=int(bench.group(1)),
        accepted=int(bench.group(2)),
    )
