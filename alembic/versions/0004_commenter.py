"""Who posted each comment; and no two users may share a name.

The tutorial left ``username`` and ``password_hash`` nullable and not
unique. Scratchpad makes both required and the name unique, so a name
always means one person.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("commenter_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_comments_commenter_id_users", "users", ["commenter_id"], ["id"]
        )
    with op.batch_alter_table("users") as batch:
        batch.alter_column("username", existing_type=sa.String(128), nullable=False)
        batch.alter_column(
            "password_hash", existing_type=sa.String(128), nullable=False
        )
        batch.create_unique_constraint("uq_users_username", ["username"])


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("uq_users_username", type_="unique")
        batch.alter_column("password_hash", existing_type=sa.String(128), nullable=True)
        batch.alter_column("username", existing_type=sa.String(128), nullable=True)
    with op.batch_alter_table("comments") as batch:
        batch.drop_constraint("fk_comments_commenter_id_users", type_="foreignkey")
        batch.drop_column("commenter_id")
