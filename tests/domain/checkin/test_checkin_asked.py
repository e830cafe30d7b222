"""When a check-in was asked for: the prompt of its day, however it is given (thread, button, form, command).

Only thread replies used to carry the prompt's time: a check-in given with the prompt's *Check in*
button or `/checkin` had none, so the scorecard left it out of the response times, and the thank-you
nudge's streak took it as on time however late it came (after the reminder the owner had seen).
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.db.models import Delivery
from bot.domain.checkin import checkins
from bot.domain.checkin.checkins import Report
from tests.domain.conftest import NOW, make_engagement

TUESDAY = NOW - timedelta(days=6)  # Tue 27 Oct 2026, 15:00 UTC: 10:00 in Bogota


def prompt(session, engagement, day: str, due_at, status: str = "sent") -> None:  # type: ignore[no-untyped-def]
    sent = status == "sent"
    session.add(Delivery(key=f"checkin:{engagement.id}:{day}", duty="checkin_prompt", team_id=engagement.team_id,
                         channel_id=engagement.channel_id, status=status, message_ts="1.0" if sent else None,
                         attempts=1, due_at=due_at, claimed_at=due_at, sent_at=due_at if sent else None))
    session.flush()


def check_in(session, engagement, at, source: str = "form"):  # type: ignore[no-untyped-def]
    return checkins.record(session, engagement=engagement, author=engagement.contractor.person,
                           report=Report("on_track", 50, "footer"), source=source, now=at)[0]


def test_a_check_in_by_the_form_was_asked_at_its_days_prompt(session, owner) -> None:
    engagement = make_engagement(session, owner=owner)
    prompt(session, engagement, "2026-10-27", TUESDAY)
    assert check_in(session, engagement, TUESDAY + timedelta(hours=6)).asked_at == TUESDAY


def test_no_prompt_sent_that_day_means_nobody_asked(session, owner) -> None:
    engagement = make_engagement(session, owner=owner)
    prompt(session, engagement, "2026-10-28", TUESDAY + timedelta(days=1), status="claimed")  # never went out
    assert check_in(session, engagement, TUESDAY, source="command").asked_at is None  # no prompt on Tuesday
    assert check_in(session, engagement, TUESDAY + timedelta(days=1)).asked_at is None


def test_answered_after_a_snooze_it_was_asked_when_the_snooze_ended(session, owner) -> None:
    """Snoozed for two hours, the prompt comes back at 12:00: the follow-ups count the SLA from there, and so
    do the scorecard's reply times and the thanks streak. Answered inside the snooze, the prompt's time stands."""
    from bot.domain.schedule import snoozes

    engagement = make_engagement(session, owner=owner)
    wednesday = TUESDAY + timedelta(days=1)
    for day, due_at in (("2026-10-27", TUESDAY), ("2026-10-28", wednesday)):
        prompt(session, engagement, day, due_at)
        until = snoozes.snooze(session, engagement=engagement, user_id=engagement.contractor.person.user_id,
                               local_date=date.fromisoformat(day), channel_id=engagement.channel_id,
                               prompt_ts="1.0", now=due_at)
        assert until == due_at + timedelta(hours=2)  # 12:00 in Bogota, inside her hours
    session.flush()
    assert check_in(session, engagement, TUESDAY + timedelta(hours=3)).asked_at == TUESDAY + timedelta(hours=2)
    assert check_in(session, engagement, wednesday + timedelta(hours=1)).asked_at == wednesday
