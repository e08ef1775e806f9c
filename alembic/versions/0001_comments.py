"""The tutorial's part 1: a table of comments, nothing else.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content", sa.String(length=4096), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
    )


def downgrade() -> None:
    op.drop_table("comments")
