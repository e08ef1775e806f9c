"""Real servers for tests that need real sockets.

- :class:`LiveServer`: the app under waitress on a free 127.0.0.1 port, in a
  thread, as in production (``ident`` hides the version, bodies capped).
- :class:`Browser`: a minimal HTTP client with a cookie jar, a timeout on
  every request, and no redirect following (tests look at the 303 itself).
- :class:`Forwarder`: a TCP forwarder between the app and a database server,
  which a test can cut and restore to make the database "go away" without
  touching the shared server itself.

Every loop here is bounded in count and time.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import threading
from typing import Any
from urllib.parse import urlencode

import waitress
from waitress import wasyncore

TIMEOUT = 30.0


class LiveServer:
    def __init__(self, app: Any, threads: int = 8) -> None:
        self.server = waitress.create_server(
            app,
            host="127.0.0.1",
            port=0,
            threads=threads,
            ident="scratchpad",
            max_request_body_size=1024 * 1024,
            clear_untrusted_proxy_headers=True,
        )
        self.port = self.server.effective_port
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        # waitress's own run() loops until its sockets are closed under it;
        # polling in short rounds lets the test stop it cleanly instead.
        socket_map = self.server._map
        while not self.stopping.is_set() and socket_map:
            wasyncore.loop(timeout=0.05, map=socket_map, count=1)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join(timeout=TIMEOUT)
        self.server.task_dispatcher.shutdown(timeout=TIMEOUT)
        wasyncore.close_all(self.server._map)


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status = status
        self.headers = headers
        self.text = body.decode("utf-8", "replace")


class Browser:
    """One visitor: its own cookies, one connection per request."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: Any = None, **headers: str
    ) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            all_headers = {"Host": f"127.0.0.1:{self.port}", **headers}
            if self.cookies:
                all_headers["Cookie"] = "; ".join(
                    f"{name}={value}" for name, value in self.cookies.items()
                )
            connection.request(
                method,
                path,
                body=body,
                headers=all_headers,
                encode_chunked="Transfer-Encoding" in headers,
            )
            reply = connection.getresponse()
            result = Response(reply.status, reply.headers, reply.read())
        finally:
            connection.close()
        for cookie in result.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in cookie.lower() or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return result

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str]) -> Response:
        return self.request(
            "POST",
            path,
            urlencode(fields).encode(),
            **{"Content-Type": "application/x-www-form-urlencoded"},
        )

    def csrf_token(self, path: str) -> str:
        page = self.get(path)
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert match, f"no CSRF token on {path} ({page.status})"
        return match.group(1)

    def login(self, username: str, password: str) -> None:
        token = self.csrf_token("/login/")
        reply = self.post(
            "/login/",
            {"username": username, "password": password, "csrf_token": token},
        )
        assert reply.status == 303, (reply.status, reply.text[:300])


class Forwarder:
    """127.0.0.1:<port> → ``target``, until :meth:`cut`; :meth:`restore`
    listens again on the same port."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.listener: socket.socket | None = None
        self.port = 0
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Refuse new connections and break every open one."""
        if self.listener is not None:
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    close = cut

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=TIMEOUT)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(
                    target=self._pump, args=(source, sink), daemon=True
                ).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with self.lock:
                for sock in (source, sink):
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
                    sock.close()
                    self.sockets.discard(sock)


def post_concurrently(
    port: int, users: list[tuple[str, str]], posts_each: int
) -> dict[str, int]:
    """Every user logs in and posts ``posts_each`` distinct comments, all
    users at once. Returns each comment's text → the status it got."""
    results: dict[str, int] = {}
    lock = threading.Lock()
    start = threading.Barrier(len(users), timeout=TIMEOUT)

    def run(username: str, password: str) -> None:
        browser = Browser(port)
        browser.login(username, password)
        token = browser.csrf_token("/")
        start.wait()
        for number in range(posts_each):
            text = f"comment {number} from {username}"
            reply = browser.post("/comments/", {"contents": text, "csrf_token": token})
            with lock:
                results[text] = reply.status

    threads = [threading.Thread(target=run, args=user) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT * 4)
    assert not any(thread.is_alive() for thread in threads), "clients hung"
    return results
