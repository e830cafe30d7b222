"""tasks remember who marked them done and payments who marked them paid, so a late button press can say so

Nullable columns: rows finished before them simply do not name who did it.

Revision ID: 0011
Revises: 0012
Create Date: 2026-12-07 10:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('done_by', sa.String(length=32), nullable=True))
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paid_by', sa.String(length=32), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): batch mode would rebuild the table, which fails once rows point at it.
    op.drop_column('payments', 'paid_by')
    op.drop_column('tasks', 'done_by')
