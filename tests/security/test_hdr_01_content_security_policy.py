"""HDR-01: every HTML page carries the site's CSP, and no template needs
inline script (which that CSP would block, and which XSS would exploit)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import scratchpad
from scratchpad.web.headers import CONTENT_SECURITY_POLICY

TEMPLATES = Path(scratchpad.__file__).parent / "templates"
EXPECTED = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def test_policy_is_exactly_the_specified_one():
    assert CONTENT_SECURITY_POLICY == EXPECTED


@pytest.mark.parametrize(
    ("path", "status"), [("/", 200), ("/login/", 200), ("/no-such-page", 404)]
)
def test_html_pages_carry_the_policy(testapp, path, status):
    response = testapp.get(path, status=status)
    assert response.content_type == "text/html"
    assert response.headers["Content-Security-Policy"] == EXPECTED


def test_pages_for_a_logged_in_user_and_after_errors_carry_it(
    testapp, make_user, count_rows
):
    make_user("alice", "alice-password")
    testapp.login("alice", "alice-password")
    before = count_rows()
    page = testapp.post_comment("", status=400)
    assert page.headers["Content-Security-Policy"] == EXPECTED
    assert testapp.get("/").headers["Content-Security-Policy"] == EXPECTED
    assert count_rows() == before


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"""\son[a-z]+\s*=""", re.IGNORECASE)
JS_URL = re.compile(r"javascript:", re.IGNORECASE)


def test_templates_have_no_inline_script_or_handlers():
    templates = sorted(TEMPLATES.rglob("*.jinja2"))
    assert templates, "no templates found"
    for template in templates:
        text = template.read_text(encoding="utf-8")
        name = template.relative_to(TEMPLATES)
        assert not INLINE_SCRIPT.search(text), f"inline <script> in {name}"
        assert not HANDLER.search(text), f"on…= event handler in {name}"
        assert not JS_URL.search(text), f"javascript: URL in {name}"
        assert "style=" not in text.lower(), f"inline style in {name}"


def test_the_lint_catches_what_it_must():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert HANDLER.search('<button onclick="go()">')
    assert not HANDLER.search('<p class="once">')
