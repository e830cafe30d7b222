"""/checkin's fast reads give exactly the answers of the ORM reads they replace, on both databases."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import migrate
from bot.db.models import Checkin, CheckinNote, Contractor, Engagement, Observer, Person, Task, TimeOff
from bot.db.session import make_engine, make_session_factory
from bot.domain import duties
from bot.domain.checkin import checkin_reads
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError
from bot.domain.reports import status
from bot.slack.blocks.kickoff import next_checkin

TEAM, OTHER_TEAM = "T0BOARD", "T0ELSE"
NOW = datetime(2026, 11, 2, 23, 30, tzinfo=UTC)  # already 3 November east of UTC, still 2 November west
EARLY = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)  # 3 November in UTC, still 2 November in Los Angeles
ZONES = ("UTC", "Pacific/Kiritimati", "America/Los_Angeles", "Asia/Kolkata")
USERS = [f"U{n}" for n in range(9)]
CHANNELS = [f"C{n}" for n in range(7)]


def build_world(session: Session, seed: int) -> None:
    """Owners, contractors and observers crossing each other, in two workspaces, with check-ins and tasks."""
    rng = random.Random(seed)
    stamp = {"created_at": NOW, "updated_at": NOW}
    people = {}
    for team in (TEAM, OTHER_TEAM):  # the same Slack ids in another workspace must never leak in
        for user_id in USERS:
            people[team, user_id] = Person(team_id=team, user_id=user_id, name=user_id, tz=rng.choice(ZONES), **stamp)
    calendars = random.Random(seed + 100)  # its own stream: the world below stays what it was
    for person in people.values():  # the calendar a contractor's next check-in skips
        person.country = calendars.choice((None, "GB", "IN", "US"))
        if calendars.random() < 0.4:
            start = date(2026, 11, 1) + timedelta(days=calendars.randrange(5))
            person.time_off = [TimeOff(start_on=start, end_on=start + timedelta(days=calendars.randrange(4)))]
    session.add_all(people.values())
    session.flush()
    contractors = {key: Contractor(team_id=key[0], person=person, **stamp) for key, person in people.items()
                   if key[1] in USERS[3:]}
    session.add_all(contractors.values())
    open_channels: set[tuple[str, str]] = set()
    troubles = random.Random(seed + 200)
    for n in range(40):
        team = TEAM if n % 5 else OTHER_TEAM
        owner = people[team, rng.choice(USERS[:6])]
        worker = rng.choice([c for key, c in contractors.items() if key[0] == team and key[1] != owner.user_id])
        channel = rng.choice(CHANNELS)
        state = rng.choice(("active", "active", "paused", "archived"))
        if state != "archived" and (team, channel) in open_channels:
            state = "archived"  # one open engagement per channel, as kickoff insists
        if state != "archived":
            open_channels.add((team, channel))
        engagement = Engagement(
            team_id=team, owner=owner, contractor=worker, channel_id=channel, title=f"Project {n}", objectives="o",
            deliverables="d", start_on=date(2026, 9, 1), deadline=date(2026, 12, 1) + timedelta(days=rng.randrange(9)),
            checkin_days=rng.choice(("14", "12345", "7")), checkin_time=time(rng.randrange(24), 0), status=state,
            **stamp)
        session.add(engagement)
        session.flush()
        for day in rng.sample(range(1, 15), rng.randrange(4)):
            checkin = Checkin(engagement_id=engagement.id, author_id=worker.person_id,
                              local_date=date(2026, 11, 3) - timedelta(days=day),
                              status=rng.choice(("on_track", "at_risk", "blocked")),
                              progress=rng.choice((None, 10, 60)), answered_at=NOW, source="command", **stamp)
            session.add(checkin)
            # Blockers (open or cleared) and notes, from their own stream: the board reads them only
            # for the rows its query says have some, and must show what reading every row showed.
            checkin.blockers = troubles.choice(("", "", "", "the API keys", "design sign-off"))
            checkin.blocker_resolved_at = troubles.choice((None, None, NOW)) if checkin.blockers else None
            if troubles.random() < 0.3:
                session.flush()
                session.add(CheckinNote(engagement_id=engagement.id, checkin_id=checkin.id,
                                        author_id=worker.person_id, text=f"note {checkin.id}", message_ts="1.1",
                                        **stamp))
        for number in range(1, rng.randrange(6)):
            session.add(Task(engagement_id=engagement.id, number=number, title="t",
                             status=rng.choice(("open", "blocked", "done")),
                             due_on=rng.choice((None, date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3),
                                                     date(2026, 10, 1))),
                             **stamp))
        for user_id in rng.sample(USERS, rng.randrange(3)):
            session.add(Observer(engagement_id=engagement.id, person_id=people[team, user_id].id, added_by="x",
                                 created_at=NOW, removed_at=rng.choice((None, None, NOW))))
    session.flush()


def shown(rows: list[status.BoardRow], now: datetime) -> list[tuple[object, ...]]:
    """Everything the board's builders read of each row, and the next check-in its line names."""
    def one(row: status.BoardRow) -> tuple[object, ...]:
        e, last = row.engagement, row.last
        return (e.id, e.title, e.channel_id, e.status, e.checkin_days, e.checkin_time, e.owner.user_id, e.owner.tz,
                e.contractor.person.user_id, e.contractor.person.tz,
                (last.status, last.progress, last.local_date) if last else None,
                row.days_since, row.open_tasks, row.overdue_tasks, status.health(row), next_checkin(e, now),
                row.blockers, row.notes)
    return [one(row) for row in rows]


def legacy_observed_by(session: Session, user_id: str) -> list[Engagement]:
    """The ORM read of the open engagements a person observes, soonest deadline first."""
    statement = duties.with_people(
        select(Engagement).join(Observer, Observer.engagement_id == Engagement.id)
        .join(Person, Observer.person_id == Person.id)
        .where(Engagement.team_id == TEAM, Person.user_id == user_id, Observer.removed_at.is_(None),
               Engagement.status.in_(engagements.OPEN_STATUSES))
        .order_by(Engagement.deadline, Engagement.id))
    return list(session.scalars(statement).unique())


def legacy_board(session: Session, user_id: str, now: datetime) -> list[status.BoardRow]:
    """What /checkin status read before: owned engagements, then observed ones not owned, through the ORM."""
    rows = status.rows_for(session, engagements.for_owner(session, team_id=TEAM, user_id=user_id), now)
    watched = legacy_observed_by(session, user_id)
    return rows + status.rows_for(session, [e for e in watched if e.id not in {r.engagement.id for r in rows}], now)


def legacy_checkin_target(session: Session, *, team_id: str, user_id: str, channel_id: str) -> Engagement | None:
    """The ORM read /checkin used: the channel's engagement if the speaker contracts on it, else their only one."""
    here = engagements.active_in_channel(session, team_id=team_id, channel_id=channel_id)
    if here is not None and engagements.role_of(here, user_id) == "contractor":
        return here
    mine = engagements.for_contractor(session, team_id=team_id, user_id=user_id)
    if len(mine) > 1:
        raise DomainError("You work on several engagements: run /checkin in the engagement's channel.")
    return mine[0] if mine else None


def outcome(read, **where):  # type: ignore[no-untyped-def]
    try:
        return read(**where)
    except DomainError as error:
        return error.message


@pytest.mark.parametrize(("seed", "now"), [(0, NOW), (1, EARLY), (2, NOW), (3, EARLY)])
def test_board_and_checkin_target_match_the_orm_reads(empty_database_url: str, seed: int, now: datetime) -> None:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    try:
        with make_session_factory(engine)() as session:
            build_world(session, seed)
            boards, refusals = 0, 0
            for user_id in [*USERS, "U0NOBODY"]:
                fast = checkin_reads.board_for(session, team_id=TEAM, user_id=user_id, now=now)
                assert shown(fast, now) == shown(legacy_board(session, user_id, now), now), user_id
                boards += bool(fast)
                for channel_id in CHANNELS:
                    where = {"session": session, "team_id": TEAM, "user_id": user_id, "channel_id": channel_id}
                    legacy = outcome(legacy_checkin_target, **where)
                    assert outcome(checkin_reads.checkin_target, **where) == getattr(legacy, "id", legacy), where
                    refusals += isinstance(legacy, str)
            assert boards >= 5 and refusals  # the world has boards and contractors of several engagements
    finally:
        engine.dispose()
