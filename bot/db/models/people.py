"""People in a workspace (owners, contractors, observers) and the contractor registry."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, String, Text, Time, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models.base import Base, Timestamped


class Person(Timestamped, Base):
    """A Slack user we schedule for: their zone, working days and hours, and holidays country."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200), default="")
    tz: Mapped[str] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(2))
    # ISO weekdays as digits, "12345" = Monday to Friday.
    work_days: Mapped[str] = mapped_column(String(7), default="12345")
    work_start: Mapped[time] = mapped_column(Time(), default=time(9, 0))
    work_end: Mapped[time] = mapped_column(Time(), default=time(17, 0))
    # Set by the person (or /contractor) rather than followed from Slack: a user_change leaves them alone.
    tz_explicit: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=false())
    country_explicit: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=false())

    time_off: Mapped[list[TimeOff]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="TimeOff.start_on"
    )


class TimeOff(Base):
    """A stretch of days (inclusive, in the person's own calendar) when nobody should prompt them."""

    __tablename__ = "time_off"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    start_on: Mapped[date] = mapped_column(Date())
    end_on: Mapped[date] = mapped_column(Date())
    note: Mapped[str] = mapped_column(Text(), default="")

    person: Mapped[Person] = relationship(back_populates="time_off")


class Contractor(Timestamped, Base):
    """A registry entry: the contractor's public profile (their zone and hours live on their Person).

    What they cost and how well they were vetted are each owner's own business: see ContractorTerms.
    """

    __tablename__ = "contractors"
    __table_args__ = (UniqueConstraint("person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    company: Mapped[str] = mapped_column(String(200), default="")
    skills: Mapped[str] = mapped_column(Text(), default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    added_by: Mapped[str] = mapped_column(String(32), default="")

    person: Mapped[Person] = relationship(lazy="joined")
    # Every owner's terms: read one owner's through bot.domain.roster.contractor_terms, never the whole list.
    terms: Mapped[list[ContractorTerms]] = relationship(
        back_populates="contractor", cascade="all, delete-orphan", passive_deletes=True
    )


class ContractorTerms(Timestamped, Base):
    """One owner's private terms with a contractor: the rate they pay and their vetting checklist.

    Two owners who both work with Maria each have their own row, and only that owner ever sees it.
    """

    __tablename__ = "contractor_terms"
    __table_args__ = (UniqueConstraint("team_id", "owner_user_id", "contractor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    owner_user_id: Mapped[str] = mapped_column(String(32))
    contractor_id: Mapped[int] = mapped_column(ForeignKey("contractors.id", ondelete="CASCADE"), index=True)
    rate_minor: Mapped[int | None] = mapped_column(BigInteger())
    rate_currency: Mapped[str | None] = mapped_column(String(3))
    rate_unit: Mapped[str | None] = mapped_column(String(8))
    references_checked_on: Mapped[date | None] = mapped_column(Date())
    portfolio_checked_on: Mapped[date | None] = mapped_column(Date())
    trial_done_on: Mapped[date | None] = mapped_column(Date())
    nda_signed_on: Mapped[date | None] = mapped_column(Date())
    contract_signed_on: Mapped[date | None] = mapped_column(Date())

    contractor: Mapped[Contractor] = relationship(back_populates="terms")
