"""Counted attempts, for the brakes on sign-ups and reset-link requests.

One row per attempt: its kind, the subject it counts under (an address or
network, a user id, ``*`` for the whole site) and when, counted over a
sliding window.

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempts")),
    )
    op.create_index(
        "ix_attempts_kind_subject_at", "attempts", ["kind", "subject", "at"]
    )
    op.create_index("ix_attempts_at", "attempts", ["at"])


def downgrade() -> None:
    op.drop_table("attempts")
