"""Moderation: reports and held comments.

Reports (logged-in users flag a comment for the moderators,
once each) and held comments (``comments.held``: pre-moderation keeps a
new user's comment from everyone but its author and the admins until one
approves it).

Revision ID: 0030
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0015"
branch_labels = None
depends_on = None


# A batch rebuild of comments on SQLite must keep AUTOINCREMENT (0014):
# reflection does not see it, so it is named here.
KEEP_IDS = {"sqlite_autoincrement": True}


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name="fk_reports_comment_id_comments",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["users.id"],
            name="fk_reports_reporter_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reports"),
        sa.UniqueConstraint("comment_id", "reporter_id", name="uq_reports_comment_id"),
    )
    op.create_index("ix_reports_reporter_id", "reports", ["reporter_id"])
    with op.batch_alter_table("comments", table_kwargs=KEEP_IDS) as batch:
        batch.add_column(
            sa.Column("held", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("comments", table_kwargs=KEEP_IDS) as batch:
        batch.drop_column("held")
    op.drop_table("reports")
