"""workspace_health: each workspace's last scheduler tick and whether Slack refuses its token

Read by `tandem status` and `/metrics`; written by the scheduler after each tick. A new table, so
both directions are a plain CREATE and DROP.

Revision ID: 0020
Revises: 0014
Create Date: 2026-12-07 13:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UtcDateTime

revision: str = '0020'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'workspace_health',
        sa.Column('team_id', sa.String(length=32), nullable=False),
        sa.Column('last_tick_at', UtcDateTime(), nullable=True),
        sa.Column('token_refused_at', UtcDateTime(), nullable=True),
        sa.Column('token_error', sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint('team_id'),
    )


def downgrade() -> None:
    op.drop_table('workspace_health')
