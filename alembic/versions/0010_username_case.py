"""Usernames are unique regardless of case.

``manage_users`` refuses "Alice" when "alice" exists; this index makes the
database refuse it too, so two adds racing each other cannot both win.
PostgreSQL and SQLite get a unique index on ``lower(username)`` (SQLite's
``lower`` folds ASCII only; the application's check covers the rest).
MySQL and MariaDB need nothing: their default collations already compare
case-insensitively, so ``uq_users_username`` does the job there.

Revision ID: 0010
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEX = "uq_users_username_lower"


def upgrade() -> None:
    if op.get_bind().dialect.name in ("postgresql", "sqlite"):
        op.create_index(INDEX, "users", [sa.text("lower(username)")], unique=True)


def downgrade() -> None:
    if op.get_bind().dialect.name in ("postgresql", "sqlite"):
        op.drop_index(INDEX, table_name="users")
