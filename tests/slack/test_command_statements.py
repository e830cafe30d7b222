"""The two commands typed most run a fixed, small number of statements, whatever the owner's number of engagements.

`/checkin status` and `/task list` are what owners type most (issue 15's latency benchmark sends
only them). On 2 cores their latency follows their CPU, and each statement costs SQLAlchemy and the
driver more CPU than the database spends on it: an extra read per command, or one per engagement,
is the regression these counts catch. Counted on the engine (`before_cursor_execute`) while the
Bolt app answers signed requests over HTTP in-process, on both databases.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from sqlalchemy import event

from bot.db.models import Checkin, Person, Task
from bot.db.session import transaction
from bot.domain.delivery import ledger
from bot.domain.schedule import slots
from bot.emulator.driver import SlackDriver
from bot.emulator.server import SlackEmulator
from bot.runtime import Runtime
from tests.support.duties import Clock, engagement, migrated_runtime, person

SECRET = "statements-signing-secret"
OWNER = "U0OWNER"
NOW = datetime(2027, 3, 10, 12, tzinfo=UTC)  # a Wednesday
STAMP = {"created_at": NOW, "updated_at": NOW}

# What each command reads; a change here is a deliberate one (say why in the commit).
CHECKIN_STATUS = [
    "INSERT processed_events",  # the replay guard remembers the signature (bot/slack/replay.py)
    "checkin_target",  # which engagement the speaker checks in on: none, they only own
    "the board",  # owned and observed engagements, people, last check-in, task counts, and which rows
    #               have time off ahead, an open blocker or notes: one query
    "time off",  # the time off of the contractors who have some ahead, which their next check-in skips
    "sent prompts",  # the health rule's missed check-ins: the week's prompts in the ledger
    # Open blockers and notes: read only when the board says a row has some (none here; see the next test).
]
TASK_LIST = [
    "INSERT processed_events",
    # The channel's engagement, its tasks and the speaker's zone (overdue is judged in their calendar):
    # one read (bot/domain/work/tasks.in_channel).
    "the channel's tasks",
]


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


@pytest.fixture
def world(empty_database_url: str) -> Iterator[tuple[Runtime, SlackEmulator, SlackDriver]]:
    """A migrated database, the emulator, and the Bolt app served over HTTP in-process."""
    from bot.slack.app import create_app
    from bot.web import create_wsgi

    emu = SlackEmulator(bot_token="xoxb-test", signing_secret=SECRET, team_id="T1").start()
    emu.add_user(OWNER, real_name="Olivia Owner", tz="Europe/London")
    emu.add_channel("C0HELLO", name="hello", members=[OWNER])
    runtime = migrated_runtime(empty_database_url, Clock(NOW), emu.api_url)
    runtime.settings = replace(runtime.settings, slack_signing_secret=SECRET)
    server: WSGIServer = make_server("127.0.0.1", 0, create_wsgi(create_app(runtime), runtime.engine),
                                     handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = SlackDriver(emu, bot_url=f"http://127.0.0.1:{server.server_port}/slack/events", signing_secret=SECRET)
    # A process's first request also clears old signatures (once a minute, bot/slack/replay.py): not counted.
    assert driver.slash("/checkin", "help", user=OWNER, channel="C0HELLO").status == 200
    try:
        yield runtime, emu, SlackDriver(emu, bot_url=f"http://127.0.0.1:{server.server_port}/slack/events",
                                        signing_secret=SECRET)
    finally:
        server.shutdown()
        server.server_close()
        runtime.engine.dispose()
        emu.stop()


def add_engagements(runtime: Runtime, emu: SlackEmulator, count: int, first: int = 0, *, trouble: bool = False) -> None:
    """`count` engagements of the owner, each with its own contractor and channel, three tasks, yesterday's
    check-in prompt and the check-in answering it; every third contractor has time off ahead.

    `trouble`: the check-in is the day before the prompt instead (so the prompt is missed once its SLA
    runs out) and reports a blocker nobody cleared: the board's conditional reads run too.
    """
    with transaction(runtime.sessions) as session:
        owner = session.query(Person).filter_by(team_id="T1", user_id=OWNER).one_or_none() or person(OWNER)
        for n in range(first, first + count):
            away = [(date(2027, 3, 15), date(2027, 3, 19))] if n % 3 == 0 else []
            worker = person(f"U0C{n:03d}", "Asia/Manila", time_off=away)
            made = engagement(worker, owner, id=n + 1, channel_id=f"C0P{n:03d}")
            made.id = None  # type: ignore[assignment]
            session.add(made)
            session.flush()
            for number in (1, 2, 3):
                session.add(Task(engagement_id=made.id, number=number, title=f"Task {number}", status="open",
                                 due_on=date(2027, 3, 1) + timedelta(days=7 * number), blocked_reason="",
                                 created_by=OWNER, **STAMP))
            session.add(Checkin(engagement_id=made.id, author_id=worker.id,
                                local_date=date(2027, 3, 8 if trouble else 9), status="on_track", progress=40,
                                done="d", next="n", blockers="the API keys" if trouble else "",
                                answered_at=NOW - timedelta(days=1), source="command", **STAMP))
            key = f"checkin:{made.id}:2027-03-09"
            ledger.claim(session, key=key, duty=slots.DUTY, team_id="T1", channel_id=made.channel_id,
                         due_at=datetime(2027, 3, 9, 2, tzinfo=UTC), now=NOW)
            ledger.mark_sent(session, key=key, ts="1.1", now=NOW)
            emu.add_user(worker.user_id, real_name=f"Contractor {n}", tz="Asia/Manila")
            emu.add_channel(made.channel_id, name=f"project-{n}", members=[OWNER, worker.user_id])


def statements(runtime: Runtime, send) -> tuple[list[str], object]:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def note(_conn, _cursor, statement, *rest) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(runtime.engine, "before_cursor_execute", note)
    try:
        reply = send()
    finally:
        event.remove(runtime.engine, "before_cursor_execute", note)
    return seen, reply


def test_checkin_status_reads_the_same_few_statements_for_2_or_12_engagements(world) -> None:  # type: ignore[no-untyped-def]
    runtime, emu, slack = world
    add_engagements(runtime, emu, 2)
    few, reply = statements(runtime, lambda: slack.slash("/checkin", "status", user=OWNER, channel="C0P000"))
    assert reply.status == 200 and "Project 1" in reply.text and "Project 2" in reply.text  # type: ignore[attr-defined]
    add_engagements(runtime, emu, 10, first=2)
    many, reply = statements(runtime, lambda: slack.slash("/checkin", "status", user=OWNER, channel="C0P000"))
    assert "Project 12" in reply.text  # type: ignore[attr-defined]
    assert len(few) == len(many) == len(CHECKIN_STATUS), "\n".join(many)


def test_checkin_status_with_blockers_and_missed_prompts_reads_no_more_for_12_engagements(world) -> None:  # type: ignore[no-untyped-def]
    runtime, emu, slack = world
    add_engagements(runtime, emu, 2, trouble=True)
    few, reply = statements(runtime, lambda: slack.slash("/checkin", "status", user=OWNER, channel="C0P000"))
    assert "the API keys" in reply.text and "missed check-in" in reply.text  # type: ignore[attr-defined]
    add_engagements(runtime, emu, 10, first=2, trouble=True)
    many, reply = statements(runtime, lambda: slack.slash("/checkin", "status", user=OWNER, channel="C0P000"))
    assert reply.text.count("the API keys") == 12  # type: ignore[attr-defined]
    assert len(few) == len(many), "\n".join(many)


def test_task_list_reads_the_same_few_statements_whatever_the_tasks(world) -> None:  # type: ignore[no-untyped-def]
    runtime, emu, slack = world
    add_engagements(runtime, emu, 3)
    seen, reply = statements(runtime, lambda: slack.slash("/task", "list", user=OWNER, channel="C0P001"))
    assert reply.status == 200 and "Task 3" in reply.text  # type: ignore[attr-defined]
    assert len(seen) == len(TASK_LIST), "\n".join(seen)


def test_task_list_in_a_direct_message_lists_every_engagement_and_elsewhere_points_to_kickoff(world) -> None:  # type: ignore[no-untyped-def]
    """The two answers besides a channel's list, which read the same first statement and then differ."""
    runtime, emu, slack = world
    add_engagements(runtime, emu, 2)
    mine = slack.slash("/task", "list", user=OWNER, channel=emu.dm_channel(OWNER)).text
    assert "Project 1" in mine and "Project 2" in mine and mine.count("Task 3") == 2
    emu.add_channel("C0EMPTY", name="empty", members=[OWNER])
    assert "/kickoff" in slack.slash("/task", "list", user=OWNER, channel="C0EMPTY").text


def test_task_list_judges_overdue_in_the_speakers_calendar(world) -> None:  # type: ignore[no-untyped-def]
    """Read in the same statement as the tasks: the speaker's own zone, else the workspace default (UTC)."""
    runtime, emu, slack = world
    add_engagements(runtime, emu, 1)
    with transaction(runtime.sessions) as session:
        session.query(Person).filter_by(team_id="T1", user_id=OWNER).update({"tz": "Pacific/Kiritimati"})
        session.add(Task(engagement_id=1, number=4, title="Task 4", status="open", due_on=NOW.date(),
                         blocked_reason="", created_by=OWNER, **STAMP))
    emu.add_user("U0GUEST", real_name="Guest", tz="UTC")
    emu.add_member("C0P000", "U0GUEST")  # a command is typed only where the speaker is a member
    # 12:00 UTC on the 10th: already the 11th at UTC+14, still the 10th in Manila (UTC+8) and in UTC.
    # Task 1 was due on the 8th (overdue for everyone); task 4 is due on the 10th.
    assert slack.slash("/task", "list", user=OWNER, channel="C0P000").text.count("overdue") == 2
    assert slack.slash("/task", "list", user="U0C000", channel="C0P000").text.count("overdue") == 1
    assert slack.slash("/task", "list", user="U0GUEST", channel="C0P000").text.count("overdue") == 1
