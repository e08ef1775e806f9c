"""The stored audit log.

The security log, stored: one row per audited event, browsable on the
admin pages by user and kind. Users are named, not referenced, so the
record outlives a deleted account.

Revision ID: 0031
Revises: 0030
"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=128), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
    )
    op.create_index("ix_audit_events_username_id", "audit_events", ["username", "id"])
    op.create_index("ix_audit_events_kind_id", "audit_events", ["kind", "id"])


def downgrade() -> None:
    op.drop_table("audit_events")
