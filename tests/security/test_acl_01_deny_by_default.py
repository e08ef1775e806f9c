"""ACL-01: deny by default; every view names its permission."""

from __future__ import annotations

from pyramid.config import Configurator
from pyramid.response import Response
from pyramid.security import NO_PERMISSION_REQUIRED

from scratchpad.resources import Root
from scratchpad.security.permissions import Permission
from tests.support.client import client

# The views meant for everyone, by (context, name, method). Anything else
# that uses Permission.VIEW must be added here on purpose.
PUBLIC = {
    ("Root", "", ("GET",)),
    ("Root", "login", ("GET",)),
    ("Root", "login", ("POST",)),
    ("Root", "logout", ("GET",)),
    ("Root", "logout", ("POST",)),
    ("Comments", "", ("GET",)),
    ("CommentResource", "", ("GET",)),
    # The feed and the JSON API's reads; the API's method-less views only
    # ever answer 405.
    ("Root", "feed.atom", ("GET",)),
    ("ApiComments", "", ("GET",)),
    ("ApiComments", "", ()),
    ("ApiCommentResource", "", ("GET",)),
    ("ApiCommentResource", "", ()),
    ("Api", "openapi.json", ("GET",)),
    ("Api", "openapi.json", ()),
    # Health checks for load balancers (views/health.py).
    ("Root", "healthz", ("GET",)),
    ("Root", "readyz", ("GET",)),
    # A user's public page of comments (views/users.py).
    ("UserResource", "", ("GET",)),
    # Joining and recovering an account: everyone sees the page, and the
    # view asks the resource for join / reset-password / request-reset /
    # verify-email before changing anything (views/join.py, password_reset.py,
    # forgot.py, account_email.py).
    *(
        (context, "", (method,))
        for context in (
            "InvitationResource",
            "SignUp",
            "ResetResource",
            "Forgot",
            "EmailCheckResource",
        )
        for method in ("GET", "POST")
    ),
}


def _is_exception_view(intr) -> bool:
    """Views that only ever render an error (Pyramid reaches them with no
    permission check, so they must show nothing but a generic page)."""
    context = intr["context"]
    if intr["exception_only"]:
        return True
    if isinstance(context, type):
        return issubclass(context, BaseException)
    # Pyramid's own default view for exception responses (an interface).
    return context is not None


def test_acl_01_every_view_declares_a_permission(app):
    introspector = app.registry.introspector
    checked = set()
    for entry in introspector.get_category("views"):
        intr = entry["introspectable"]
        if _is_exception_view(intr):
            continue
        permissions = [
            related["value"]
            for related in entry["related"]
            if related.category_name == "permissions"
        ]
        key = (getattr(intr["context"], "__name__", None), intr["name"])
        if str(intr["route_name"]).startswith("__static"):
            assert permissions == [NO_PERMISSION_REQUIRED]
            continue
        assert len(permissions) == 1, f"{key} has no permission"
        assert permissions[0] in set(Permission), key
        methods = intr["request_methods"] or ()
        methods = (methods,) if isinstance(methods, str) else tuple(methods)
        if permissions[0] == Permission.VIEW:
            assert (*key, methods) in PUBLIC, f"{key} {methods} is public by mistake"
        checked.add(key)
    # The walk really saw the site's views.
    assert ("CommentResource", "edit") in checked
    assert ("Comments", "") in checked


def test_acl_01_a_view_added_without_permission_is_refused(app, make_user):
    config = Configurator(registry=app.registry)
    config.add_view(
        lambda context, request: Response("secret"), context=Root, name="new"
    )
    config.commit()
    response = client(app).get("/new", status=303)
    assert "/login/?came_from=%2Fnew" in response.headers["Location"]
    make_user("alice", "alice-password")
    page = client(app, "alice").get("/new", status=403)
    assert "secret" not in page.text
