"""Six weeks of one engagement, read as the owner reads it: is every figure and colour true?

A London owner, a contractor in New York (her country, the US, comes from her Slack zone: nobody types
it). The six weeks before this week's Monday and this week up to now are simulated: the duties run at
instants through each day, each prompt is answered (or not) in its thread through the real endpoint and
dated back to the day it belongs to. The script: a missed Friday, a blocker raised, kept open by an
at-risk reply and cleared; a week of time off; US public holidays (from the `holidays` package); the
daylight-saving change when it falls in the window; tasks done on time, late and not at all; a
milestone approved and paid weeks after its payment fell due; feedback rated in its prompt and
commented in its thread. At each Monday's digest and at the real now (board, Home tab, task list,
scorecard) the figures are computed here from the script, never with bot.domain.
"""

from __future__ import annotations

import json
import time as stopwatch
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import select, update

from bot.db.models import Checkin, Delivery, Engagement, Feedback, Payment, Task, TimeOff
from bot.db.session import transaction
from bot.slack import ids
from tests.e2e.conftest import OWNER
from tests.e2e.helpers import in_days
from tests.e2e.test_home import home_text, open_home
from tests.support.shown import mentions_amount, shown_all

LONDON, NEW_YORK = ZoneInfo("Europe/London"), ZoneInfo("America/New_York")
NADIA, CHANNEL = "U0NADIANY", "C0TRUTHNY"
SLOT, SLA = time(10), timedelta(hours=4)  # 10:00 to 14:00 in her 09:00-17:00 day
PLAN = 'objectives="Ship the portal" deliverables="The portal"'
EMOJI = {"on_track": ":large_green_circle:", "at_risk": ":large_yellow_circle:", "blocked": ":red_circle:",
         "silent": ":white_circle:", "no_status": ":white_circle:"}
WORD = {"on_track": "on track", "at_risk": "at risk", "blocked": "blocked", "silent": "silent",
        "no_status": "no status given"}
ORDER = ["on_track", "no_status", "silent", "at_risk", "blocked"]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.isoweekday() - 1)


def key_of(message: dict) -> str | None:  # type: ignore[type-arg]
    metadata = message.get("metadata") or {}
    metadata = json.loads(metadata) if isinstance(metadata, str) else metadata
    return (metadata.get("event_payload") or {}).get("key")


@dataclass
class Walk:
    """The script, the simulation and the independent model of what is true at an instant."""

    slack: object
    emulator: object
    duties: object
    now_real: datetime = field(default_factory=lambda: datetime.now(UTC))
    engagement_id: int = 0
    # her local day -> (answered at, status, progress, blocker text)
    checkins: dict[date, tuple[datetime, str, int | None, str]] = field(default_factory=dict)
    cleared_at: datetime | None = None
    prompts: dict[date, tuple[str, datetime]] = field(default_factory=dict)  # day -> (ts, due_at)
    sent: list[tuple[datetime, str, str, str]] = field(default_factory=list)  # (instant, duty, key, where)
    ran: list[datetime] = field(default_factory=list)
    tasks: dict[str, tuple[date, datetime | None]] = field(default_factory=dict)  # title -> (due, done at)
    payment_due: date | None = None
    ratings: list[int] = field(default_factory=list)
    rated_at: list[datetime] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.m0 = monday_of(self.now_real.astimezone(LONDON).date()) - timedelta(weeks=6)
        self.us = holidays.country_holidays("US", years=range(2020, 2035))
        self.gb = holidays.country_holidays("GB", subdiv="ENG", years=range(2020, 2035))  # as the bot keeps GB
        self.away = (self.m0 + timedelta(weeks=3), self.m0 + timedelta(weeks=3, days=4))  # week 3, Mon-Fri

    def day(self, week: int, weekday: int) -> date:
        return self.m0 + timedelta(weeks=week, days=weekday - 1)

    # -- her calendar, by hand ------------------------------------------------------------------
    def off(self, day: date) -> bool:
        """A weekday she is away: a US public holiday or her time off."""
        return day.isoweekday() <= 5 and (day in self.us or self.away[0] <= day <= self.away[1])

    def works(self, day: date) -> bool:
        return day.isoweekday() <= 5 and not self.off(day)

    def slot(self, day: date) -> datetime:
        return datetime.combine(day, SLOT, tzinfo=NEW_YORK)

    # -- the simulation --------------------------------------------------------------------------
    def instants(self, start: datetime, end: datetime) -> list[datetime]:
        """Her slot and its SLA's end; the owner's morning and afternoon; weekend noons."""
        found = set()
        for zone, hours in ((NEW_YORK, (10, 14)), (LONDON, (9, 16))):
            day = start.astimezone(zone).date() - timedelta(days=1)
            while day <= end.astimezone(zone).date():
                for hour in hours if day.isoweekday() <= 5 else (12,):
                    at = datetime.combine(day, time(hour, 5), tzinfo=zone).astimezone(UTC)
                    if start <= at < end:
                        found.add(at)
                day += timedelta(days=1)
        return sorted(found)

    def finish_tasks(self, at: datetime) -> None:
        """The script's tasks are marked done when their moment comes, not before (a nudge or a feedback
        prompt for a task done "in the future" would be the script's lie, not the product's)."""
        with transaction(self.duties.runtime.sessions) as session:  # type: ignore[attr-defined]
            for task in session.scalars(select(Task).where(Task.engagement_id == self.engagement_id,
                                                           Task.status != "done")):
                finished = self.tasks[task.title][1]
                if finished is not None and finished <= at:
                    task.status, task.done_at, task.updated_at = "done", finished, finished

    def run(self, start: datetime, end: datetime, at_each=None) -> None:  # type: ignore[no-untyped-def]
        for at in self.instants(start, end):
            self.ran.append(at)
            self.finish_tasks(at)
            for line in self.duties.run(at):  # type: ignore[attr-defined]
                duty, key, _, where = line.split(" ", 3)
                self.sent.append((at, duty, key, where.split(":")[0].split(" ")[0]))
                if duty == "checkin_prompt":
                    self.answer(at, key)
                if duty == "feedback_prompt":
                    self.rate(at, key)
            if at_each is not None:
                at_each(at)

    def script(self, day: date) -> list[str]:
        """What she writes under the prompt of `day` (nothing: a missed check-in)."""
        week, weekday = (day - self.m0).days // 7, day.isoweekday()
        n = (day - self.m0).days
        if (week, weekday) == (1, 5):
            return []  # the missed Friday
        if (week, weekday) == (2, 1):
            return ["blocked 30% portal login | blocked: waiting for the API keys", "thanks, will wait"]
        if (week, weekday) == (2, 2):
            return ["at-risk 35% doing the styles meanwhile"]  # not on track: the blocker stays open
        if (week, weekday) == (5, 2):
            return []  # missed
        return [f"on-track {min(20 + n, 90)}% step {n}"]

    def answer(self, at: datetime, key: str) -> None:
        day = date.fromisoformat(key.rsplit(":", 1)[1])
        [prompt] = [m for m in self.emulator.messages(CHANNEL) if key_of(m) == key]  # type: ignore[attr-defined]
        with self.duties.runtime.sessions() as session:  # type: ignore[attr-defined]
            due_at = session.scalars(select(Delivery.due_at).where(Delivery.key == key)).one()
        self.prompts[day] = (prompt["ts"], due_at.astimezone(UTC))
        for index, text in enumerate(self.script(day)):
            before = len(self.emulator.calls_to("reactions.add"))  # type: ignore[attr-defined]
            self.slack.post_message(NADIA, CHANNEL, text, thread_ts=prompt["ts"])  # type: ignore[attr-defined]
            assert self.emulator.wait_for(  # type: ignore[attr-defined]
                lambda before=before: len(self.emulator.calls_to("reactions.add")) > before)
            reaction = self.emulator.calls_to("reactions.add")[before].args["name"]  # type: ignore[attr-defined]
            assert reaction == ("white_check_mark" if index == 0 else "memo"), (text, reaction)
            if index:
                continue
            answered = self.slot(day) + timedelta(minutes=20)
            status, percent = text.split(" ")[:2]
            blocker = text.split("blocked: ", 1)[1] if "blocked: " in text else ""
            self.checkins[day] = (answered, status.replace("-", "_"), int(percent.rstrip("%")), blocker)
            if status == "on-track" and self.cleared_at is None and any(c[3] for c in self.checkins.values()):
                self.cleared_at = answered
            with transaction(self.duties.runtime.sessions) as session:  # type: ignore[attr-defined]
                checkin = session.scalars(select(Checkin).where(Checkin.engagement_id == self.engagement_id)
                                          .order_by(Checkin.updated_at.desc(), Checkin.id.desc())).first()
                checkin.local_date, checkin.answered_at, checkin.created_at, checkin.updated_at = (
                    day, answered, answered, answered)

    def rate(self, at: datetime, key: str) -> None:
        """The owner rates every feedback prompt in its DM and comments in its thread."""
        dm = self.emulator.dm_channel(OWNER)  # type: ignore[attr-defined]
        [prompt] = [m for m in self.emulator.messages(dm) if key_of(m) == key]  # type: ignore[attr-defined]
        score = 4 if not self.ratings else 5
        self.slack.click(f"{ids.RATE_FEEDBACK}_quality_{score}", user=OWNER, message=prompt)  # type: ignore[attr-defined]
        self.ratings.append(score)
        assert self.emulator.wait_for(lambda: self.feedback_rows() == len(self.ratings))  # type: ignore[attr-defined]
        self.slack.post_message(OWNER, dm, "Clear notes every day", thread_ts=prompt["ts"])  # type: ignore[attr-defined]
        assert self.emulator.wait_for(  # type: ignore[attr-defined]
            lambda: self.feedback_rows(commented=True) == len(self.ratings))
        rated_at = at + timedelta(minutes=30)  # read and rated half an hour after it came
        self.rated_at.append(rated_at)
        with transaction(self.duties.runtime.sessions) as session:  # type: ignore[attr-defined]
            row = session.scalars(select(Feedback).order_by(Feedback.id.desc())).first()
            row.created_at = row.updated_at = rated_at

    def feedback_rows(self, *, commented: bool = False) -> int:
        with self.duties.runtime.sessions() as session:  # type: ignore[attr-defined]
            rated = select(Feedback.id).where(Feedback.quality.is_not(None))
            return len(session.scalars(rated.where(Feedback.comment != "") if commented else rated).all())

    # -- the model -------------------------------------------------------------------------------
    def done(self, now: datetime) -> dict[date, tuple[datetime, str, int | None, str]]:
        return {d: c for d, c in self.checkins.items() if c[0] <= now}

    def label(self, day: date, today: date) -> str:
        return f"{day:%a}" if abs((today - day).days) <= 6 else f"{day.day} {day:%b}"

    def overdue(self, now: datetime) -> int:
        today = now.astimezone(LONDON).date()
        return sum(1 for due, finished in self.tasks.values() if due < today and (finished is None or finished > now))

    def health(self, now: datetime) -> tuple[str, set[str]]:
        """PRODUCT.md's one rule, with silence counted without the days she was away."""
        today = now.astimezone(NEW_YORK).date()
        owner_today = now.astimezone(LONDON).date()
        done = self.done(now)
        levels, reasons = [], set()
        if not done:
            levels.append("silent")
            reasons.add("no check-in yet")
        else:
            last = max(done)
            gap = (today - last).days
            away = sum(self.off(last + timedelta(days=n)) for n in range(1, gap + 1))
            status = done[last][1]
            if gap - away > 7:
                levels.append("silent")
                reasons.add(f"no check-in for {gap} days")
            elif status != "on_track":
                levels.append(status)
                reasons.add(f"reported {WORD[status]}")
        raised = [d for d, c in done.items() if c[3]]
        if raised and (self.cleared_at is None or self.cleared_at > now):
            levels.append("blocked")
            reasons.add(f"blocker open since {self.label(min(raised), owner_today)}")
        if self.overdue(now):
            levels.append("at_risk")
            reasons.add(f"{self.overdue(now)} task{'s' if self.overdue(now) > 1 else ''} overdue")
        missed = [d for d, (_, due_at) in self.prompts.items() if due_at + SLA <= now
                  and not any(c >= d for c in done) and (now.date() - d).days <= 7]
        if missed:
            levels.append("at_risk")
            named = ", ".join(self.label(d, owner_today) for d in sorted(missed)[-3:])
            reasons.add(f"{len(missed)} missed check-ins, the latest {named}" if len(missed) > 3
                        else f"missed check-in{'s' if len(missed) > 1 else ''} {named}")
        return max(levels, key=ORDER.index) if levels else "on_track", reasons

    def check_line(self, text: str, now: datetime, where: str) -> None:
        level, reasons = self.health(now)
        assert f"{EMOJI[level]} {WORD[level]}" in text or text.startswith(EMOJI[level]), \
            (where, now, level, reasons, text)
        for reason in reasons:
            assert reason in text, (where, now, reason, text)
        if "silent" not in (level, *reasons) and level != "silent":
            assert "no check-in for" not in text, (where, now, text)


def test_six_weeks_with_one_contractor_read_as_the_owner_reads_it(slack, emulator, duties) -> None:  # noqa: PLR0915
    began = stopwatch.monotonic()
    walk = Walk(slack, emulator, duties)
    emulator.add_user(NADIA, name="nadia", real_name="Nadia Contractor", tz=NEW_YORK.key)
    emulator.add_channel(CHANNEL, name="proj-portal", members=[OWNER, NADIA])

    # Set up at the real now, then moved to the script's days (commands refuse dates in the past).
    reply = slack.slash("/kickoff", f'<@{NADIA}|nadia> "Portal" due {in_days(90)} '
                        f"checkins=mon,tue,wed,thu,fri@10:00 sla=4h {PLAN}", user=OWNER, channel=CHANNEL).wait()
    assert reply.ephemeral and "started" in reply.text, reply.text
    away = slack.slash("/availability", f"away {in_days(30)}..{in_days(34)}", user=NADIA,
                       channel=emulator.dm_channel(NADIA)).wait()
    assert away.ephemeral and ":warning:" not in away.text, away.text
    for title in ("API", "Dashboard", "Reports"):
        added = slack.slash("/task", f'add "{title}" due {in_days(5)} <@{NADIA}|nadia>', user=OWNER,
                            channel=CHANNEL).wait()
        assert ":warning:" not in added.text, added.text
    slack.slash("/task", f'add "Beta" due {in_days(5)} pay=1500 USD', user=OWNER, channel=CHANNEL).wait()
    before = len(emulator.messages(emulator.dm_channel(OWNER)))
    slack.slash("/task", "submit 4 https://example.com/beta", user=NADIA, channel=CHANNEL).wait()
    assert emulator.wait_for(lambda: len(emulator.messages(emulator.dm_channel(OWNER))) > before)
    review = emulator.messages(emulator.dm_channel(OWNER))[-1]
    slack.click(ids.APPROVE_WORK, user=OWNER, message=review)
    assert emulator.wait_for(lambda: any("approved task *4*" in str(m) for m in emulator.messages(CHANNEL)
                                         + [r for m in emulator.messages(CHANNEL)
                                            for r in emulator.messages(CHANNEL, m["ts"])]))
    walk.tasks = {
        "API": (walk.day(0, 5), walk.slot(walk.day(0, 4)) + timedelta(hours=5)),  # a day early
        "Dashboard": (walk.day(4, 2), walk.slot(walk.day(4, 5)) + timedelta(hours=5)),  # three days late
        "Reports": (walk.day(5, 3), None),  # never done: overdue from the day after
        "Beta": (walk.day(1, 5), walk.slot(walk.day(1, 4)) + timedelta(hours=3)),  # approved a day early
    }
    walk.payment_due = walk.day(2, 5)  # ...and paid only now, weeks after it fell due
    with transaction(duties.runtime.sessions) as session:
        engagement = session.scalars(select(Engagement).where(Engagement.channel_id == CHANNEL)).one()
        engagement.start_on = walk.m0
        walk.engagement_id = engagement.id
        for task in session.scalars(select(Task).where(Task.engagement_id == engagement.id)):
            task.due_on, task.done_at, task.status = walk.tasks[task.title][0], None, "open"
        session.execute(update(Payment).values(due_on=walk.payment_due))
        session.execute(update(TimeOff).values(start_on=walk.away[0], end_on=walk.away[1]))

    # The weeks gone by; every Monday's digest read as it arrives.
    digests: list[tuple[datetime, dict]] = []  # type: ignore[type-arg]
    owner_dm = emulator.dm_channel(OWNER)

    def read_digest(at: datetime) -> None:
        fresh = [m for m in emulator.messages(owner_dm) if "weekly digest" in m["text"]]
        if len(fresh) > len(digests):
            digests.append((at, fresh[-1]))
            text = str(fresh[-1]["blocks"])
            walk.check_line(text, at, "digest")
            week = sum(1 for answered, *_ in walk.done(at).values() if at - timedelta(days=7) < answered <= at)
            assert f"{week} check-in(s) this week" in text, (at, week, text)
            overdue = walk.overdue(at)
            assert (f"{overdue} overdue task(s)" in text) == bool(overdue), (at, overdue, text)
            # The unpaid milestone: a week ahead "due <day>"; once past, overdue and by how long.
            late = (at.astimezone(LONDON).date() - walk.payment_due).days
            if late > 0:
                assert f"payment 1 overdue by {late} day{'s' if late > 1 else ''} (due {walk.payment_due:%a %d %b})" \
                    in text, (at, text)
            elif late >= -7:
                assert f"payment 1 due {walk.payment_due:%a %d %b}" in text, (at, text)
            else:
                assert "payment 1" not in text, (at, text)

    walk.run(datetime.combine(walk.m0, time(0), tzinfo=UTC), walk.now_real, read_digest)
    mondays = sorted({a.astimezone(LONDON).date() for a in walk.ran
                      if a.astimezone(LONDON).isoweekday() == 1 and a.astimezone(LONDON).time() >= time(9)})
    assert [a.astimezone(LONDON).date() for a, _ in digests] == mondays

    # Every prompt: her working days only (no weekend, US holiday or time off), at 10:00 her time on
    # either side of the daylight-saving change.
    expected = {d for d in (walk.m0 + timedelta(days=n) for n in range(60))
                if walk.works(d) and walk.slot(d) <= walk.now_real - timedelta(minutes=5)}
    expected = {d for d in expected if any(walk.slot(d) <= a < walk.slot(d) + timedelta(hours=4) for a in walk.ran)}
    assert set(walk.prompts) == expected, sorted(set(walk.prompts) ^ expected)
    for day, (_, due_at) in walk.prompts.items():
        assert due_at == walk.slot(day), (day, due_at)
    print("US holidays skipped:", sorted(d for d in walk.us if walk.m0 <= d <= walk.now_real.date()),
          "offsets:", sorted({walk.slot(d).utcoffset() for d in walk.prompts}))

    # The board, the Home tab, the task list at the real now.
    now = datetime.now(UTC)
    board = slack.slash("/checkin", "status", user=OWNER, channel=owner_dm).wait()
    [line] = [b["text"]["text"] for b in board.body["blocks"] if "*Portal*" in str(b) and b.get("text")]
    walk.check_line(line, now, "board")
    open_home(slack, emulator, OWNER)
    home = home_text(emulator, OWNER)
    level, reasons = walk.health(now)
    assert f"{EMOJI[level]} 1 {WORD[level].replace(' given', '')}" in home, (level, home[:800])
    for reason in reasons:
        assert reason in home, (reason, home[:1500])
    listed = slack.slash("/task", "list", user=OWNER, channel=CHANNEL).wait().text
    today = now.astimezone(LONDON).date()
    reports_due = walk.tasks["Reports"][0]
    assert f"due {reports_due:%a %d %b} · :warning: *overdue*" in listed, listed
    assert listed.count("*overdue*") == 1, listed

    # Her own view: the next check-in she will really be asked for, in her time; her overdue task in her calendar.
    local_now = datetime.now(NEW_YORK)
    upcoming = next(walk.slot(d) for d in (local_now.date() + timedelta(days=n) for n in range(20))
                    if walk.works(d) and walk.slot(d) > local_now)
    mine = slack.slash("/checkin", "status", user=NADIA, channel=emulator.dm_channel(NADIA)).wait().text
    assert f"your next check-in {upcoming:%a %d %b %H:%M} (America/New_York)" in mine, (upcoming, mine)
    open_home(slack, emulator, NADIA)
    her_home = home_text(emulator, NADIA)
    assert "1,500" not in her_home and "quality" not in her_home.lower(), her_home
    if reports_due < local_now.date():
        assert f"due {reports_due:%a %d %b} · :warning: *overdue*" in her_home, her_home

    # Paid at last, from the DM; then the scorecard over all time, counted from the script.
    paid = slack.slash("/payment", "paid 1", user=OWNER, channel=owner_dm).wait()
    assert paid.ephemeral and "paid" in paid.text.lower(), paid.text
    card = slack.slash("/scorecard", f"<@{NADIA}|nadia> all", user=OWNER, channel=CHANNEL).wait()
    assert card.ephemeral
    card_text = card.text
    due = [(due, finished) for due, finished in walk.tasks.values() if finished is not None or due < today]
    hits = sum(finished is not None and finished.astimezone(NEW_YORK).date() <= due for due, finished in due)
    assert f"*On-time delivery:* {round(100 * hits / len(due))}% ({hits} of {len(due)} tasks due)" in card_text, \
        (hits, len(due), card_text)
    counted = [d for d, (_, due_at) in walk.prompts.items() if d in walk.checkins or due_at + SLA <= now]
    answered = sum(d in walk.checkins for d in counted)
    assert (f"*Check-ins answered:* {round(100 * answered / len(counted))}% ({answered} of {len(counted)} prompts)"
            in card_text), (answered, len(counted), card_text)
    if walk.ratings:
        assert f"quality {sum(walk.ratings) / len(walk.ratings):.1f}" in card_text, (walk.ratings, card_text)
    assert "*Payments made on time:* 0% (0 of 1 payments)" in card_text.split("*Your record*")[1], card_text

    # Money and ratings only ever reached the owner.
    channel_all = emulator.messages(CHANNEL) + [r for m in emulator.messages(CHANNEL)
                                                for r in emulator.messages(CHANNEL, m["ts"])]
    assert not mentions_amount(shown_all(channel_all), "1,500") and not mentions_amount(shown_all(channel_all), "1500")
    assert "Quality" not in shown_all(channel_all) and "quality" not in shown_all(channel_all)
    assert {w for _, d, _, w in walk.sent if d in ("payment_alert", "feedback_prompt", "thanks_nudge",
                                                    "weekly_digest", "checkin_owner_alert")} <= {OWNER}
    alerts = sorted(a.astimezone(LONDON).date() for a, d, _, _ in walk.sent if d == "payment_alert")
    assert alerts and all(walk.payment_due - timedelta(days=3) <= a for a in alerts), alerts
    assert all(a.isoweekday() <= 5 and a not in walk.gb for a in alerts), alerts
    # The documented days (3 before, the day, overdue 1, 3, 7, then weekly), each the latest one come due on
    # an owner's working day; on Mondays it rides in the digest (recorded as sent all the same).
    wanted = set()
    for at in walk.ran:
        local = at.astimezone(LONDON)
        if local.isoweekday() > 5 or local.date() in walk.gb or not time(9) <= local.time() < time(17):
            continue
        late = (local.date() - walk.payment_due).days
        if late >= -3:
            steps = [-3, 0, 1, 3, 7] + list(range(14, late + 1, 7))
            wanted.add(walk.payment_due + timedelta(days=max(step for step in steps if step <= late)))
    with duties.runtime.sessions() as session:
        keys = set(session.scalars(select(Delivery.key).where(Delivery.duty == "payment_alert",
                                                              Delivery.status == "sent")))
        [payment_id] = session.scalars(select(Payment.id))  # ids are never reused: not 1 after another test
    assert keys == {f"payment:{payment_id}:{day.isoformat()}" for day in wanted}, sorted(keys)

    # Every thank-you nudge gives a reason that was true when it was sent (no thanks was ever given).
    nudges = {key_of(m): str(m["blocks"]) for m in emulator.messages(owner_dm) if key_of(m)}
    for at, duty, key, _ in walk.sent:
        if duty != "thanks_nudge":
            continue
        said, week = nudges[key], timedelta(days=7)
        if "four times in a row" in said:
            last4 = sorted(d for d in walk.done(at))[-4:]
            assert len(last4) == 4 and at - walk.checkins[last4[-1]][0] < week, (at, last4)
            assert all(walk.checkins[d][0] <= walk.prompts[d][1] + SLA for d in last4 if d in walk.prompts)
            assert not [d for d, (_, due_at) in walk.prompts.items()
                        if d > last4[0] and d not in walk.checkins and due_at + SLA <= at], (at, said)
        elif "earned a 5" in said:
            assert any(r == 5 and at - week < when <= at for r, when in zip(walk.ratings, walk.rated_at,
                                                                            strict=True)), (at, said)
        elif "finished a task on time" in said:
            assert any(done is not None and at - week < done <= at and done.astimezone(NEW_YORK).date() <= due
                       for due, done in walk.tasks.values()), (at, said)
        else:
            assert "30 days" in said and (at - walk.slot(walk.m0)).days >= 30, (at, said)
    elapsed = stopwatch.monotonic() - began
    print(f"six weeks: {len(walk.ran)} duty runs, {len(walk.sent)} messages, {elapsed:.1f}s")


def kickoff_nadia(slack, emulator) -> None:  # type: ignore[no-untyped-def]
    """Nadia in New York, Mondays and Thursdays at 10:00, in a channel of her own with the owner."""
    emulator.add_user(NADIA, name="nadia", real_name="Nadia Contractor", tz=NEW_YORK.key)
    emulator.add_channel(CHANNEL, name="proj-portal", members=[OWNER, NADIA])
    reply = slack.slash("/kickoff", f'<@{NADIA}|nadia> "Portal" due {in_days(90)} checkins=mon,thu@10:00 {PLAN}',
                        user=OWNER, channel=CHANNEL).wait()
    assert reply.ephemeral and "started" in reply.text, reply.text


def test_a_week_off_after_her_last_check_in_is_not_silence_on_the_board_or_home(slack, emulator, duties) -> None:
    """Her last check-in ten days ago, then eight days off that ended two days ago: the board and the
    Home tab said ":white_circle: silent (no check-in for 10 days)" of someone on announced leave."""
    kickoff_nadia(slack, emulator)
    assert "saved" in slack.slash("/checkin", "on-track 50% login done", user=NADIA, channel=CHANNEL).wait().text
    away = slack.slash("/availability", f"away {in_days(30)}..{in_days(37)}", user=NADIA,
                       channel=emulator.dm_channel(NADIA)).wait()
    assert away.ephemeral and ":warning:" not in away.text, away.text
    today = datetime.now(NEW_YORK).date()
    last, off = today - timedelta(days=10), (today - timedelta(days=9), today - timedelta(days=2))
    with transaction(duties.runtime.sessions) as session:
        session.execute(update(Engagement).values(start_on=today - timedelta(days=20)))
        answered = datetime.combine(last, time(11), tzinfo=NEW_YORK)
        session.execute(update(Checkin).values(local_date=last, answered_at=answered, created_at=answered,
                                               updated_at=answered))
        session.execute(update(TimeOff).values(start_on=off[0], end_on=off[1]))
    # Eight days in a row hold at least five weekdays: at most 10 - 5 = 5 days of silence, under 7.
    assert sum((off[0] + timedelta(days=n)).isoweekday() <= 5 for n in range(8)) >= 5

    board = slack.slash("/checkin", "status", user=OWNER, channel=emulator.dm_channel(OWNER)).wait()
    [line] = [b["text"]["text"] for b in board.body["blocks"] if "*Portal*" in str(b) and b.get("text")]
    assert line.startswith(EMOJI["on_track"]) and "silent" not in line and "no check-in for" not in line, line
    open_home(slack, emulator, OWNER)
    home = home_text(emulator, OWNER)
    assert f"{EMOJI['on_track']} 1 on track" in home and "no check-in for" not in home, home[:1200]


def test_a_check_in_by_command_answers_the_days_prompt_in_the_scorecards_reply_times(slack, emulator, duties) -> None:
    """The day's prompt went out a minute ago; she answers with `/checkin` instead of in its thread. The
    scorecard counted it answered but left it out of the reply times ("— " with no median) and the streak
    behind the thanks nudge took any such check-in as on time, however late."""
    kickoff_nadia(slack, emulator)
    asked = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    with transaction(duties.runtime.sessions) as session:
        engagement = session.scalars(select(Engagement)).one()
        session.add(Delivery(key=f"checkin:{engagement.id}:{asked.astimezone(NEW_YORK).date().isoformat()}",
                             duty="checkin_prompt", team_id=engagement.team_id, channel_id=CHANNEL, status="sent",
                             message_ts="1.0", attempts=1, due_at=asked, claimed_at=asked, sent_at=asked))
    assert "saved" in slack.slash("/checkin", "on-track 50% login done", user=NADIA, channel=CHANNEL).wait().text
    card = slack.slash("/scorecard", f"<@{NADIA}|nadia> all", user=OWNER, channel=CHANNEL).wait().text
    # A minute at most, whether or not it falls in her working hours: 0.0 working hours, within the 24 h SLA.
    assert "*Check-ins answered:* 100% (1 of 1 prompts) · median reply 0.0 working h (SLA 24 h) · 100% within SLA" \
        in card, card


def test_a_next_check_in_weeks_away_names_its_date(slack, emulator, duties) -> None:
    """Two weeks off from today: the board said "next Mon 15:00 London", which an owner reads as the
    coming Monday, and her Home tab the same in her time. Beyond the coming six days the date is named.
    (From today, not tomorrow: early on a Monday or Thursday, today's slot is still to come.)"""
    kickoff_nadia(slack, emulator)
    today = datetime.now(NEW_YORK).date()
    start, end = today, today + timedelta(days=15)
    away = slack.slash("/availability", f"away {start.isoformat()}..{end.isoformat()}", user=NADIA,
                       channel=emulator.dm_channel(NADIA)).wait()
    assert away.ephemeral and ":warning:" not in away.text, away.text
    us = holidays.country_holidays("US", years=range(2020, 2035))
    now = datetime.now(NEW_YORK)
    upcoming = next(at for at in (datetime.combine(today + timedelta(days=n), SLOT, tzinfo=NEW_YORK)
                                  for n in range(40))
                    if at > now and at.isoweekday() in (1, 4) and at.date() not in us
                    and not start <= at.date() <= end)
    shown = upcoming.astimezone(LONDON)
    within_six_days = (shown.date() - datetime.now(LONDON).date()).days <= 6
    board = slack.slash("/checkin", "status", user=OWNER, channel=emulator.dm_channel(OWNER)).wait()
    [line] = [b["text"]["text"] for b in board.body["blocks"] if "*Portal*" in str(b) and b.get("text")]
    assert upcoming - now > timedelta(days=7) and not within_six_days
    assert f"next {shown:%a %d %b %H:%M} London" in line, (upcoming, line)
    open_home(slack, emulator, NADIA)
    assert f"next check-in {upcoming:%a %d %b %H:%M} New York" in home_text(emulator, NADIA), upcoming


def test_the_board_says_an_engagement_is_paused_as_the_home_tab_does(slack, emulator, duties) -> None:
    """Paused: the Home tab said "paused: no prompts until resumed"; `/checkin status` only "next none
    scheduled", and in time "silent", as if she had gone quiet."""
    kickoff_nadia(slack, emulator)
    assert "is paused" in slack.slash("/engagement", "pause", user=OWNER, channel=CHANNEL).wait().text
    board = slack.slash("/checkin", "status", user=OWNER, channel=emulator.dm_channel(OWNER)).wait()
    [line] = [b["text"]["text"] for b in board.body["blocks"] if "*Portal*" in str(b) and b.get("text")]
    assert "*paused*: no prompts until resumed" in line, line
    open_home(slack, emulator, OWNER)
    assert home_text(emulator, OWNER).count("*paused*: no prompts until resumed") == 1
