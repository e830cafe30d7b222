"""deliveries.closed_at: when nothing more hangs on a sent check-in prompt, so follow-ups read only open ones;
and a partial index of the check-ins with open blockers, so the blocker sweep reads only those

A nullable column and a partial index of the prompts still open. Existing prompts start open: the next
follow-ups sweep closes the answered ones, once.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UtcDateTime

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_PROMPTS = sa.text("duty = 'checkin_prompt' AND status = 'sent' AND closed_at IS NULL")
OPEN_BLOCKERS = sa.text("blockers <> '' AND blocker_resolved_at IS NULL")


def upgrade() -> None:
    op.add_column('deliveries', sa.Column('closed_at', UtcDateTime(), nullable=True))
    op.create_index('ix_deliveries_open_prompts', 'deliveries', ['due_at'], unique=False,
                    postgresql_where=OPEN_PROMPTS, sqlite_where=OPEN_PROMPTS)
    op.create_index('ix_checkins_open_blockers', 'checkins', ['answered_at'], unique=False,
                    postgresql_where=OPEN_BLOCKERS, sqlite_where=OPEN_BLOCKERS)


def downgrade() -> None:
    op.drop_index('ix_checkins_open_blockers', table_name='checkins')
    op.drop_index('ix_deliveries_open_prompts', table_name='deliveries')
    op.drop_column('deliveries', 'closed_at')
