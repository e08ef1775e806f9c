"""``initialize_db CONFIG_URI``: bring the database to the newest schema and
make sure there is someone who can log in.

The database may be empty, a Scratchpad database, or one the Flask tutorial
left behind (any of its four stages): :mod:`scratchpad.scripts.adoption` tells them
apart by inspection and refuses anything else untouched, and
:mod:`.schema` migrates in one transaction. Running it twice changes
nothing. The first admin's password comes from ``SCRATCHPAD_ADMIN_PASSWORD``
when set, otherwise a random one is printed once: it works for one login,
which can only choose a new password, and expires unused after 24 hours
(:mod:`scratchpad.accounts.one_time`).
"""

from __future__ import annotations

import argparse
import os
import secrets

from alembic import command
from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from scratchpad.accounts.one_time import LIFETIME
from scratchpad.accounts.passwords import (
    PasswordRejected,
    check_new_password,
    hash_password,
)
from scratchpad.accounts.usernames import UsernameRejected, normalize_username
from scratchpad.models import User, utcnow
from scratchpad.scripts import (
    EXIT_OK,
    EXIT_USAGE,
    ScriptError,
    database_problem,
    db_session,
    fail,
    get_script_engine,
    load_config,
)
from scratchpad.scripts.adoption import AdoptionRefused
from scratchpad.scripts.schema import alembic_config, migrate, migration_engine
from scratchpad.scripts.user_changes import find_user

ADMIN_PASSWORD_ENV = "SCRATCHPAD_ADMIN_PASSWORD"  # noqa: S105 - a variable name


def upgrade(config_uri: str, connection: Connection) -> None:
    """Plain ``alembic upgrade head`` on ``connection``, without adoption."""
    command.upgrade(alembic_config(config_uri, connection), "head")


def make_first_admin(
    engine: Engine, username: str, rounds: int, chosen: bool, config_uri: str
) -> int:
    """Create an admin unless there are users already; say what happened.

    With users there already (an adopted tutorial database), ``--admin-user
    NAME`` makes that existing user an admin instead.
    """
    with db_session(engine) as dbsession:
        if dbsession.scalar(select(func.count()).select_from(User)):
            return existing_admin(dbsession, username if chosen else None, config_uri)
        given = os.environ.get(ADMIN_PASSWORD_ENV)
        generated = not given
        password = given or secrets.token_urlsafe(15)
        check_new_password(password)
        dbsession.add(
            User(
                username=username,
                password_hash=hash_password(password, rounds),
                is_admin=True,
                must_change_password=generated,  # single-use password
                one_time_password_expires=utcnow() + LIFETIME if generated else None,
            )
        )
    if generated:
        print(f"admin: created {username!r} with password {password}")
        print(
            "       (it works for one login, which must choose a new password, "
            "and expires unused in 24 hours)"
        )
    else:
        print(
            f"admin: created {username!r} with the password from {ADMIN_PASSWORD_ENV}"
        )
    return EXIT_OK


def existing_admin(dbsession: Session, username: str | None, config_uri: str) -> int:
    if username is not None:
        try:
            user = find_user(dbsession, username)
        except ScriptError as error:
            raise ScriptError(
                f"--admin-user: {error}; the schema is up to date, no admin made"
            ) from None
        done = "is already" if user.is_admin else "is now"
        user.is_admin = True
        print(f"admin: {user.username!r} {done} an admin")
    elif dbsession.scalar(select(User.id).where(User.is_admin).limit(1)) is None:
        print(
            "users: present, none created; none of them is an admin: make one "
            f"with initialize_db {config_uri} --admin-user NAME"
        )
    else:
        print("users: present, none created")
    return EXIT_OK


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="initialize_db",
        description="Create or upgrade the database and make the first admin.",
    )
    parser.add_argument("config_uri", help="the ini file, e.g. development.ini")
    parser.add_argument(
        "--admin-user",
        help="name of the first admin (default: admin), or an existing user "
        "of an adopted database to make an admin",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    chosen = args.admin_user is not None
    try:
        args.admin_user = normalize_username(args.admin_user or "admin")
    except UsernameRejected as error:
        return fail(f"--admin-user: {error}", EXIT_USAGE)
    url = ""
    try:
        # Checked before anything is changed, so a weak one changes nothing.
        check_new_password(os.environ.get(ADMIN_PASSWORD_ENV) or "x" * 16)
        merged, settings = load_config(args.config_uri)
        url = settings.database_url
        schema_engine = migration_engine(merged)
        try:
            finding = migrate(args.config_uri, schema_engine)
        finally:
            schema_engine.dispose()
        if finding.kind == "tutorial" and finding.revision in ("0003", "0004"):
            print(
                "passwords: adopted users whose password breaks this site's rules "
                "(under 8 characters, or common) must choose a new one at their "
                "next login"
            )
        engine = get_script_engine(merged)
        try:
            return make_first_admin(
                engine, args.admin_user, settings.bcrypt_rounds, chosen, args.config_uri
            )
        finally:
            engine.dispose()
    except ScriptError as error:
        return fail(str(error))
    except AdoptionRefused as error:
        return fail(f"cannot adopt this database, left unchanged: {error}")
    except PasswordRejected as error:
        return fail(f"{ADMIN_PASSWORD_ENV}: {error}")
    except SQLAlchemyError as error:
        return fail(database_problem(url, error))
