"""Fixtures for the browser tests: Debian's Chromium driven by Playwright.

- ``browser``: one Chromium for the run, started from ``/usr/bin/chromium``
  (Playwright's own browser download is never used). If it cannot start,
  the tests fail: they are never skipped.
- ``live_server``: the real app on a real port (:mod:`tests.support.live`),
  on a fresh copy of a database that the ``initialize_db`` script made once
  per test process, as an operator would: one user, ``admin``, no comments.
- ``javascript``: every test that uses ``site`` runs twice, with scripts
  on (``js``) and off (``no-js``).
- ``site``: a tab on the live server, wrapped in :class:`pages.Site`.
- ``new_site``: for a test that needs its own tab settings (viewport, time
  zone, scripts forced on).
- ``axe_source``: axe-core from ``tests/browser/node_modules``, which
  ``make browser-deps`` installs with ``npm ci`` from the committed lock
  file; the tests fail (never skip) without it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.support.live import LiveServer
from tests.support.scripting import initialize_sqlite

from .pages import ADMIN_PASSWORD, AXE_RUN, AXE_TAGS, Site

HERE = Path(__file__).resolve().parent
AXE_FILE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 15_000  # a bound on every wait, not a speed requirement
DEFAULT_CONTEXT = {"locale": "en-GB", "viewport": {"width": 1024, "height": 768}}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000
            )
        except Exception as error:
            pytest.fail(
                f"Chromium did not start from {CHROMIUM} ({error}); "
                "install it with `apt-get install -y chromium` (make browser-deps)",
                pytrace=False,
            )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_FILE.exists():
        pytest.fail(
            f"axe-core is missing ({AXE_FILE}); install it with `make browser-deps`",
            pytrace=False,
        )
    return AXE_FILE.read_text()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser-db")
    return initialize_sqlite(folder, ADMIN_PASSWORD)[0]


@pytest.fixture(scope="session")
def fresh_install(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A database as a new install leaves it, and the one-time admin
    password ``initialize_db`` printed (read as the operator would)."""
    database, output = initialize_sqlite(tmp_path_factory.mktemp("fresh"), None)
    found = re.search(r"with password (\S+)", output)
    assert found, f"initialize_db printed no password:\n{output}"
    return database, found.group(1)


@pytest.fixture
def live_server(database_template: Path) -> Iterator[LiveServer]:
    server = LiveServer.on_copy_of(database_template)
    yield server
    server.stop()


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def javascript(request: pytest.FixtureRequest) -> bool:
    return request.param


@pytest.fixture
def run_axe(browser: Browser, axe_source: str) -> Callable[..., list[dict]]:
    """``run_axe(page, html)``: the page's violations; see Site.assert_accessible."""

    def run(page: Page, html: str | None = None) -> list[dict]:
        if html is None:
            page.evaluate(axe_source)
            return page.evaluate(AXE_RUN, AXE_TAGS)
        context = browser.new_context(**DEFAULT_CONTEXT)
        try:
            url = page.url
            context.route(
                lambda u: u == url,
                lambda route: route.fulfill(
                    status=200, content_type="text/html; charset=utf-8", body=html
                ),
            )
            context.route("**/static/js/**", lambda route: route.abort())
            twin = context.new_page()
            twin.set_default_timeout(TIMEOUT_MS)
            twin.goto(url)
            twin.evaluate(axe_source)
            return twin.evaluate(AXE_RUN, AXE_TAGS)
        finally:
            context.close()

    return run


@pytest.fixture
def new_site(
    browser: Browser,
    live_server: LiveServer,
    run_axe: Callable[..., list[dict]],
    request: pytest.FixtureRequest,
) -> Iterator[Callable[..., Site]]:
    """``new_site(javascript=True, server=None, **context_options)``: a fresh
    tab, on ``live_server`` unless another ``server`` is given."""
    contexts = []

    def make(
        javascript: bool = True, server: LiveServer | None = None, **options: Any
    ) -> Site:
        context = browser.new_context(
            **{**DEFAULT_CONTEXT, **options}, java_script_enabled=javascript
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        url = (server or live_server).url
        name = f"{request.node.path.stem}-{request.node.name}"  # unique per run
        return Site(page, url, javascript, name, run_axe)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def site(new_site: Callable[..., Site], javascript: bool) -> Site:
    return new_site(javascript=javascript)
