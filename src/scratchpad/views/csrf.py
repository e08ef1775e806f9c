"""What a refused CSRF check looks like to the person who sent the form.

A missing or stale token (an expired session, a form left open for days,
a browser restarted in between) is usually an honest user, so nothing they
typed is lost: the comment form comes back, status 400, with their text and
"your page expired, please send again", and a fresh token. Nothing was
stored (the 400 aborts the transaction).

A request refused because it came from another site (Origin, Referer or
``Sec-Fetch-Site``) is a forgery or a misconfiguration: its text is not put
back into a form, since that would let another site fill in the visitor's
comment box. It gets the plain 400 page.
"""

from __future__ import annotations

from typing import Any

from pyramid.exceptions import BadCSRFToken
from pyramid.renderers import render_to_response
from pyramid.view import exception_view_config

from scratchpad.comments.validation import normalize_newlines
from scratchpad.resources import Comments
from scratchpad.views.comments import front_page
from scratchpad.views.errors import error_page
from scratchpad.web.caching import never_store

EXPIRED = "Your page expired, please send again."


@exception_view_config(BadCSRFToken)
def expired_form(exc: BadCSRFToken, request: Any) -> Any:
    context = getattr(request, "context", None)
    text = request.POST.get("contents") if request.method == "POST" else None
    if isinstance(context, Comments) and isinstance(text, str):
        text = normalize_newlines(text)
        response = render_to_response(
            "front.jinja2", front_page(request, error=EXPIRED, text=text), request
        )
    else:
        value = error_page(request, 400, f"{EXPIRED} Go back, reload and try again.")
        response = render_to_response("errors/error.jinja2", value, request)
    response.status = 400
    never_store(response)
    return response
