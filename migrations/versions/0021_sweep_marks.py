"""sweep_marks: the instant of each sweep's last complete run, so the next one looks back only from there

A new table, so both directions are a plain CREATE and DROP.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UtcDateTime

revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'sweep_marks',
        sa.Column('sweep', sa.String(length=64), nullable=False),
        sa.Column('done_through', UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('sweep'),
    )


def downgrade() -> None:
    op.drop_table('sweep_marks')
