"""each owner's private terms with a contractor (rate, vetting) move out of the shared registry row

A contractor's rate and vetting used to sit on the one `contractors` row everyone reads, so any
owner (or whoever registered the person first) saw and overwrote another owner's terms. They now
live in `contractor_terms`, one row per (team, owner, contractor). Existing values go to the owner
who registered the contractor (`added_by`), who was the only one allowed to see them.

Revision ID: 0005
Revises: 0011
Create Date: 2026-12-07 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = '0005'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TERMS = ('rate_minor', 'rate_currency', 'rate_unit', 'references_checked_on', 'portfolio_checked_on',
         'trial_done_on', 'nda_signed_on', 'contract_signed_on')


def _terms_columns() -> list[sa.Column]:
    return [
        sa.Column('rate_minor', sa.BigInteger(), nullable=True),
        sa.Column('rate_currency', sa.String(length=3), nullable=True),
        sa.Column('rate_unit', sa.String(length=8), nullable=True),
        sa.Column('references_checked_on', sa.Date(), nullable=True),
        sa.Column('portfolio_checked_on', sa.Date(), nullable=True),
        sa.Column('trial_done_on', sa.Date(), nullable=True),
        sa.Column('nda_signed_on', sa.Date(), nullable=True),
        sa.Column('contract_signed_on', sa.Date(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        'contractor_terms',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.String(length=32), nullable=False),
        sa.Column('owner_user_id', sa.String(length=32), nullable=False),
        sa.Column('contractor_id', sa.Integer(), nullable=False),
        *_terms_columns(),
        sa.Column('created_at', bot.db.types.UtcDateTime(), nullable=False),
        sa.Column('updated_at', bot.db.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['contractor_id'], ['contractors.id'],
                                name=op.f('fk_contractor_terms_contractor_id_contractors'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contractor_terms')),
        sa.UniqueConstraint('team_id', 'owner_user_id', 'contractor_id',
                            name=op.f('uq_contractor_terms_team_id_owner_user_id_contractor_id')),
    )
    with op.batch_alter_table('contractor_terms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contractor_terms_contractor_id'), ['contractor_id'], unique=False)
    columns = ', '.join(TERMS)
    op.execute(
        f"INSERT INTO contractor_terms (team_id, owner_user_id, contractor_id, {columns}, created_at, updated_at) "
        f"SELECT team_id, added_by, id, {columns}, created_at, updated_at FROM contractors WHERE added_by <> ''"
    )
    # Not batch mode: on SQLite that rebuilds `contractors`, and dropping the old table with foreign keys
    # on cascades to the terms just copied (and trips on every engagement). SQLite >= 3.35 and PostgreSQL
    # both drop a plain column in place.
    for name in TERMS:
        op.execute(f"ALTER TABLE contractors DROP COLUMN {name}")


def downgrade() -> None:
    with op.batch_alter_table('contractors', schema=None) as batch_op:
        for column in _terms_columns():
            batch_op.add_column(column)
    for name in TERMS:  # only the registering owner's terms fit back into the one shared row
        op.execute(
            f"UPDATE contractors SET {name} = (SELECT t.{name} FROM contractor_terms t "
            "WHERE t.contractor_id = contractors.id AND t.owner_user_id = contractors.added_by)"
        )
    with op.batch_alter_table('contractor_terms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contractor_terms_contractor_id'))
    op.drop_table('contractor_terms')
