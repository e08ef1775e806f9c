"""Comment ids are never reused, on SQLite too.

A SQLite ``INTEGER PRIMARY KEY`` without ``AUTOINCREMENT`` hands out
``max(id) + 1``, so deleting the newest comment let the next post take its
id, and old permalinks and feed entries then pointed at someone else's
words. The table is rebuilt with ``AUTOINCREMENT`` (SQLite then remembers
the highest id ever used in ``sqlite_sequence``). PostgreSQL sequences and
MariaDB's ``AUTO_INCREMENT`` never go back, so nothing changes there.

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "comments",
        recreate="always",
        table_kwargs={"sqlite_autoincrement": autoincrement},
    ):
        pass


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DELETE FROM sqlite_sequence WHERE name = 'comments'")
