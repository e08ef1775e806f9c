"""Usernames are unique regardless of case.

``manage_users`` refuses "Alice" when "alice" exists; this index makes the
database refuse it too, so two adds racing each other cannot both win.
PostgreSQL gets a unique index on ``lower(username)``. MySQL and MariaDB
need nothing: their default collations already compare case-insensitively,
so ``uq_users_username`` does the job there. SQLite gets nothing either:
batch mode rebuilds tables from reflection, which skips expression indexes,
so any later ``batch_alter_table("users")`` would silently drop it; on
SQLite the rule rests on the application's check (exact duplicates are
still stopped by ``uq_users_username``).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEX = "uq_users_username_lower"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(INDEX, "users", [sa.text("lower(username)")], unique=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index(INDEX, table_name="users")
