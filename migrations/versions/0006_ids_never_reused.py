"""ids that go into Slack buttons and form metadata are never handed out twice (SQLite AUTOINCREMENT)

A button or a form's private_metadata carries a row's id. Plain SQLite rowids reuse the id of the
last row once it is deleted, so an old message could act on a newer, unrelated record; AUTOINCREMENT
never reuses one. SQLite cannot add it to a table, so each table is rebuilt (batch mode, rows and
ids kept). PostgreSQL's sequences never reuse ids: nothing to do there.

Revision ID: 0006
Revises: 0010
Create Date: 2026-12-07 10:50:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0006'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Parents before children, so a rebuilt child already points at a rebuilt parent.
TABLES = ('engagements', 'onboarding', 'submissions', 'payments')


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    # Dropping a parent table during the rebuild must not fail on its children's keys. Outside a
    # transaction (a run that starts here) SQLite takes foreign_keys=OFF, as its own ALTER TABLE
    # recipe says; inside one (a longer chain) that is ignored and deferring the checks to the
    # commit does it instead, when every id is back where it was. Alembic's engine is disposed after.
    op.execute('PRAGMA foreign_keys=OFF')
    op.execute('PRAGMA defer_foreign_keys=ON')
    for table in TABLES:
        with op.batch_alter_table(table, recreate='always',
                                  table_kwargs={'sqlite_autoincrement': autoincrement}):
            pass


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
