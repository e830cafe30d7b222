"""thread chatter becomes notes on a check-in, and blockers remember who cleared them

A new table and nullable columns only, so existing rows need no backfill; batch mode keeps
SQLite happy.

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-07 10:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = '0009'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blocker_resolved_by', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('thread_ts', sa.String(length=32), nullable=True))
    op.create_table('checkin_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=False),
    sa.Column('checkin_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('message_ts', sa.String(length=32), nullable=False),
    sa.Column('created_at', bot.db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', bot.db.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_checkin_notes_author_id_people')),
    sa.ForeignKeyConstraint(['checkin_id'], ['checkins.id'], name=op.f('fk_checkin_notes_checkin_id_checkins')),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagements.id'],
                            name=op.f('fk_checkin_notes_engagement_id_engagements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_notes'))
    )
    with op.batch_alter_table('checkin_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_notes_checkin_id'), ['checkin_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkin_notes_engagement_id'), ['engagement_id'], unique=False)


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): batch mode would rebuild the table, which fails once rows point at it.
    with op.batch_alter_table('checkin_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_notes_engagement_id'))
        batch_op.drop_index(batch_op.f('ix_checkin_notes_checkin_id'))
    op.drop_table('checkin_notes')
    op.drop_column('checkins', 'thread_ts')
    op.drop_column('checkins', 'blocker_resolved_by')
