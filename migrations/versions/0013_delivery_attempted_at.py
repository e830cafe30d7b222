"""deliveries remember when their latest posting attempt began, by the wall clock Slack's ts follow

Delivery recovery after an ambiguous post reads one small page of the channel's history around that
time (Slack's 2025 tier: 15 messages, one read a minute), instead of paging back through it. A
nullable column: rows attempted before it fall back to the newest page.

Revision ID: 0013
Revises: 0006
Create Date: 2026-12-07 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UtcDateTime

revision: str = '0013'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempted_at', UtcDateTime(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): batch mode would rebuild the table.
    op.drop_column('deliveries', 'attempted_at')
