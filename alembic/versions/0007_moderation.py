"""Edited and removed comments, and an index for flood control.

``edited`` records when the author last changed a comment (the page then
says "edited"). ``removed`` and ``removed_by_id`` record a moderator's soft
delete: the row stays so the thread keeps its shape, and the page shows
"removed by a moderator" instead of the text. The index on
``(commenter_id, posted)`` lets the posting limit count one user's recent
comments without scanning the table.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("edited", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("removed", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("removed_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_comments_removed_by_id_users", "users", ["removed_by_id"], ["id"]
        )
    op.create_index(
        "ix_comments_commenter_id_posted", "comments", ["commenter_id", "posted"]
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "mysql":
        # MariaDB dropped the foreign key's own index when the new one could
        # serve it; re-adding the key around the drop gives it one back.
        op.drop_constraint(
            "fk_comments_commenter_id_users", "comments", type_="foreignkey"
        )
        op.drop_index("ix_comments_commenter_id_posted", table_name="comments")
        op.create_foreign_key(
            "fk_comments_commenter_id_users",
            "comments",
            "users",
            ["commenter_id"],
            ["id"],
        )
    else:
        op.drop_index("ix_comments_commenter_id_posted", table_name="comments")
    with op.batch_alter_table("comments") as batch:
        batch.drop_constraint("fk_comments_removed_by_id_users", type_="foreignkey")
        batch.drop_column("removed_by_id")
        batch.drop_column("removed")
        batch.drop_column("edited")
