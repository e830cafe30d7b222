"""people remember whether their zone and country were set by hand, and a zone's country is filled in

Tandem follows Slack's user_change for a person's zone (and the holiday country derived from it)
unless the zone or country was set explicitly; these flags say which. Rows written before have
neither set explicitly. People with no country get the one their zone belongs to, as people.ensure
now does for newcomers, so existing contractors stop being prompted on their public holidays.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE, not batch mode: batch mode rebuilds `people` on SQLite to add a NOT NULL
    # column, and dropping the old table fails (or cascades) once engagements point at its rows.
    op.add_column('people', sa.Column('tz_explicit', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('people', sa.Column('country_explicit', sa.Boolean(), server_default=sa.false(), nullable=False))
    _default_countries()


def _default_countries() -> None:
    """Fill the holiday country of people who have none from their zone (zone.tab), as ensure() does."""
    from bot.text.schedule import default_country_for_timezone

    people = sa.table('people', sa.column('id', sa.Integer()), sa.column('tz', sa.String()),
                      sa.column('country', sa.String()))
    connection = op.get_bind()
    rows = connection.execute(sa.select(people.c.id, people.c.tz).where(people.c.country.is_(None))).all()
    for person_id, tz in rows:
        country = default_country_for_timezone(tz or "")
        if country:
            connection.execute(people.update().where(people.c.id == person_id).values(country=country))


def downgrade() -> None:
    op.drop_column('people', 'country_explicit')  # SQLite 3.35+ drops a column in place
    op.drop_column('people', 'tz_explicit')
