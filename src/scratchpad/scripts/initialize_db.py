"""``initialize_db CONFIG_URI``: bring the database to the newest schema and
make sure there is someone who can log in.

Running it twice changes nothing. The first admin's password comes from
``SCRATCHPAD_ADMIN_PASSWORD`` when set, otherwise a random one is printed
once.
"""

from __future__ import annotations

import argparse
import os
import secrets

from alembic import command
from alembic.config import Config
from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from ..models import User
from ..passwords import PasswordRejected, check_new_password, hash_password
from . import EXIT_OK, ScriptError, db_session, fail, get_engine, ini_path, load_config

ADMIN_PASSWORD_ENV = "SCRATCHPAD_ADMIN_PASSWORD"  # noqa: S105 - a variable name


def alembic_config(config_uri: str, connection: Connection | None = None) -> Config:
    """Alembic's config for the ini file, optionally on an open connection."""
    config = Config(ini_path(config_uri))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(config_uri: str, connection: Connection) -> None:
    command.upgrade(alembic_config(config_uri, connection), "head")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="initialize_db",
        description="Create or upgrade the database and make the first admin.",
    )
    parser.add_argument("config_uri", help="the ini file, e.g. development.ini")
    parser.add_argument("--admin-user", default="admin", help="name of the first admin")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        merged, settings = load_config(args.config_uri)
        engine = get_engine(merged)
        with engine.begin() as connection:
            upgrade(args.config_uri, connection)
        print("schema: at the newest revision")
        with db_session(engine) as dbsession:
            if dbsession.scalar(select(func.count()).select_from(User)):
                print("users: present, none created")
                return EXIT_OK
            password = os.environ.get(ADMIN_PASSWORD_ENV)
            generated = not password
            if generated:
                password = secrets.token_urlsafe(15)
            check_new_password(password)
            dbsession.add(
                User(
                    username=args.admin_user,
                    password_hash=hash_password(password, settings.bcrypt_rounds),
                    is_admin=True,
                    must_change_password=generated,  # single-use password
                )
            )
        if generated:
            print(f"admin: created {args.admin_user!r} with password {password}")
            print("       (shown only once; change it after logging in)")
        else:
            print(
                f"admin: created {args.admin_user!r} with the password from "
                f"{ADMIN_PASSWORD_ENV}"
            )
        return EXIT_OK
    except ScriptError as error:
        return fail(str(error))
    except PasswordRejected as error:
        return fail(f"{ADMIN_PASSWORD_ENV}: {error}")
    except SQLAlchemyError as error:
        detail = str(getattr(error, "orig", None) or error).splitlines()[0]
        return fail(f"database: {detail}")
