"""deliveries.closed_at: when nothing more hangs on a sent check-in prompt, so follow-ups read only open ones;
and a partial index of the check-ins with open blockers, so the blocker sweep reads only those

A nullable column and a partial index of the prompts still open. The prompts already answered (a check-in
of the engagement on or after the prompt's day, the follow-ups' own rule) are closed here, in one statement,
rather than by the first sweep after the upgrade, which would read two weeks of every engagement's prompts
into memory to close them; the unanswered ones stay open for the follow-ups to judge.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 19:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

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
    upgrade_data()
    op.create_index('ix_checkins_open_blockers', 'checkins', ['answered_at'], unique=False,
                    postgresql_where=OPEN_BLOCKERS, sqlite_where=OPEN_BLOCKERS)


# A prompt's key is `checkin:<engagement id>:<local date>` (bot.domain.delivery.ledger_keys.slot).
_ANSWERED = {
    'postgresql': "EXISTS (SELECT 1 FROM checkins c WHERE c.engagement_id = split_part(deliveries.key, ':', 2)::int "
                  "AND c.local_date >= split_part(deliveries.key, ':', 3)::date)",
    # SQLite keeps dates as ISO text, which compares as the dates do.
    'sqlite': "EXISTS (SELECT 1 FROM checkins c WHERE c.engagement_id = CAST(substr(deliveries.key, 9, "
              "length(deliveries.key) - 19) AS INTEGER) AND c.local_date >= substr(deliveries.key, -10))",
}


def upgrade_data() -> None:
    """Close the prompts already answered."""
    bind = op.get_bind()
    op.execute(sa.text(f"UPDATE deliveries SET closed_at = :now WHERE {OPEN_PROMPTS.text} "
                       f"AND key LIKE 'checkin:%' AND {_ANSWERED[bind.dialect.name]}")
               .bindparams(sa.bindparam('now', datetime.now(UTC), type_=UtcDateTime())))


def downgrade() -> None:
    op.drop_index('ix_checkins_open_blockers', table_name='checkins')
    op.drop_index('ix_deliveries_open_prompts', table_name='deliveries')
    op.drop_column('deliveries', 'closed_at')
