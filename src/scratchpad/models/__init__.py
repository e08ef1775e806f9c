"""The database: engine, sessions and the one-transaction-per-request wiring.

Every request gets ``request.dbsession``, a SQLAlchemy session joined to the
request's transaction by zope.sqlalchemy. pyramid_tm commits it when the
view returns a 2xx/3xx response and aborts it on an exception or a 4xx/5xx
response; application code never calls ``commit()``.

A server sizes the app's pool to its threads before it serves
(:func:`pool_per_thread`): one connection per thread and one spare, no
overflow, unless the ini sets ``sqlalchemy.pool_size``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import engine_from_config, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, configure_mappers, sessionmaker
from sqlalchemy.pool import NullPool, QueuePool

from scratchpad.models import joining, pool_log
from scratchpad.models.api_token import ApiToken
from scratchpad.models.attempt import Attempt
from scratchpad.models.audit_event import AuditEvent
from scratchpad.models.bounds import Bounds, apply_bounds, connect_args
from scratchpad.models.comment import Comment
from scratchpad.models.comment_changes import CommentChanges, note_comments_changed
from scratchpad.models.invitation import Invitation
from scratchpad.models.login import Login
from scratchpad.models.login_failure import LoginFailure
from scratchpad.models.meta import MAX_ID, Base, metadata, parse_id, utcnow
from scratchpad.models.password_reset import EmailCheck, PasswordReset
from scratchpad.models.report import Report
from scratchpad.models.user import User

__all__ = [
    "MAX_ID",
    "ApiToken",
    "Attempt",
    "AuditEvent",
    "Base",
    "Bounds",
    "Comment",
    "CommentChanges",
    "EmailCheck",
    "Invitation",
    "Login",
    "LoginFailure",
    "PasswordReset",
    "Report",
    "User",
    "get_engine",
    "get_script_engine",
    "get_session_factory",
    "get_tm_session",
    "metadata",
    "note_comments_changed",
    "parse_id",
    "pool_capacity",
    "pool_per_thread",
    "utcnow",
]

configure_mappers()

# SQLite's busy timeout without bounds (console scripts, migrations).
SQLITE_BUSY_TIMEOUT_MS = 5000

# Settings only a QueuePool understands: production.ini sets them for the
# app's pool, and any other pool (NullPool for migrations and scripts,
# SQLite's in-memory pool) refuses them with a TypeError.
QUEUE_POOL_SETTINGS = ("pool_size", "max_overflow", "pool_timeout", "pool_use_lifo")


def _prepare_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL, a busy timeout and enforced foreign keys for SQLite.

    WAL lets readers and one writer work at once; the busy timeout makes a
    writer wait for the lock instead of failing at once with "database is
    locked" (which :mod:`scratchpad.web.reliability` then retries).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()


def get_engine(
    settings: dict[str, Any],
    prefix: str = "sqlalchemy.",
    bounds: Bounds | None = None,
    **overrides: Any,
) -> Engine:
    """An engine from ini settings; connections are checked before use.

    With ``bounds`` (the app's engine), every wait on the database is
    bounded (see :mod:`scratchpad.models.bounds`); scripts and migrations
    run without them, since a long import or migration is expected.

    Pool sizes apply only to a pooled engine: with ``poolclass=NullPool``
    (what migrations and console scripts use, see :func:`get_script_engine`)
    they are left out, so every ini file works for every script.

    MySQL/MariaDB run at READ COMMITTED, as PostgreSQL does by default:
    REPEATABLE READ's gap locks turn concurrent posts into deadlocks, and
    its snapshots would hide a post committed while a request waited for a
    lock (flood control relies on seeing it).
    """
    settings = dict(settings)
    settings.setdefault(prefix + "pool_pre_ping", "true")
    url = make_url(str(settings.get(prefix + "url", "")))
    pooled = _queue_pooled(url.get_backend_name(), url.database, overrides)
    if not pooled:
        for name in QUEUE_POOL_SETTINGS:
            settings.pop(prefix + name, None)
    if url.get_backend_name() == "mysql" and prefix + "isolation_level" not in settings:
        overrides.setdefault("isolation_level", "READ COMMITTED")
    if bounds is not None:
        args = connect_args(url.get_backend_name(), bounds)
        overrides["connect_args"] = {**args, **overrides.get("connect_args", {})}
        if pooled and prefix + "pool_timeout" not in settings:
            overrides.setdefault("pool_timeout", bounds.connect)
    engine = engine_from_config(settings, prefix, **overrides)
    if engine.dialect.name == "sqlite":
        busy = SQLITE_BUSY_TIMEOUT_MS if bounds is None else bounds.lock * 1000
        _prepare_sqlite(engine, busy)
    elif bounds is not None:
        apply_bounds(engine, bounds)
    return engine


def get_script_engine(settings: dict[str, Any]) -> Engine:
    """An engine without a pool, for migrations and one-off scripts."""
    return get_engine(settings, poolclass=NullPool)


def _queue_pooled(
    backend: str, database: str | None, overrides: dict[str, Any]
) -> bool:
    poolclass = overrides.get("poolclass")
    if poolclass is not None:
        return isinstance(poolclass, type) and issubclass(poolclass, QueuePool)
    # SQLAlchemy gives an in-memory SQLite database a SingletonThreadPool.
    return not (backend == "sqlite" and database in (None, "", ":memory:"))


def pool_per_thread(registry: Any, threads: int) -> int | None:
    """Give the app's engine one pooled connection per server thread, and
    one spare.

    The server calls this before it serves (and forks): unless the ini sets
    ``sqlalchemy.pool_size``, the engine is made again with a pool of
    ``threads + 1`` connections and no overflow. A request reads on one
    connection, but a password check counts its attempt on a short
    connection of its own (:mod:`scratchpad.security.throttle`, committed
    before bcrypt runs) while the request's transaction holds the first,
    and ``/readyz`` runs on a thread of its own: with one spare, every
    thread busy with such a request still gets its second connection in
    turn instead of all of them waiting for the pool timeout. Returns the
    connections a process may hold (None: no limit, an unpooled engine).
    """
    settings = registry.settings
    if "sqlalchemy.pool_size" not in settings:
        sized = {**settings, "sqlalchemy.pool_size": threads + 1}
        sized["sqlalchemy.max_overflow"] = 0
        engine = get_engine(sized, bounds=registry["dbbounds"])
        registry["dbengine"].dispose()
        registry["dbengine"] = engine
        registry["dbsession_factory"].configure(bind=engine)
    return pool_capacity(registry["dbengine"])


def pool_capacity(engine: Engine) -> int | None:
    """How many connections ``engine``'s pool may hold at once."""
    pool = engine.pool
    if not isinstance(pool, QueuePool):
        return None
    return pool.size() + max(0, getattr(pool, "_max_overflow", 0))


def get_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that join the transaction manager named when they are made
    (:func:`get_tm_session`; see :mod:`scratchpad.models.joining`)."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    joining.register_once(factory)
    return factory


def get_tm_session(
    session_factory: sessionmaker[Session],
    transaction_manager: Any,
    request: Any = None,
) -> Session:
    """A session joined to ``transaction_manager`` (pyramid_tm's or a script's)."""
    info = {"request": request, joining.MANAGER: transaction_manager}
    return session_factory(info=info)


def includeme(config: Any) -> None:
    """Wire the database into the application: engine, tm, retry, dbsession."""
    settings = config.get_settings()
    # Abort the transaction for any 4xx/5xx response a view *returns*, not
    # only for exceptions: a refused form must never be half-stored.
    settings["tm.commit_veto"] = "pyramid_tm.default_commit_veto"
    settings["tm.manager_hook"] = "pyramid_tm.explicit_manager"
    settings.setdefault("retry.attempts", "3")
    config.include("pyramid_tm")
    config.include("pyramid_retry")

    bounds = Bounds.from_settings(config.registry.scratchpad_settings)
    engine = get_engine(settings, bounds=bounds)
    pool_log.install()  # a dead connection's failed reset: one log line
    session_factory = get_session_factory(engine)
    config.registry["dbbounds"] = bounds
    config.registry["dbengine"] = engine
    config.registry["dbsession_factory"] = session_factory

    def dbsession(request: Any) -> Session:
        return get_tm_session(session_factory, request.tm, request=request)

    config.add_request_method(dbsession, reify=True)
