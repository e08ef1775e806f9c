"""Jinja2 set-up: strict, autoescaped templates and the site's filters."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pyramid.interfaces import IRendererFactory
from pyramid_jinja2 import Jinja2TemplateRenderer

from scratchpad.settings import get_settings
from scratchpad.web.caching import add_static_files


def format_datetime(value: datetime, date_format: str) -> str:
    """``value`` in UTC, in the configured format (``scratchpad.date_format``),
    with the zone stated: " UTC" is added unless the format names it (``%Z``
    or ``%z``). ``static/js/localtime.js`` fills the same format in with the
    reader's own zone (the layout gives it the format)."""
    text = value.astimezone(UTC).strftime(date_format)
    return text if "%Z" in date_format or "%z" in date_format else text + " UTC"


def flash_messages(request: Any) -> list[str]:
    """Pop the session's flash messages, without creating a session.

    A visitor with no session cookie has no messages; looking would set a
    cookie on every anonymous page and make it uncacheable. An empty queue
    is only looked at: popping it would change the session, and send its
    cookie again with every page.
    """
    cookie_name = get_settings(request.registry).session_cookie_name
    if cookie_name not in request.cookies or not request.session.peek_flash():
        return []
    messages: list[str] = request.session.pop_flash()
    return messages


class SearchPathRenderers:
    """Renderers that look a template name up on the search path only.

    pyramid_jinja2's own factory first tries the name relative to the
    calling package (``scratchpad.views:front.jinja2``), and Jinja does
    not remember a miss: every render paid a failed lookup on disk and an
    exception. The site's templates all live on the search path
    (``scratchpad:templates``), which is where a name is looked up anyway.
    """

    def __init__(self, environment: Any) -> None:
        self.environment = environment

    def __call__(self, info: Any) -> Jinja2TemplateRenderer:
        name, environment = info.name, self.environment
        return Jinja2TemplateRenderer(lambda: environment.get_template(name))


def includeme(config: Any) -> None:
    settings = config.get_settings()
    settings.setdefault("jinja2.undefined", "strict")
    settings.setdefault("jinja2.autoescape", "true")
    settings.setdefault("jinja2.trim_blocks", "true")
    settings.setdefault("jinja2.lstrip_blocks", "true")
    config.include("pyramid_jinja2")
    config.add_jinja2_renderer(".jinja2")
    config.add_jinja2_search_path("scratchpad:templates", name=".jinja2")
    date_format = get_settings(config.registry).date_format

    def setup_environment() -> None:
        env = config.get_jinja2_environment()
        # ``| datetime`` in the site's format; ``| datetime(fmt)`` for a page
        # that needs another (its <time> then says so in data-format).
        env.filters["datetime"] = lambda value, fmt=None: format_datetime(
            value, fmt or date_format
        )
        # Whole seconds: HTML's datetime syntax allows at most three decimals.
        env.filters["isotime"] = lambda value: value.astimezone(UTC).isoformat(
            timespec="seconds"
        )
        config.registry.registerUtility(
            SearchPathRenderers(env), IRendererFactory, name=".jinja2"
        )

    config.action(None, setup_environment, order=999)
    config.add_request_method(flash_messages, "flash_messages")
    # Content-hashed static URLs, kept for a year (see scratchpad.web.caching).
    add_static_files(config)
