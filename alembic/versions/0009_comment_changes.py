"""A change marker for the comments, so pages can be validated cheaply.

One row (``id = 1``) whose ``counter`` goes up whenever an existing comment
is edited or deleted. Together with the newest comment id it makes the
front page's ETag: a new comment changes the newest id, an edit or delete
changes the counter, so a cached page is never wrongly confirmed as fresh.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "comment_changes",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("counter", sa.BigInteger(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_comment_changes"),
    )
    op.bulk_insert(table, [{"id": 1, "counter": 0}])


def downgrade() -> None:
    op.drop_table("comment_changes")
