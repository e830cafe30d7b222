"""deliveries remember the user a direct message went to, so `tandem forget` can find their DM channel

When Slack answers a post to a user id with the DM's channel id, that id replaces the user id in
channel_id; the user id is kept in `recipient`. A nullable column: older rows have none noted.

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-07 10:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recipient', sa.String(length=32), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): batch mode would rebuild the table, which fails once rows point at it.
    op.drop_column('deliveries', 'recipient')
