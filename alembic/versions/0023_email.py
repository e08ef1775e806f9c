"""An optional email address on each account, and the links that verify it.

``users.email`` is what the user typed; ``users.email_verified`` is when a
link sent there was followed (NULL: not verified, and never used). Each
``email_checks`` row is one such link: the SHA-256 of its token, the
address it checks, when it was made and expires.

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email", sa.String(254), nullable=True))
        batch.add_column(sa.Column("email_verified", sa.DateTime(), nullable=True))
    op.create_table(
        "email_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("expires", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_email_checks_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_email_checks"),
        sa.UniqueConstraint("token_hash", name="uq_email_checks_token_hash"),
    )
    op.create_index("ix_email_checks_user_id", "email_checks", ["user_id"])


def downgrade() -> None:
    op.drop_table("email_checks")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email_verified")
        batch.drop_column("email")
