"""The NDA lookup behind the monthly risk reviews holds however many engagements are due at once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from bot.db import migrate
from bot.db.models import Contractor, ContractorTerms, Person
from bot.db.session import make_engine
from bot.domain.roster import contractor_terms

NOW = datetime(2027, 3, 1, tzinfo=UTC)


def test_owners_with_nda_takes_more_ids_than_postgresql_takes_parameters(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    try:
        with Session(engine) as session:
            person = Person(team_id="T1", user_id="U0MARIA", name="maria", tz="UTC", created_at=NOW, updated_at=NOW)
            contractor = Contractor(team_id="T1", person=person, created_at=NOW, updated_at=NOW)
            session.add_all([person, contractor])
            session.flush()
            session.add_all([
                ContractorTerms(team_id="T1", owner_user_id="U0OWNER", contractor_id=contractor.id,
                                nda_signed_on=date(2027, 1, 4), created_at=NOW, updated_at=NOW),
                ContractorTerms(team_id="T1", owner_user_id="U0OTHER", contractor_id=contractor.id,
                                created_at=NOW, updated_at=NOW),
            ])
            session.flush()
            # 100,000 engagements' contractors: an expanded IN would need 100,000 parameters (PostgreSQL: 65,535).
            ids = [contractor.id, *range(contractor.id + 1, contractor.id + 100_000)]
            assert contractor_terms.owners_with_nda(session, ids) == {(contractor.id, "U0OWNER")}
    finally:
        engine.dispose()
