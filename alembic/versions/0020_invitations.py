"""Invitations to join: one-time links, stored as digests.

Each row is one invitation: the SHA-256 of its token (never the token),
when it was made and expires, whether the new user will be an admin, who
invited and who joined with it (NULL once that user is deleted), and when
it was used or revoked.

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def _user_reference(column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        ["users.id"],
        name=f"fk_invitations_{column}_users",
        ondelete="SET NULL",
    )


def upgrade() -> None:
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("expires", sa.DateTime(), nullable=False),
        sa.Column("admin", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("used", sa.DateTime(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("revoked", sa.DateTime(), nullable=True),
        _user_reference("invited_by_id"),
        _user_reference("user_id"),
        sa.PrimaryKeyConstraint("id", name="pk_invitations"),
        sa.UniqueConstraint("token_hash", name="uq_invitations_token_hash"),
    )
    op.create_index("ix_invitations_invited_by_id", "invitations", ["invited_by_id"])
    op.create_index("ix_invitations_user_id", "invitations", ["user_id"])


def downgrade() -> None:
    # Dropping the table drops its indexes too (MariaDB refuses to drop an
    # index alone while a foreign key needs it).
    op.drop_table("invitations")
