"""Admins, disabled accounts, and room for any password hash.

``is_admin`` puts a user in ``group:admins``, a principal that ACLs can
name. ``disabled`` stops a user logging in while keeping their comments
under their name. ``password_hash`` grows from the tutorial's 128
characters: werkzeug 3's scrypt hashes are 162 characters long.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column(
                "is_admin", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(
            sa.Column(
                "disabled", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.alter_column(
            "password_hash",
            existing_type=sa.String(128),
            type_=sa.String(255),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.alter_column(
            "password_hash",
            existing_type=sa.String(255),
            type_=sa.String(128),
            existing_nullable=False,
        )
        batch.drop_column("disabled")
        batch.drop_column("is_admin")
