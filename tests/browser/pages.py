"""What a person does on the site, as small page-object helpers.

A test says ``site.login("admin", password)`` or ``site.post_comment(text)``
and checks what the person then sees. New pages get a helper here (a few
lines: open it, fill it, submit it) and a line in the page lists of
``test_accessibility.py``.

Every helper works the same with JavaScript on or off: it clicks and types
as a person would and waits for the page that the click loads.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
ADMIN = "admin"  # the one user of each test's site, made by initialize_db
ADMIN_PASSWORD = "a browser-test password 42"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Runs in the page: axe's findings at the WCAG 2.1 A and AA levels, each
# node reduced to its selector and what is wrong with it.
AXE_RUN = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
  .then(result => result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary),
  })))"""


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe: {len(violations)} violation(s) on {url}"]
    for found in violations:
        lines.append(f"- {found['id']} ({found['impact']}): {found['help']}")
        lines.extend(f"    {node}" for node in found["nodes"])
    return "\n".join(lines)


class Site:
    """One browser tab on one running copy of the site."""

    def __init__(
        self, page: Page, base_url: str, javascript: bool, name: str, axe: Any
    ) -> None:
        self.page = page
        self.base_url = base_url
        self.javascript = javascript
        self.name = name  # the test's id: screenshots are named after it
        self._axe = axe  # callable(url, html or None) -> violations

    # Where things are ---------------------------------------------------
    @property
    def main(self) -> Locator:
        return self.page.locator("main")

    @property
    def nav(self) -> Locator:
        return self.page.get_by_role("navigation", name="Site")

    @property
    def flash(self) -> Locator:
        return self.page.locator(".flash[role=status]")

    @property
    def comments(self) -> Locator:
        return self.main.locator("article.comment")

    @property
    def comment_box(self) -> Locator:
        return self.page.get_by_label("Your comment")

    # What a person does ---------------------------------------------------
    def open(self, path: str = "/") -> Any:
        return self.page.goto(self.base_url + path)

    def login(self, username: str, password: str) -> None:
        """Follow the nav's "Log in" link and submit the form."""
        self.nav.get_by_role("link", name="Log in").click()
        expect(self.page).to_have_title(re.compile("log in"))
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.submit("Log in")

    def post_comment(self, text: str) -> None:
        self.comment_box.fill(text)
        self.submit("Post comment")

    def logout(self) -> None:
        """The nav's "Log out" button (a POST form, so no confirm page)."""
        with self.page.expect_navigation():
            self.nav.get_by_role("button", name="Log out").click()

    def open_comment(self, index: int = 0) -> None:
        """Follow a listed comment's permalink (its time) to its own page."""
        with self.page.expect_navigation():
            self.comments.nth(index).locator("a.permalink").click()

    def edit_comment(self, text: str) -> None:
        """From a comment's page: "Edit", replace the text, save."""
        self.main.get_by_role("link", name="Edit").click()
        self.comment_box.fill(text)
        self.submit("Save changes")

    def delete_comment(self) -> None:
        """From a comment's page: "Delete", then confirm."""
        self.main.get_by_role("link", name="Delete").click()
        self.submit("Delete comment")

    def submit(self, button: str) -> None:
        """Click a form's button and wait for the page it loads."""
        with self.page.expect_navigation():
            self.main.get_by_role("button", name=button).click()

    # Records and checks -------------------------------------------------------
    def screenshot(self, step: str) -> Path:
        """Save the whole page as ``screenshots/<test id>-<step>.png``."""
        SCREENSHOTS.mkdir(exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9_.]+", "-", f"{self.name}-{step}").strip("-")
        path = SCREENSHOTS / f"{safe}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_accessible(self) -> None:
        """axe finds nothing at WCAG 2.1 A/AA on the page as it is now.

        With scripts on, axe runs in this tab, on the page the scripts have
        changed. With scripts off the tab cannot run axe, so the exact HTML
        it shows is checked in a scripted tab with the site's own scripts
        blocked: the same page a reader without JavaScript gets.
        """
        html = None if self.javascript else self.page.content()
        violations = self._axe(self.page, html)
        assert not violations, format_violations(self.page.url, violations)

    def has_horizontal_scroll(self) -> bool:
        return self.page.evaluate(
            "document.documentElement.scrollWidth > window.innerWidth"
        )
