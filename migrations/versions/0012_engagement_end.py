"""engagements remember when and why they ended, so /engagement reopen can undo an end within 14 days

Two nullable columns: engagements that ended before (trials, status "archived") have neither.

Revision ID: 0012
Revises: 0007
Create Date: 2026-12-07 10:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UtcDateTime

revision: str = '0012'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_at', UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column('end_reason', sa.String(length=300), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): batch mode would rebuild the table, which fails once rows point at it.
    op.drop_column('engagements', 'end_reason')
    op.drop_column('engagements', 'ended_at')
