"""Credential stamps, one-time password expiry and trusted devices.

- ``users.credentials_version``: goes up whenever the user's credentials
  change (password change or set, disable, log out everywhere).
- ``logins.credentials_version``: the user's stamp when the login was
  made. A login whose stamp no longer matches is refused, so a login whose
  password check raced a credential change dies with the others.
- ``users.one_time_password_expires``: for a password ``initialize_db``
  generated, when it stops working; its one login sets it to that moment.
- ``login_failures.device``: failures of a browser that logged in before
  (its device cookie) are counted on their own, not against the account.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _version() -> sa.Column:
    return sa.Column(
        "credentials_version", sa.Integer(), nullable=False, server_default="0"
    )


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(_version())
        batch.add_column(
            sa.Column("one_time_password_expires", sa.DateTime(), nullable=True)
        )
    with op.batch_alter_table("logins") as batch:
        batch.add_column(_version())
    with op.batch_alter_table("login_failures") as batch:
        batch.add_column(sa.Column("device", sa.String(64), nullable=True))
        batch.create_index(
            "ix_login_failures_device_failed_at", ["device", "failed_at"]
        )


def downgrade() -> None:
    with op.batch_alter_table("login_failures") as batch:
        batch.drop_index("ix_login_failures_device_failed_at")
        batch.drop_column("device")
    with op.batch_alter_table("logins") as batch:
        batch.drop_column("credentials_version")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("one_time_password_expires")
        batch.drop_column("credentials_version")
