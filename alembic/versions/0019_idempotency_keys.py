"""Idempotency keys on comments.

The idempotency key each comment was posted with, so a resend of the
same form or API request finds the comment instead of storing it again.

Unique per commenter (API clients choose their own keys); NULL for comments
posted without one, and for every comment from before this revision.

Revision ID: 0019
Revises: 0031
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0031"
branch_labels = None
depends_on = None
# SQLite rebuilds the table: it keeps AUTOINCREMENT (see 0014).
KEEP_IDS = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("comments", table_kwargs=KEEP_IDS) as batch:
        batch.add_column(sa.Column("idempotency_key", sa.String(64), nullable=True))
        batch.create_unique_constraint(
            "uq_comments_idempotency_key", ["idempotency_key", "commenter_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("comments", table_kwargs=KEEP_IDS) as batch:
        batch.drop_constraint("uq_comments_idempotency_key", type_="unique")
        batch.drop_column("idempotency_key")
