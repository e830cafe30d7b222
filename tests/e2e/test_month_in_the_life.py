"""Issue 13's "month in the life": three contractors in three zones, five weeks of duties, one owner.

The served bot answers commands on the real clock; the duties run in-process at simulated instants.
So the month is laid out around today: the four weeks before this week's Monday and this week up to
now are simulated in the past (each scripted reply is sent through the real endpoint in its prompt's
thread, then dated back to the instant it belongs to), then the owner acts at the real now (board,
Home tab, scorecard, a payment marked paid from the DM, an edit, an end), then the duties run on to
the next Monday's digest. Every expectation (working days from the `holidays` package and each
person's zone, which prompts exist, each engagement's health and why) is computed here from the
script, never with bot.domain.
"""

from __future__ import annotations

import json
import time as stopwatch
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import select, update

from bot.db.models import Checkin, Delivery, Engagement, Task
from bot.db.session import transaction
from tests.e2e.conftest import MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days
from tests.e2e.test_home import home_text, open_home

LONDON = ZoneInfo("Europe/London")
SLA = timedelta(hours=4)  # every engagement: the slots below plus 4 h end inside a 09:00-17:00 day
PLAN = 'objectives="Ship it" deliverables="The thing"'
BLOCKED = "blocked 40% homepage halfway | blocked: need the logo files"
CLEARED = "on-track 60% got the brand assets"
WORKING_HOURS = (9, 10, 11, 13, 15, 16)  # slots at 10:00, 09:30 and 11:00; SLAs end by 15:00; digest 09:00
WEEKDAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5}


@dataclass
class Contract:
    """One contractor's engagement in the script."""

    user: str
    zone: ZoneInfo
    country: str  # what their Slack zone implies; nobody types country=
    channel: str
    title: str
    days: set[int]
    at: time
    engagement_id: int = 0
    ended_at: datetime | None = None
    deadline: date | None = None  # set by the script's edit; held from the owner's next day
    # what the script did: contractor-local day -> (status, progress, blocker text or "")
    checkins: dict[date, tuple[str, int | None, str]] = field(default_factory=dict)
    blocker_cleared_on: date | None = None
    prompts: dict[date, str] = field(default_factory=dict)  # day -> prompt ts

    @property
    def quiet_from(self) -> datetime | None:
        """From when nothing routine may be sent for it: its end, or the hold after its deadline."""
        held = (datetime.combine(self.deadline + timedelta(days=1), time(0), tzinfo=LONDON).astimezone(UTC)
                if self.deadline else None)
        return min((t for t in (self.ended_at, held) if t is not None), default=None)

    @property
    def calendar(self) -> holidays.HolidayBase:
        return holidays.country_holidays(self.country, years=range(2020, 2035))

    def works(self, day: date) -> bool:
        return day.isoweekday() <= 5 and day not in self.calendar

    def next_workday(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.works(day):
            day += timedelta(days=1)
        return day

    def slot(self, day: date) -> datetime:
        return datetime.combine(day, self.at, tzinfo=self.zone)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.isoweekday() - 1)


def weekly_progress(n: int) -> int:
    return min(10 + 3 * n, 70)


def key_of(message: dict) -> str | None:  # type: ignore[type-arg]
    metadata = message.get("metadata") or {}
    metadata = json.loads(metadata) if isinstance(metadata, str) else metadata
    return (metadata.get("event_payload") or {}).get("key")


class Month:
    """The script, the simulation and the independent model of what must be true at each instant."""

    def __init__(self, slack, emulator, duties) -> None:  # type: ignore[no-untyped-def]
        self.slack, self.emulator, self.duties = slack, emulator, duties
        self.now_real = datetime.now(UTC)
        self.m0 = monday_of(self.now_real.astimezone(LONDON).date()) - timedelta(weeks=4)
        self.maria = Contract(MARIA, ZoneInfo("America/Bogota"), "CO", PROJECT, "Website", {1, 2, 3, 4, 5}, time(10))
        self.manila = Contract("U0MONTHMNL", ZoneInfo("Asia/Manila"), "PH", "C0MONTHMNL", "App", {1, 3, 5},
                               time(9, 30))
        self.berlin = Contract("U0MONTHBER", ZoneInfo("Europe/Berlin"), "DE", "C0MONTHBER", "Brand", {2, 4},
                               time(11))
        self.contracts = [self.maria, self.manila, self.berlin]
        # Her blocker: reported on her last working day of week 1 (the Friday), still open on her next one (the
        # Monday, after the owner's digest), cleared on the one after (the Tuesday), whatever Colombia keeps.
        self.blocked_day = max(d for d in (self.m0 + timedelta(weeks=1, days=n) for n in range(5))
                               if self.maria.works(d))
        self.cleared_day = self.maria.next_workday(self.maria.next_workday(self.blocked_day))
        # Her missed check-in: the last of her working days in week 3 (the Friday, unless Colombia keeps it)
        # after which the owner is back at work before she is (else her next check-in makes the alert moot).
        week_3 = [self.m0 + timedelta(weeks=3, days=n) for n in range(5)]
        self.missed_day = max(d for d in week_3 if self.maria.works(d)
                              and london_next_workday(d) <= self.maria.next_workday(d))
        self.sent: list[tuple[datetime, str, str, str]] = []  # (instant, duty, key, recipient)
        self.task_due: date = self.m0 + timedelta(days=15)  # Berlin's task: due Tuesday of week 3
        self.edit_from: datetime | None = None
        self.runs = 0
        self.duty_seconds = 0.0
        self.ran: list[datetime] = []

    # -- setting up through the real endpoint --------------------------------------------------
    def kickoff(self, contract: Contract) -> None:
        if contract.user != MARIA:
            self.emulator.add_user(contract.user, name=contract.user.lower(), real_name=contract.title + " Dev",
                                   tz=contract.zone.key)
            self.emulator.add_channel(contract.channel, name=contract.channel.lower(),
                                      members=[OWNER, contract.user])
        days = ",".join(name for name, n in WEEKDAYS.items() if n in contract.days)
        reply = self.slack.slash("/kickoff", f'<@{contract.user}|{contract.user.lower()}> "{contract.title}" '
                                 f"due {in_days(60)} checkins={days}@{contract.at:%H:%M} sla=4h {PLAN}",
                                 user=OWNER, channel=contract.channel).wait()
        assert reply.ephemeral, reply.text
        with transaction(self.duties.runtime.sessions) as session:
            engagement = session.scalars(select(Engagement).where(Engagement.channel_id == contract.channel)).one()
            engagement.start_on = self.m0  # the month began four weeks ago
            contract.engagement_id = engagement.id

    # -- the simulation --------------------------------------------------------------------------
    def instants(self, start: datetime, end: datetime) -> list[datetime]:
        """Five past the working hours that matter (the slots, their SLAs, the owner's digest and alerts) in
        the owner's and each contractor's zone, and once at noon on their weekends (nothing must go out)."""
        found: set[datetime] = set()
        # Berlin's working hours are London's shifted by one: London's instants cover them.
        for zone in {LONDON} | ({c.zone for c in self.contracts} - {ZoneInfo("Europe/Berlin")}):
            day = start.astimezone(zone).date() - timedelta(days=1)
            while day <= end.astimezone(zone).date():
                for hour in WORKING_HOURS if day.isoweekday() <= 5 else [12]:
                    at = datetime.combine(day, time(hour, 5), tzinfo=zone).astimezone(UTC)
                    if start <= at < end:
                        found.add(at)
                day += timedelta(days=1)
        return sorted(found)

    def run(self, start: datetime, end: datetime) -> None:
        for at in self.instants(start, end):
            self.runs += 1
            self.ran.append(at)
            ticked = stopwatch.monotonic()
            lines = self.duties.run(at)
            self.duty_seconds += stopwatch.monotonic() - ticked
            for line in lines:
                duty, key, _, where = line.split(" ", 3)
                self.sent.append((at, duty, key, where.split(":")[0].split(" ")[0]))
                if duty == "checkin_prompt":
                    self.answer(at, key)

    def contract_of(self, engagement_id: int) -> Contract:
        return next(c for c in self.contracts if c.engagement_id == engagement_id)

    def answer(self, at: datetime, key: str) -> None:
        """The contractor's scripted replies in the prompt's thread, dated back to 20 minutes after it."""
        _, engagement_id, day_text = key.split(":")
        contract, day = self.contract_of(int(engagement_id)), date.fromisoformat(day_text)
        [prompt] = [m for m in self.emulator.messages(contract.channel) if key_of(m) == key]
        contract.prompts[day] = prompt["ts"]
        for text, kind in self.replies(contract, day):
            self.reply(contract, prompt["ts"], text, kind)
        if any(kind == "checkin" for _, kind in self.replies(contract, day)):
            self.backdate(contract, day, at + timedelta(minutes=20))

    def replies(self, contract: Contract, day: date) -> list[tuple[str, str]]:
        """What the contractor writes under the prompt of `day`: (text, what it must be recorded as)."""
        week, weekday = (day - self.m0).days // 7, day.isoweekday()
        n = (day - self.m0).days
        routine = [(f"on-track {weekly_progress(n)}% step {n}", "checkin")]
        if contract is self.maria:
            # Blocked on Friday, still waiting on Monday (the digest comes before her reply), cleared Tuesday.
            if day == self.blocked_day:
                return [(BLOCKED, "checkin"), ("ok thanks!", "note")]
            if day == self.maria.next_workday(self.blocked_day):
                return [("at-risk 50% doing the footer meanwhile", "checkin")]
            if day == self.cleared_day:
                return [(CLEARED, "checkin")]
            if day == self.missed_day:
                return []  # the missed check-in
        if contract is self.manila and (week, weekday) == (2, 1):
            return routine + [("lorem ipsum", "note")]
        if contract is self.manila and (week, weekday) == (4, 1):
            return [("Finished the auth screens", "checkin")]  # no status word: "no status given", not on track
        return routine

    def reply(self, contract: Contract, thread_ts: str, text: str, kind: str) -> None:
        before = len(self.emulator.calls_to("reactions.add"))
        self.slack.post_message(contract.user, contract.channel, text, thread_ts=thread_ts)
        assert self.emulator.wait_for(lambda: len(self.emulator.calls_to("reactions.add")) > before)
        reaction = self.emulator.calls_to("reactions.add")[before].args["name"]
        assert reaction == ("white_check_mark" if kind == "checkin" else "memo"), (text, reaction)
        if kind != "checkin":
            return
        status = text.split(" ")[0].replace("-", "_")
        progress = int(text.split(" ")[1].rstrip("%")) if status in ("on_track", "at_risk", "blocked") else None
        status = status if progress is not None else "no_status"
        blocker = text.split("blocked: ", 1)[1] if "blocked: " in text else ""
        contract.checkins[self.local_day_of(contract, thread_ts)] = (status, progress, blocker)
        if status == "on_track" and not blocker and any(b for _, _, b in contract.checkins.values()):
            contract.blocker_cleared_on = contract.blocker_cleared_on or self.local_day_of(contract, thread_ts)

    def local_day_of(self, contract: Contract, thread_ts: str) -> date:
        return next(day for day, ts in contract.prompts.items() if ts == thread_ts)

    def backdate(self, contract: Contract, day: date, at: datetime) -> None:
        """The check-in just recorded today (real clock) belongs to `day`, answered at `at`."""
        with transaction(self.duties.runtime.sessions) as session:
            checkin = session.scalars(select(Checkin).where(Checkin.engagement_id == contract.engagement_id)
                                      .order_by(Checkin.updated_at.desc(), Checkin.id.desc())).first()
            checkin.local_date, checkin.answered_at, checkin.created_at, checkin.updated_at = day, at, at, at

    # -- the independent model ----------------------------------------------------------------------
    def prompt_days(self, contract: Contract, start: datetime, end: datetime) -> set[date]:
        """Slots falling in [start, end): cadence day, working day of the contractor's country, not ended,
        and by the edit's cadence once edited."""
        found = set()
        day = start.astimezone(contract.zone).date() - timedelta(days=1)
        while day <= end.astimezone(contract.zone).date():
            slot = contract.slot(day)
            days = contract.days
            if contract is self.manila and self.edit_from is not None and slot >= self.edit_from:
                days = {2, 4}
            if (start <= slot < end and day.isoweekday() in days and contract.works(day)
                    and day >= self.m0 and (contract.ended_at is None or slot < contract.ended_at)
                    and (contract.deadline is None or day <= contract.deadline)):
                found.add(day)
            day += timedelta(days=1)
        return found

    def health(self, contract: Contract, now: datetime) -> tuple[str, set[str]]:
        """The documented rule: worst of reported status, open blocker, overdue task, missed check-in."""
        today = now.astimezone(contract.zone).date()
        owner_today = now.astimezone(LONDON).date()
        done = {d: v for d, v in contract.checkins.items() if contract.slot(d) + timedelta(minutes=20) <= now}
        reasons: set[str] = set()
        levels = []
        label = lambda d: f"{d:%a}" if abs((owner_today - d).days) <= 6 else f"{d.day} {d:%b}"  # noqa: E731
        if not done:
            levels.append("silent")
            reasons.add("no check-in yet")
        else:
            last = max(done)
            status = done[last][0]
            if (today - last).days > 7:
                levels.append("silent")
                reasons.add(f"no check-in for {(today - last).days} days")
            elif status == "no_status":
                levels.append(status)
                reasons.add("no status given")
            elif status != "on_track":
                levels.append(status)
                reasons.add(f"reported {status.replace('_', ' ')}")
        blocked_days = [d for d, v in done.items() if v[2]]
        if blocked_days and (contract.blocker_cleared_on is None or contract.slot(contract.blocker_cleared_on)
                             + timedelta(minutes=20) > now):
            levels.append("blocked")
            reasons.add(f"blocker open since {label(min(blocked_days))}")
        if contract is self.berlin and self.task_due < owner_today:
            levels.append("at_risk")
            reasons.add("1 task overdue")
        missed = [d for d in contract.prompts if contract.slot(d) + SLA <= now
                  and not any(c >= d for c in done) and (now.date() - d).days <= 7]
        if missed:
            levels.append("at_risk")
            reasons.add(f"missed check-in{'s' if len(missed) > 1 else ''} "
                        + ", ".join(label(d) for d in sorted(missed)[-3:]))
        order = ["on_track", "no_status", "silent", "at_risk", "blocked"]
        level = max(levels, key=order.index) if levels else "on_track"
        return level, reasons

    def digest_mondays(self) -> list[date]:
        """The owner's Mondays whose 09:00 (London) the simulation has run past: one digest each."""
        return sorted({local.date() for local in (a.astimezone(LONDON) for a in self.ran)
                       if local.isoweekday() == 1 and local.time() >= time(9)})

    def sent_at(self, duty: str, day: date) -> datetime:
        """When the duty's message for `day` went out (its key ends with the day)."""
        return next(at for at, d, key, _ in self.sent if d == duty and key.endswith(day.isoformat()))

    def digests(self) -> list[dict]:  # type: ignore[type-arg]
        return [m for m in self.emulator.messages(self.emulator.dm_channel(OWNER)) if "weekly digest" in m["text"]]

    def check_digest(self, digest: dict, at: datetime) -> None:  # type: ignore[type-arg]
        text = str(digest["blocks"])
        for contract in self.contracts:
            if contract.quiet_from is not None and contract.quiet_from <= at:  # ended, or held: no line
                assert f"*{contract.title}*" not in text, (at, contract.title)
                continue
            line = next(part for part in text.split("• ") if f"*{contract.title}*" in part)
            level, reasons = self.health(contract, at)
            shown = {"on_track": "on track", "at_risk": "at risk", "blocked": "blocked", "silent": "silent",
                     "no_status": "no status given"}[level]
            assert f"circle: {shown}" in line, (at, contract.title, level, reasons, line)
            for reason in reasons:
                assert reason in line, (at, contract.title, reason, line)
            if not reasons:
                assert "(" not in line.split("check-in(s)")[0], (at, contract.title, line)


def london_next_workday(day: date) -> date:
    """The owner's first working day after `day` (weekdays, no public holiday in England)."""
    england = holidays.country_holidays("GB", subdiv="ENG", years=range(2020, 2035))
    day += timedelta(days=1)
    while day.isoweekday() > 5 or day in england:
        day += timedelta(days=1)
    return day


def board_lines(reply) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {title: next(b["text"]["text"] for b in reply.body["blocks"] if f"*{title}*" in str(b))
            for title in ("Website", "App", "Brand") if f"*{title}*" in str(reply.body["blocks"])}


HOME_WORD = {"on_track": "on track", "at_risk": "at risk", "blocked": "blocked", "silent": "silent",
             "no_status": "no status"}
EMOJI = {"on_track": ":large_green_circle:", "at_risk": ":large_yellow_circle:", "blocked": ":red_circle:",
         "silent": ":white_circle:", "no_status": ":white_circle:"}


def test_a_month_in_the_life(slack, emulator, duties) -> None:  # noqa: PLR0915
    began = stopwatch.monotonic()
    month = Month(slack, emulator, duties)
    for contract in month.contracts:
        month.kickoff(contract)
    slack.slash("/task", f'add "Logo" due {in_days(1)} <@{month.berlin.user}|x>', user=OWNER,
                channel=month.berlin.channel).wait()
    with transaction(duties.runtime.sessions) as session:  # the script: it was due on Tuesday of week 3
        session.execute(update(Task).values(due_on=month.task_due))
    due = month.now_real.astimezone(LONDON).date() + timedelta(days=2)
    slack.slash("/payment", f"add 800 USD due {due.isoformat()}", user=OWNER, channel=PROJECT).wait()

    start = datetime.combine(month.m0, time(0), tzinfo=UTC)
    month.run(start, month.now_real)

    # Checkpoint 1: the past weeks' digests, then the board, the Home tab, the scorecard at the real now.
    digests = month.digests()
    mondays = month.digest_mondays()
    assert len(digests) == len(mondays), ([d["text"] for d in digests], mondays)
    for digest, monday in zip(digests, mondays, strict=False):
        month.check_digest(digest, month.sent_at("weekly_digest", monday))
    board = slack.slash("/checkin", "status", user=OWNER, channel=emulator.dm_channel(OWNER)).wait()
    lines = board_lines(board)
    for contract in month.contracts:
        level, reasons = month.health(contract, datetime.now(UTC))
        assert lines[contract.title].startswith(EMOJI[level]), (contract.title, level, reasons, lines)
        for reason in reasons:
            assert reason in lines[contract.title], (contract.title, reason, lines)

    open_home(slack, emulator, OWNER)
    home = home_text(emulator, OWNER)
    levels = Counter(month.health(c, datetime.now(UTC))[0] for c in month.contracts)
    for level, count in levels.items():
        assert f"{EMOJI[level]} {count} {HOME_WORD[level]}" in home, (level, count, home[:600])
    for contract in month.contracts:
        for reason in month.health(contract, datetime.now(UTC))[1]:
            assert reason in home, (contract.title, reason)

    # The scorecards: figures counted from the script, a verdict that never says "no warning signs"
    # beside a figure under its threshold, the owner's own record apart.
    now = datetime.now(UTC)
    for contract in month.contracts:
        card = slack.slash("/scorecard", f"<@{contract.user}|x>", user=OWNER, channel=contract.channel).wait().text
        counted = [d for d in contract.prompts if d in contract.checkins or contract.slot(d) + SLA <= now]
        hits = sum(d in contract.checkins for d in counted)
        assert f"*Check-ins answered:* {round(100 * hits / len(counted))}% ({hits} of {len(counted)} prompts)" \
            in card, (contract.title, card)
        # The documented rule: a sign needs enough data (response under 60 % of 3+ prompts, on time
        # under 70 % of 2+ tasks); "keep" needs evidence (3+ prompts here) and no figure under its
        # threshold on too little data. Berlin's one task, overdue, is such a figure.
        assert hits / len(counted) >= 0.6 and len(counted) >= 3
        if contract is month.berlin:
            assert "*On-time delivery:* 0% (0 of 1 tasks due)" in card, card
            assert "*Too early to judge* — 1 task due so far, 0% on time" in card, card
            assert "no warning signs" not in card and "*Keep*" not in card, card
        else:
            assert "*On-time delivery:* — (no tasks due yet)" in card, card
            assert ":large_green_circle: *Keep* — no warning signs" in card, card
        assert "*Payments made on time:*" in card.split("*Your record*")[1]

    # Each contractor's own view, in their DM: their engagement and the next check-in they will be asked for.
    for contract in month.contracts:
        mine = slack.slash("/checkin", "status", user=contract.user, channel=emulator.dm_channel(contract.user)).wait()
        local_now = datetime.now(contract.zone)
        upcoming = next(slot for offset in range(15)
                        for slot in [contract.slot(local_now.date() + timedelta(days=offset))]
                        if slot > local_now and slot.isoweekday() in contract.days and contract.works(slot.date()))
        assert "Your work (1)" in mine.text and f"*{contract.title}*" in mine.text, mine.text
        assert f"your next check-in {upcoming:%a %d %b %H:%M} ({contract.zone.key})" in mine.text, mine.text

    # The owner's actions at the real now: a payment marked paid from the DM, an edit, an end.
    dm = emulator.dm_channel(OWNER)
    paid_at = datetime.now(UTC)
    paid = slack.slash("/payment", "paid 1", user=OWNER, channel=dm).wait()
    assert paid.ephemeral and "no engagement" not in paid.text.lower() and "paid" in paid.text.lower(), paid.text
    # The App's plan: Tuesdays and Thursdays now, and done by Thursday (then held until the owner decides).
    month.manila.deadline = month.now_real.astimezone(LONDON).date() + timedelta(days=3)
    edited = slack.slash("/engagement", f"edit checkins=tue,thu@09:30 deadline={month.manila.deadline.isoformat()}",
                         user=OWNER, channel=month.manila.channel).wait()
    assert edited.ephemeral and ":warning:" not in edited.text, edited.text
    month.edit_from = datetime.now(UTC)
    assert "updated the plan" in str(emulator.messages(month.manila.channel)[-1])
    ended = slack.slash("/engagement", "end the brand work is cancelled", user=OWNER,
                        channel=month.berlin.channel).wait()
    assert ended.ephemeral and "has ended" in ended.text, ended.text
    month.berlin.ended_at = datetime.now(UTC)
    board = board_lines(slack.slash("/checkin", "status", user=OWNER, channel=dm).wait())
    assert "Brand" not in board and {"Website", "App"} <= set(board), board

    # On to the next Monday's digest and the day after it.
    resumed = datetime.now(UTC)
    last_day = max(month.m0 + timedelta(weeks=5, days=1), london_next_workday(month.manila.deadline))
    end = datetime.combine(last_day, time(23, 59), tzinfo=LONDON).astimezone(UTC)
    month.run(resumed, end)
    digests = month.digests()
    assert len(digests) == len(month.digest_mondays()) == len(mondays) + 1 + (len(mondays) == 4), \
        [d["text"] for d in digests]
    assert "*Brand*" not in str(digests[-1]["blocks"])  # ended; the App too once held (check_digest)
    month.check_digest(digests[-1], month.sent_at("weekly_digest", month.m0 + timedelta(weeks=5)))

    # Every message sent, by duty and recipient.
    for contract in month.contracts:
        expected = month.prompt_days(contract, start, end)
        got = sorted(date.fromisoformat(k.rsplit(":", 1)[1]) for _, d, k, w in month.sent
                     if d == "checkin_prompt" and k.startswith(f"checkin:{contract.engagement_id}:"))
        assert len(got) == len(set(got)), (contract.title, got)  # each slot once
        assert set(got) == expected, (contract.title, sorted(set(got) ^ expected))
        holidays_in = sorted(d for d in contract.calendar if month.m0 <= d <= end.date() and d.isoweekday() <= 5)
        assert not set(got) & set(holidays_in), (contract.title, holidays_in)
        print(contract.title, contract.country, "holidays skipped:", holidays_in)
    blocked_on, cleared_on = month.blocked_day, month.maria.blocker_cleared_on
    assert cleared_on == month.cleared_day
    alerts = [(at, w) for at, d, _, w in month.sent if d == "blocker_alert"]
    assert sorted(w for _, w in alerts) == sorted([OWNER, PROJECT]), alerts  # once to each, then quiet
    assert all(month.maria.slot(blocked_on) < at < month.maria.slot(cleared_on) for at, _ in alerts), alerts
    digest_during = next(d for d in digests if "*Website*" in str(d["blocks"]) and
                         f"{month.m0 + timedelta(weeks=2):%d %b}" in d["blocks"][0]["text"]["text"])
    assert "circle: blocked" in str(digest_during["blocks"]).split("*App*")[0]
    with duties.runtime.sessions() as session:  # nothing was dropped by the two-a-day cap
        kept_back = session.execute(select(Delivery.key, Delivery.status).where(
            Delivery.duty == "checkin_prompt", Delivery.status != "sent")).all()
        caps = Counter(k.rsplit(":", 1)[0] for k in session.scalars(select(Delivery.key).where(
            Delivery.key.like("cap:%"))))
    assert kept_back == [] and max(caps.values()) <= 2, (kept_back, caps)
    channel_of = {c.channel: c for c in month.contracts}
    for contract in (month.berlin, month.manila):  # ended; held past its deadline
        after = [(at, d, k, w) for at, d, k, w in month.sent if at >= contract.quiet_from and d != "deadline_review"
                 and (w in (contract.channel, contract.user) or f":{contract.engagement_id}:" in k
                      or k.endswith(f":{contract.engagement_id}"))]
        assert after == [], (contract.title, after)
    reviews = [(at, k, w) for at, d, k, w in month.sent if d == "deadline_review"]
    assert [(k, w) for _, k, w in reviews] == [
        (f"deadline_review:{month.manila.engagement_id}:{month.manila.deadline.isoformat()}", OWNER)], reviews
    assert reviews[0][0].astimezone(LONDON).date() == london_next_workday(month.manila.deadline)
    with duties.runtime.sessions() as session:
        assert session.get_one(Engagement, month.manila.engagement_id).status == "held"
    payment_alerts = [(at, d, k) for at, d, k, _ in month.sent if d == "payment_alert" and at >= paid_at]
    assert payment_alerts == [], payment_alerts  # paid before it fell due: nothing after, in the digest neither
    assert "payment 1 due" not in str(digests[-1]["blocks"])
    owner_alerts = [k for _, d, k, _ in month.sent if d == "checkin_owner_alert"]
    missed = month.missed_day
    assert [k for k in owner_alerts if k.endswith(missed.isoformat())], owner_alerts
    assert all(channel_of.get(w) is None or d != "checkin_prompt" or w == channel_of[w].channel
               for _, d, _, w in month.sent)

    # The missed Friday: one reminder in Maria's thread and one alert to the owner, nothing else of the kind.
    follow_ups = [(d, k, w) for _, d, k, w in month.sent if d in ("checkin_reminder", "checkin_owner_alert")]
    assert sorted((d, w) for d, _, w in follow_ups) == [("checkin_owner_alert", OWNER), ("checkin_reminder", PROJECT)]
    assert all(k.endswith(f"{month.maria.engagement_id}:{missed.isoformat()}") for _, k, _ in follow_ups), \
        follow_ups
    # No "checked in on time four times in a row" right after the missed Friday: Maria's next thanks nudge
    # waits for four new on-time check-ins after it, or for 30 days without thanks (the other reason).
    after_miss = sorted(d for d in month.maria.checkins if d > missed)
    streak_again = month.maria.slot(after_miss[3]) + timedelta(minutes=20) if len(after_miss) >= 4 else end
    silence = datetime.combine(month.m0 + timedelta(days=30), time(0), tzinfo=LONDON).astimezone(UTC)
    nudged = [at for at, d, k, _ in month.sent if d == "thanks_nudge" and k.startswith(
        f"thanks-nudge:{month.maria.engagement_id}:") and month.maria.slot(missed) + SLA <= at]
    assert nudged and min(nudged) >= min(streak_again, silence), (nudged, streak_again, silence)
    # Onboarding reminders (nobody ticked the checklists): 2 days after the start, then every 3 days, the
    # latest one due at each instant the owner is at work (09:00-17:00 London, weekdays, no GB holiday),
    # never two within 3 days ("every few days"): one held back by a weekend holds the next back too.
    england = holidays.country_holidays("GB", subdiv="ENG", years=range(2020, 2035))
    for contract in month.contracts:
        expected_days: set[date] = set()
        last_sent_on: date | None = None
        for at in sorted(month.ran):
            local = at.astimezone(LONDON)
            if (local.isoweekday() > 5 or local.date() in england or not time(9) <= local.time() < time(17)
                    or (contract.quiet_from is not None and at >= contract.quiet_from)):
                continue
            since = (local.date() - month.m0).days
            if since < 2 or (last_sent_on is not None and (local.date() - last_sent_on).days < 3):
                continue
            nominal = month.m0 + timedelta(days=2 + (since - 2) // 3 * 3)
            if nominal not in expected_days:
                expected_days.add(nominal)
                last_sent_on = local.date()
        got = [k for _, d, k, w in month.sent if d == "onboarding_reminder" and w == OWNER
               and k.startswith(f"onboarding:{contract.engagement_id}:")]
        assert sorted(got) == sorted(f"onboarding:{contract.engagement_id}:{d.isoformat()}" for d in expected_days)
    # Everything else the duties sent went to the owner, privately: feedback, thanks nudges, risk reviews.
    modelled = ("checkin_prompt", "checkin_reminder", "checkin_owner_alert", "blocker_alert", "deadline",
                "onboarding_reminder")
    others = {(d, w) for _, d, _, w in month.sent if d not in modelled}
    assert {w for _, w in others} == {OWNER}, others
    # Deadline notes: Berlin's task, the App's deadline; in their channels only.
    assert {w for _, d, _, w in month.sent if d == "deadline"} <= {month.berlin.channel, month.manila.channel}
    assert sum(1 for _, d, _, _ in month.sent if d == "onboarding_reminder") == sum(
        1 for _, d, _, w in month.sent if d == "onboarding_reminder" and w == OWNER)

    # The ended engagement's channel is free for a new kickoff.
    again = slack.slash("/kickoff", f'<@{month.berlin.user}|x> "Brand v2" due {in_days(30)} {PLAN}', user=OWNER,
                        channel=month.berlin.channel).wait()
    assert again.ephemeral and ":warning:" not in again.text, again.text

    elapsed = stopwatch.monotonic() - began
    print(f"month: {month.runs} duty runs ({month.duty_seconds:.1f}s of duties), {elapsed:.1f}s in all")
    print(Counter((d, w) for _, d, _, w in month.sent))
    assert elapsed < 120
