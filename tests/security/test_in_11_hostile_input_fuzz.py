"""IN-11: generated hostile requests to every view never get a 5xx.

Every view the application registers (found through Pyramid's introspector
and checked against the table of example addresses below, so a new
resource or route cannot be left out) is driven with each of its methods
and a few others, by an anonymous visitor, a logged-in browser holding its
CSRF token, a read-write and a read-only API token. Hypothesis varies the
path (extra segments, dot segments, NUL, encoded slashes, non-UTF-8 bytes),
the query string, the headers and the body (random bytes, hostile forms,
JSON). Each answer must be below 500, show no traceback, carry only headers
a server can send, and nothing may be logged as an error.

Bounded for CI: ``SCRATCHPAD_FUZZ_PROFILE=long`` runs many more examples
(see README "Two commands"). Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import logging
import os
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from webob import Request
from zope.interface.interfaces import IInterface

from scratchpad import admin_tree, resources
from scratchpad.accounts import resources as account_pages
from scratchpad.web.limits import ANSWERED_METHODS
from tests.support.client import client
from tests.support.databases import configured_backends
from tests.support.factories import ALICE_PASSWORD, add_comment, set_user

settings.register_profile(
    "ci",
    max_examples=12,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
settings.register_profile(
    "long", settings.get_profile("ci"), max_examples=500, derandomize=False
)
PROFILE = settings.get_profile(os.environ.get("SCRATCHPAD_FUZZ_PROFILE", "ci"))

# Where each kind of resource lives; {id} is a comment of alice's.
EXAMPLE_PATHS = {
    resources.Root: "/",
    resources.Comments: "/comments/",
    resources.CommentResource: "/comments/{id}/",
    resources.Users: "/users/",
    resources.UserResource: "/users/alice/",
    resources.Account: "/account/",
    resources.Api: "/api/",
    resources.ApiComments: "/api/comments",
    resources.ApiCommentResource: "/api/comments/{id}",
    resources.Admin: "/admin/",
    admin_tree.AdminUsers: "/admin/users/",
    admin_tree.AdminUserResource: "/admin/users/{user}/",
    admin_tree.AuditLog: "/admin/audit/",
    admin_tree.RemovedComments: "/admin/removed/",
    admin_tree.RemovedComment: "/admin/removed/{id}/",
    admin_tree.ReportedComments: "/admin/reports/",
    admin_tree.ReportedComment: "/admin/reports/{id}/",
    admin_tree.HeldComments: "/admin/held/",
    admin_tree.HeldComment: "/admin/held/{id}/",
    admin_tree.AdminInvitations: "/admin/invitations/",
    account_pages.Join: "/join/",
    account_pages.InvitationResource: "/join/{token}/",
    account_pages.SignUp: "/signup/",
    account_pages.Resets: "/reset/",
    account_pages.ResetResource: "/reset/{token}/",
    account_pages.Forgot: "/forgot/",
    account_pages.EmailChecks: "/verify-email/",
    account_pages.EmailCheckResource: "/verify-email/{token}/",
}
ROUTE_PATHS = {"__static/": "/static/site.css"}
OTHER_METHODS = ["OPTIONS", "TRACE", "PROPFIND", "FOO"]
FRAGMENTS = [
    "",
    ".",
    "..",
    "%2e%2e",
    "%2E.",
    "%00",
    "%2f",
    "%2F..",
    "%5c",
    "%ff",
    "%c3",
    "%D9%A3",  # "\u0663", an Arabic-Indic digit, as a client sends it
    "99999999999999999999",
    "2147483648",
    "-1",
    "0",
    "1",
    "a%00b",
    "%252e%252e",
    "login",
    "api",
    "comments",
]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=bogus",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=xyz",
    "multipart/form-data; boundary=" + "b" * 300,
    "application/json",
    "application/json; charset=utf-16",
    "text/plain",
]
FIELDS = [
    "contents",
    "content",
    "csrf_token",
    "username",
    "password",
    "new_password",
    "came_from",
    "token_id",
    "access",
    "before",
    "limit",
]
HEADER_NAMES = [
    "Content-Type",
    "Origin",
    "Referer",
    "If-None-Match",
    "Accept",
    "Sec-Fetch-Site",
    "X-Request-Id",
    "X-CSRF-Token",
    "Host",
    "Authorization",
    "Cookie",
    "Accept-Language",
    "Range",
]
HOSTILE_TEXT = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(max_size=30),
    st.text(alphabet="\x00\r\n\t\x1b\\/'\"<>%.\u2028\ufffd\ud800", max_size=10),
)
LATIN1_LINE = st.text(
    alphabet=st.characters(
        min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"
    ),
    max_size=60,
)


def encoded(text: str) -> str:
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


SEGMENTS = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.binary(max_size=8).map(lambda raw: quote_from_bytes(raw, safe="")),
    st.text(max_size=8).map(encoded),
)
QUERIES = st.lists(
    st.tuples(
        st.sampled_from([*FIELDS, "x"]), st.one_of(SEGMENTS, HOSTILE_TEXT.map(encoded))
    ),
    max_size=3,
).map(lambda pairs: "&".join(f"{key}={value}" for key, value in pairs))
FORM_BODIES = st.dictionaries(st.sampled_from(FIELDS), HOSTILE_TEXT, max_size=5).map(
    lambda fields: "&".join(f"{k}={encoded(v)}" for k, v in fields.items()).encode()
)
JSON_BODIES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | HOSTILE_TEXT,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(FIELDS), inner, max_size=3)
    ),
    max_leaves=8,
).map(lambda value: json.dumps(value, allow_nan=True).encode())
BODIES = st.one_of(st.just(b""), st.binary(max_size=300), FORM_BODIES, JSON_BODIES)
HEADERS = st.dictionaries(
    st.sampled_from(HEADER_NAMES),
    st.one_of(LATIN1_LINE, st.sampled_from(CONTENT_TYPES), st.just("Bearer sp_x")),
    max_size=4,
)


@pytest.fixture(params=[name for name in configured_backends() if name != "mysql"])
def backend(backends, request):
    """SQLite and PostgreSQL (MariaDB's share of these failures is covered
    by the IN-10 cases, and the machine's time by this limit)."""
    return backends[request.param]


def is_exception(context) -> bool:
    """An exception view (Pyramid registers its default one for an
    interface): answers errors, not addresses."""
    if IInterface.providedBy(context):
        return True
    return isinstance(context, type) and issubclass(context, BaseException)


def view_targets(registry) -> list[tuple[str, list[str]]]:
    """(example path, methods) for every registered view."""
    targets: dict[str, set[str]] = {}
    for item in registry.introspector.get_category("views"):
        view = item["introspectable"]
        context = view["context"]
        if view["exception_only"] or is_exception(context):
            continue
        if view["route_name"] is not None:
            assert view["route_name"] in ROUTE_PATHS, view["route_name"]
            path = ROUTE_PATHS[view["route_name"]]
        else:
            assert view["context"] in EXAMPLE_PATHS, view["context"]
            base = EXAMPLE_PATHS[view["context"]]
            path = f"{base.rstrip('/')}/{view['name']}" if view["name"] else base
        methods = view["request_methods"] or ANSWERED_METHODS
        targets.setdefault(path, set()).update(
            [methods] if isinstance(methods, str) else methods
        )
    return [(path, sorted(methods)) for path, methods in sorted(targets.items())]


@pytest.fixture
def people(app, make_user, make_token, dbsession, tm):
    alice_id = make_user("alice", ALICE_PASSWORD)
    set_user(dbsession, tm, alice_id, is_admin=True)  # every view is open to her
    comment_id = add_comment(dbsession, tm, "alice's words", alice_id)
    bob_id = make_user("bob", "bob-password")
    browser = client(app)
    browser.login("alice", ALICE_PASSWORD)
    csrf_token = browser.get_csrf_token("/")
    cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    return {
        "id": str(comment_id),
        "bob": str(bob_id),
        "csrf": csrf_token,
        "who": {
            "anonymous": {},
            "cookie": {"Cookie": cookie, "X-CSRF-Token": csrf_token},
            "token": {"Authorization": f"Bearer {make_token('alice')}"},
            "read-only": {
                "Authorization": f"Bearer {make_token('alice', read_only=True)}"
            },
        },
    }


def check(app, caplog, request: Request) -> None:
    caplog.clear()
    response = request.get_response(app)  # the environ as any server sends it
    environ = request.environ
    where = f"{request.method} {environ['PATH_INFO']!r} {environ['QUERY_STRING']!r}"
    assert response.status_int < 500, (where, response.status, response.text[:300])
    assert b"Traceback" not in response.body, where
    for name, value in response.headerlist:
        assert "\r" not in value and "\n" not in value, (where, name)
        value.encode("latin-1")  # what a WSGI server can write
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, (where, errors[0].getMessage())


def fuzzer(app, people, caplog, path: str, methods: list[str]):
    """A Hypothesis test of hostile requests to the view at ``path``."""

    @PROFILE
    @given(
        method=st.sampled_from(methods) | st.sampled_from(OTHER_METHODS),
        who=st.sampled_from(sorted(people["who"])),
        extra=st.lists(SEGMENTS, max_size=2),
        query=QUERIES,
        headers=HEADERS,
        content_type=st.sampled_from(CONTENT_TYPES),
        body=BODIES,
        with_token=st.booleans(),
    )
    def fuzz(method, who, extra, query, headers, content_type, body, with_token):
        address = path.replace("{id}", people["id"]).replace("{user}", people["bob"])
        address = address.replace("{token}", "x" * 43)
        if extra:
            address = address.rstrip("/") + "/" + "/".join(extra)
        if with_token:
            body = body + f"&csrf_token={people['csrf']}".encode()
        request = Request.blank(address + (f"?{query}" if query else ""))
        request.method = method
        request.headers.update(people["who"][who])
        request.headers["Content-Type"] = content_type
        request.headers.update(headers)
        request.body = body
        check(app, caplog, request)

    return fuzz


def test_no_hostile_request_gets_a_5xx(app, people, caplog):
    caplog.set_level(logging.INFO)
    targets = view_targets(app.registry)
    assert len(targets) >= 15
    for path, methods in targets:
        fuzzer(app, people, caplog, path, methods)()
