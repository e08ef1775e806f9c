"""The one place where settings are read, typed, validated and overridden.

Settings come from the ``[app:main]`` section of an ini file. Every setting
named ``scratchpad.<name>`` can be overridden by the environment variable
``SCRATCHPAD_<NAME>`` (upper case); the database URL, ``sqlalchemy.url``, by
``SCRATCHPAD_DATABASE_URL``. Environment variables win over the file, so a
production ini file never has to hold a secret.

``main()``, ``alembic/env.py`` and the console scripts all go through
:func:`load_settings`, so they can never disagree about the configuration.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import MISSING, Field, dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit

from pyramid.settings import asbool

PREFIX = "scratchpad."
ENV_PREFIX = "SCRATCHPAD_"
DATABASE_URL_ENV = "SCRATCHPAD_DATABASE_URL"
DEFAULT_DATE_FORMAT = "%A, %d %B %Y at %H:%M"
MIN_BCRYPT_ROUNDS = 10
REGISTRATIONS = ("invite", "open", "closed")


class SettingsError(ValueError):
    """A setting is missing or unusable; the message says which and why."""


def at_least(minimum: int) -> dict[str, int]:
    """Field metadata: the smallest value :func:`parse_settings` accepts."""
    return {"minimum": minimum}


def one_of(*choices: str) -> dict[str, tuple[str, ...]]:
    """Field metadata: the words a text setting may be."""
    return {"choices": choices}


@dataclass(frozen=True)
class Settings:
    """The typed application settings (see README "Settings" for each one).

    Each field's default here is the one default of its setting:
    :func:`parse_settings` reads them from these fields.
    """

    database_url: str
    secret: str
    production: bool = False
    testing: bool = False
    date_format: str = DEFAULT_DATE_FORMAT
    bcrypt_rounds: int = field(default=12, metadata=at_least(4))
    # Secure cookies; when the setting is not given, on exactly in production.
    cookie_secure: bool = False
    session_idle_timeout: int = field(default=14 * 24 * 3600, metadata=at_least(60))
    session_max_age: int = field(default=30 * 24 * 3600, metadata=at_least(60))
    page_size: int = field(default=50, metadata=at_least(1))
    page_cache_bytes: int = 16 * 1024 * 1024  # shared pages kept; 0 = none
    # Authentication (see SECURITY.md "Authentication, sessions and CSRF").
    base_url: str = ""
    login_failures_per_account: int = field(default=5, metadata=at_least(1))
    login_failures_per_address: int = field(default=50, metadata=at_least(1))
    login_throttle_window: int = field(default=15 * 60, metadata=at_least(1))
    # Seconds after posting during which the author may edit; 0 = no limit.
    edit_window: int = 900
    post_limit_per_minute: int = 5  # per user; 0 = no limit
    premoderation: int = 0  # approved comments needed to skip the queue; 0 = off
    # The largest request body, for the site and the API alike.
    max_body_size: int = field(default=64 * 1024, metadata=at_least(1024))
    # Seconds any wait on the database may last (README "Database
    # connections and outages"): to connect, for a statement, for a lock.
    db_connect_timeout: int = field(default=5, metadata=at_least(1))
    db_statement_timeout: int = field(default=5, metadata=at_least(1))
    db_lock_timeout: int = field(default=5, metadata=at_least(1))
    # Who may join (README "Joining"): by invitation, anyone, or nobody.
    registration: str = field(default="invite", metadata=one_of(*REGISTRATIONS))
    invitation_days: int = field(default=7, metadata=at_least(1))
    # Open sign-up's brakes, per hour: per address (IPv6: per /64), in all.
    signups_per_address: int = field(default=3, metadata=at_least(1))
    signups_per_hour: int = field(default=60, metadata=at_least(1))
    # Email (password reset): no SMTP host, no email at all.
    smtp_host: str = ""
    smtp_port: int = field(default=587, metadata=at_least(1))
    smtp_tls: str = field(
        default="starttls", metadata=one_of("starttls", "ssl", "none")
    )
    smtp_user: str = ""
    smtp_password: str = ""  # from SCRATCHPAD_SMTP_PASSWORD, never an ini file
    smtp_sender: str = ""
    # Reset links asked for per hour, per account and per address.
    resets_per_account: int = field(default=3, metadata=at_least(1))
    resets_per_address: int = field(default=10, metadata=at_least(1))

    @property
    def email_enabled(self) -> bool:
        return bool(self.smtp_host)

    @property
    def login_cookie_name(self) -> str:
        # The __Host- prefix makes browsers refuse the cookie unless it is
        # Secure, host-only and for path "/": it cannot be planted by a
        # sibling subdomain.
        return "__Host-scratchpad" if self.cookie_secure else "scratchpad"

    @property
    def session_cookie_name(self) -> str:
        return "__Host-session" if self.cookie_secure else "session"


def apply_environment(
    raw: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Return a copy of ``raw`` with ``SCRATCHPAD_*`` variables applied."""
    environ = os.environ if environ is None else environ
    merged = dict(raw)
    for key, value in environ.items():
        if key == DATABASE_URL_ENV:
            merged["sqlalchemy.url"] = value
        elif key.startswith(ENV_PREFIX):
            merged[PREFIX + key[len(ENV_PREFIX) :].lower()] = value
    return merged


def _int(raw: Mapping[str, Any], name: str, default: int, minimum: int = 0) -> int:
    value = raw.get(PREFIX + name)
    if value in (None, ""):
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        message = f"{PREFIX}{name} must be a whole number, not {value!r}"
        raise SettingsError(message) from None
    if number < minimum:
        raise SettingsError(f"{PREFIX}{name} must be at least {minimum}")
    return number


def _bool(raw: Mapping[str, Any], name: str, default: bool) -> bool:
    value = raw.get(PREFIX + name)
    return default if value in (None, "") else asbool(value)


def _base_url(raw: Mapping[str, Any]) -> str:
    """``scratchpad.base_url``, ``scheme://host[:port]`` or empty (see
    :mod:`scratchpad.web.baseurl`)."""
    value = str(raw.get(PREFIX + "base_url") or "").strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    extras = (parts.path, parts.query, parts.fragment, parts.username, parts.password)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(extras):
        raise SettingsError(
            f"{PREFIX}base_url must look like https://comments.example.org "
            f"(scheme and host only), not {value!r}"
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"


def typed(raw: Mapping[str, Any], setting: Field[Any]) -> Any:
    """The value of ``setting`` in ``raw``, or the field's default."""
    default: Any = setting.default
    if setting.type == "bool":
        return _bool(raw, setting.name, default)
    if setting.type == "int":
        return _int(raw, setting.name, default, setting.metadata.get("minimum", 0))
    value = str(raw.get(PREFIX + setting.name) or default)
    choices = setting.metadata.get("choices")
    if choices and value.strip().lower() not in choices:
        words = ", ".join(choices)
        message = f"{PREFIX}{setting.name} must be one of {words}, not {value!r}"
        raise SettingsError(message)
    return value.strip().lower() if choices else value


def parse_settings(raw: Mapping[str, Any]) -> Settings:
    """Type and validate already-merged raw settings."""
    url = str(raw.get("sqlalchemy.url") or "").strip()
    if not url:
        raise SettingsError(
            f"no database configured: set sqlalchemy.url or {DATABASE_URL_ENV}"
        )
    values = {
        setting.name: typed(raw, setting)
        for setting in fields(Settings)
        if setting.default is not MISSING
    }
    production = values["production"]
    secret = str(raw.get(PREFIX + "secret") or "").strip()
    if not secret:
        if production:
            raise SettingsError(
                "SCRATCHPAD_SECRET is not set: production needs a long random "
                "secret (python3 -c 'import secrets; print(secrets.token_hex(32))')"
            )
        # Development only: a secret per process start. It signs nothing
        # that outlives the process except open forms, which simply expire.
        secret = secrets.token_hex(32)
    elif production and len(secret) < 32:
        raise SettingsError("SCRATCHPAD_SECRET must be at least 32 characters")
    rounds = values["bcrypt_rounds"]
    if rounds < MIN_BCRYPT_ROUNDS and not values["testing"]:
        raise SettingsError(
            f"{PREFIX}bcrypt_rounds must be at least {MIN_BCRYPT_ROUNDS} "
            "(lower values are only allowed in the test suite)"
        )
    if rounds > 31:
        raise SettingsError(f"{PREFIX}bcrypt_rounds must be at most 31")
    if values["smtp_host"] and "@" not in values["smtp_sender"]:
        raise SettingsError(
            f"{PREFIX}smtp_sender must be an address (Scratchpad <comments@"
            f"example.org>) when {PREFIX}smtp_host is set"
        )
    values["cookie_secure"] = _bool(raw, "cookie_secure", production)
    values["base_url"] = _base_url(raw)
    return Settings(database_url=url, secret=secret, **values)


def load_settings(
    raw: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> tuple[dict[str, Any], Settings]:
    """Merge the environment into ``raw`` and parse it.

    Returns the merged dict (what Pyramid and SQLAlchemy read) and the typed
    :class:`Settings` (what Scratchpad reads).
    """
    merged = apply_environment(raw, environ)
    return merged, parse_settings(merged)


def get_settings(registry: Any) -> Settings:
    settings: Settings = registry.scratchpad_settings  # set by main()
    return settings
