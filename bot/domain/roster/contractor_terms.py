"""Each owner's private terms with a contractor: the rate they pay and their own vetting checklist.

Terms are read for one owner at a time (`of`), never as a whole list: two owners who both work
with Maria each have their own rate and vetting, and neither ever sees the other's.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.filters import any_of
from bot.db.models import Contractor, ContractorTerms
from bot.domain.errors import DomainError
from bot.text.money import Money

VETTING_ITEMS = {
    "references": "references_checked_on",
    "portfolio": "portfolio_checked_on",
    "trial": "trial_done_on",
    "nda": "nda_signed_on",
    "contract": "contract_signed_on",
}


def of(session: Session, *, contractor: Contractor, owner_user_id: str) -> ContractorTerms | None:
    """One owner's terms with a contractor, if they recorded any."""
    return session.scalar(select(ContractorTerms).where(
        ContractorTerms.contractor_id == contractor.id, ContractorTerms.owner_user_id == owner_user_id))


def ensure(session: Session, *, contractor: Contractor, owner_user_id: str, now: datetime) -> ContractorTerms:
    """The owner's terms with a contractor, created empty the first time."""
    terms = of(session, contractor=contractor, owner_user_id=owner_user_id)
    if terms is None:
        terms = ContractorTerms(team_id=contractor.team_id, owner_user_id=owner_user_id, contractor=contractor,
                                created_at=now, updated_at=now)
        session.add(terms)
        session.flush()
    return terms


def set_rate(terms: ContractorTerms, rate: tuple[Money, str], *, now: datetime) -> None:
    """Record the owner's rate: an amount in minor units with its currency, and its unit ('h', 'day', 'fixed')."""
    money, unit = rate
    terms.rate_minor, terms.rate_currency, terms.rate_unit = money.amount_minor, money.currency, unit
    terms.updated_at = now


def vet(terms: ContractorTerms, *, item: str, on: date, now: datetime) -> None:
    """Tick one item of the owner's checklist (references, portfolio, trial, nda, contract) as done on a date."""
    field = VETTING_ITEMS.get(item.lower())
    if field is None:
        raise DomainError(
            f"“{item}” is not a vetting item. Choose one of: {', '.join(VETTING_ITEMS)}.",
            example="/contractor vet @maria nda",
        )
    setattr(terms, field, on)
    terms.updated_at = now


def missing_vetting(terms: ContractorTerms | None) -> list[str]:
    """The vetting items this owner has not done, in checklist order (all of them without terms)."""
    return [item for item, field in VETTING_ITEMS.items() if terms is None or getattr(terms, field) is None]


def has_nda(session: Session, *, contractor: Contractor, owner_user_id: str) -> bool:
    """Whether this owner has an NDA on file with the contractor."""
    terms = of(session, contractor=contractor, owner_user_id=owner_user_id)
    return terms is not None and terms.nda_signed_on is not None


def owners_with_nda(session: Session, contractor_ids: list[int]) -> set[tuple[int, str]]:
    """(contractor id, owner) pairs with an NDA on file, for many engagements in one query.

    One array parameter (`any_of`): the monthly risk reviews ask for every engagement at once, and an
    expanded IN of 100,000 ids is past PostgreSQL's 65,535 parameters per statement.
    """
    if not contractor_ids:
        return set()
    rows = session.execute(select(ContractorTerms.contractor_id, ContractorTerms.owner_user_id).where(
        any_of(session, ContractorTerms.contractor_id, contractor_ids), ContractorTerms.nda_signed_on.is_not(None)))
    return {(contractor_id, owner) for contractor_id, owner in rows}


def all_of(session: Session, *, team_id: str, owner_user_id: str) -> dict[int, ContractorTerms]:
    """One owner's terms with each of their contractors, by contractor id (one query for a whole list)."""
    rows = session.scalars(select(ContractorTerms).where(
        ContractorTerms.team_id == team_id, ContractorTerms.owner_user_id == owner_user_id))
    return {terms.contractor_id: terms for terms in rows}
