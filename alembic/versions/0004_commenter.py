"""Who posted each comment; and no two users may share a name.

The tutorial left ``username`` and ``password_hash`` nullable and not
unique. Scratchpad makes both required and the name unique, so a name
always means one person.

The tutorial's last stage already has ``comments.commenter_id``, usually
with an unnamed foreign key (``comments_ibfk_1`` on MySQL,
``comments_commenter_id_fkey`` on PostgreSQL, nameless on SQLite).
Adoption stamps such a database "0003", so this revision looks before it
adds: it keeps the column and its values and swaps that key for our named
one. The same look-first makes it safe to run again after MySQL, whose DDL
is not transactional, stopped it half-way.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FK_NAME = "fk_comments_commenter_id_users"
UQ_NAME = "uq_users_username"


def _comments_table() -> sa.Table:
    """The comments table as adopted, without any foreign key: what SQLite's
    batch mode rebuilds from when the tutorial's key has no name to drop."""
    return sa.Table(
        "comments",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("content", sa.String(length=4096), nullable=True),
        sa.Column("posted", sa.DateTime(), nullable=True),
        sa.Column("commenter_id", sa.Integer(), nullable=True),
    )


def _upgrade_comments(inspector: sa.Inspector, dialect: str) -> None:
    columns = {column["name"] for column in inspector.get_columns("comments")}
    if "commenter_id" not in columns:
        with op.batch_alter_table("comments") as batch:
            batch.add_column(sa.Column("commenter_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(FK_NAME, "users", ["commenter_id"], ["id"])
        return
    keys = [
        key
        for key in inspector.get_foreign_keys("comments")
        if key["constrained_columns"] == ["commenter_id"]
    ]
    if any(key["name"] == FK_NAME for key in keys):
        return
    if dialect == "sqlite":
        with op.batch_alter_table(
            "comments", copy_from=_comments_table(), recreate="always"
        ) as batch:
            batch.create_foreign_key(FK_NAME, "users", ["commenter_id"], ["id"])
        return
    for key in keys:
        op.drop_constraint(key["name"], "comments", type_="foreignkey")
    op.create_foreign_key(FK_NAME, "comments", "users", ["commenter_id"], ["id"])


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    _upgrade_comments(inspector, bind.dialect.name)
    unique = {uq["name"] for uq in inspector.get_unique_constraints("users")}
    with op.batch_alter_table("users") as batch:
        batch.alter_column("username", existing_type=sa.String(128), nullable=False)
        batch.alter_column(
            "password_hash", existing_type=sa.String(128), nullable=False
        )
        if UQ_NAME not in unique:
            batch.create_unique_constraint(UQ_NAME, ["username"])


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(UQ_NAME, type_="unique")
        batch.alter_column("password_hash", existing_type=sa.String(128), nullable=True)
        batch.alter_column("username", existing_type=sa.String(128), nullable=True)
    with op.batch_alter_table("comments") as batch:
        batch.drop_constraint(FK_NAME, type_="foreignkey")
        batch.drop_column("commenter_id")
