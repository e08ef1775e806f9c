"""Alembic's environment: the database URL comes from the app's settings.

``alembic -c development.ini upgrade head`` reads ``[app:main]`` of the same
ini file through :func:`scratchpad.settings.load_settings`, so the
``SCRATCHPAD_DATABASE_URL`` override applies here exactly as in the app.
Code that already holds a connection (``initialize_db``, the tests) passes
it as ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context
from pyramid.paster import get_appsettings, setup_logging

from scratchpad.models import get_script_engine, metadata
from scratchpad.settings import load_settings

config = context.config


def run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    setup_logging(config.config_file_name)
    merged, _ = load_settings(get_appsettings(config.config_file_name))
    engine = get_script_engine(merged)
    with engine.connect() as connection:
        run_with(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported")
run_migrations_online()
