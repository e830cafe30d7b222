"""Digest lines: each engagement's health comes from its newest check-in of the last 60 days."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from bot.db.models import Checkin, Delivery, Engagement, Task
from bot.domain.reports import digest
from jobs import snapshot
from tests.domain.conftest import NOW, make_engagement


def check_in(session: Session, engagement: Engagement, day: date, status: str) -> None:
    at = datetime.combine(day, NOW.timetz())
    session.add(Checkin(engagement_id=engagement.id, author_id=engagement.contractor.person_id, local_date=day,
                        status=status, answered_at=at, source="form", created_at=at, updated_at=at))
    session.flush()


def test_health_is_read_from_the_newest_check_in_only(session, owner):
    newest_blocked = make_engagement(session, owner=owner)
    newest_on_track = make_engagement(session, owner=owner, contractor_user="U0BOB", channel_id="C0TWO")
    long_ago = make_engagement(session, owner=owner, contractor_user="U0SAM", channel_id="C0THREE")
    never = make_engagement(session, owner=owner, contractor_user="U0ANA", channel_id="C0FOUR")
    today = NOW.date()
    for engagement, statuses in ((newest_blocked, ("on_track", "at_risk", "blocked")),
                                 (newest_on_track, ("blocked", "at_risk", "on_track"))):
        for back, status in zip((3, 2, 1), statuses, strict=True):
            check_in(session, engagement, today - timedelta(days=back), status)
    check_in(session, long_ago, today - timedelta(days=61), "on_track")
    rows = snapshot.load(session)
    lines = {line.engagement.id: line for line in digest.lines(session, rows, NOW)}
    assert {eid: line.health for eid, line in lines.items()} == {
        newest_blocked.id: "blocked", newest_on_track.id: "on_track", long_ago.id: "silent", never.id: "silent"}
    assert lines[newest_blocked.id].checkins == 3 and lines[long_ago.id].checkins == 0


def test_the_digest_and_the_observers_digest_say_why_by_the_one_rule(session, owner):
    """NOW is Monday 2026-11-02 15:00 UTC (10:00 in Bogota). Maria reported "on track" on Wednesday,
    with a blocker nobody resolved; Thursday's prompt (10:00 Bogota) is unanswered; a task came due
    on Friday. With a 24 working-hour SLA (Thu 7 h + Fri 8 h + Mon 8 h + Tue 1 h: Tuesday 10:00) the
    prompt is not missed yet; with 8 h (Thu 7 h + Fri 1 h: Friday 10:00) it is."""
    engagement = make_engagement(session, owner=owner)
    at = datetime(2026, 10, 28, 15, 0, tzinfo=NOW.tzinfo)
    session.add(Checkin(engagement_id=engagement.id, author_id=engagement.contractor.person_id,
                        local_date=date(2026, 10, 28), status="on_track", blockers="waiting for assets",
                        answered_at=at, source="form", created_at=at, updated_at=at))
    prompt = datetime(2026, 10, 29, 15, 0, tzinfo=NOW.tzinfo)
    session.add(Delivery(key=f"checkin:{engagement.id}:2026-10-29", duty="checkin_prompt", team_id=engagement.team_id,
                         channel_id="C0PROJECT", status="sent", due_at=prompt, claimed_at=prompt))
    session.add(Task(engagement_id=engagement.id, number=1, title="Copy", due_on=date(2026, 10, 30), status="open",
                     created_at=at, updated_at=at))
    session.flush()
    (line,) = digest.lines(session, [engagement], NOW)
    assert (line.health, line.reasons) == ("blocked", ("blocker open since Wed", "1 task overdue"))
    engagement.sla_hours = 8
    (line,) = digest.lines(session, [engagement], NOW)
    assert line.health == "blocked"
    assert line.reasons == ("blocker open since Wed", "1 task overdue", "missed check-in Thu")
    (observed,) = digest.without_money([line])
    assert (observed.health, observed.reasons, observed.payments_due) == ("blocked", line.reasons, [])
