"""Small builders for the scheduled-duty tests: people and engagements in memory or in a database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy.orm import Session

from bot.db.models import Contractor, Engagement, Person, TimeOff

T0 = datetime(2027, 1, 1, tzinfo=UTC)


def person(user_id: str = "U0MARIA", tz: str = "UTC", *, country: str | None = None, work_days: str = "12345",
           work_start: time = time(9), work_end: time = time(17), time_off: list[tuple[date, date]] = ()) -> Person:
    """A person with a zone, working days and hours, and optional time off."""
    return Person(team_id="T1", user_id=user_id, name=user_id.lower(), tz=tz, country=country, work_days=work_days,
                  work_start=work_start, work_end=work_end, created_at=T0, updated_at=T0,
                  time_off=[TimeOff(start_on=a, end_on=b, note="") for a, b in time_off])


def engagement(contractor: Person, owner: Person | None = None, *, id: int = 1, days: str = "14",
               at: time = time(10), status: str = "active", start_on: date = date(2026, 1, 1),
               deadline: date = date(2029, 12, 31), sla_hours: int = 8, channel_id: str = "C0PROJECT") -> Engagement:
    """An engagement between an owner and a contractor with a check-in cadence."""
    owner = owner or person("U0OWNER", "Europe/London")
    return Engagement(
        id=id, team_id="T1", owner=owner, contractor=Contractor(team_id="T1", person=contractor, created_at=T0,
                                                                updated_at=T0),
        channel_id=channel_id, title=f"Project {id}", objectives="o", deliverables="d", start_on=start_on,
        deadline=deadline, checkin_days=days, checkin_time=at, sla_hours=sla_hours, payment_terms_days=14,
        feedback_every_days=14, trial=False, confidential=False, contingency="", status=status,
        created_at=T0, updated_at=T0,
    )


def save(session: Session, *engagements: Engagement) -> None:
    """Persist built engagements (ids assigned by the database) and flush."""
    for item in engagements:
        item.id = None  # type: ignore[assignment]
        session.add(item)
    session.flush()


class Clock:
    """An injectable process clock the tests move by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def migrated_runtime(url: str, clock: Clock, slack_api_url: str = "http://127.0.0.1:9/api/"):  # type: ignore[no-untyped-def]
    """A Runtime over a freshly migrated database, with an injected clock."""
    from bot.config import Settings
    from bot.db import migrate
    from bot.runtime import Runtime

    migrate.upgrade(url)
    settings = Settings(slack_bot_token="xoxb-test", database_url=url, slack_api_url=slack_api_url)
    return Runtime.build(settings, clock=clock)
