"""check-ins remember the thread reply they were read from, so an edit of the reply amends them

A nullable column: check-ins saved before it simply cannot be amended by an edit.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_ts', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_column('message_ts')
