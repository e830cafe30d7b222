"""A `kill -9` at any step of /kickoff, /task submit, Approve or Mark paid: after a restart on the same
database, the old message's button never acts on another record.

Each test holds one Web API call in the emulator (Slack carried it out, or never got it), kills the
bot's whole process tree while it waits, restarts `tandem serve` on the same database, makes another
engagement create the record that would take a reused id, then presses the old button signed as
Slack signs. The expectations come from the records each engagement made, not from the bot's code.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db.models import Engagement, Onboarding, Payment, Submission, Task
from bot.db.session import make_engine, make_session_factory
from bot.emulator.driver import SlackDriver
from bot.emulator.server import SlackEmulator
from bot.slack import ids
from tests.conftest import fresh_postgres_database
from tests.e2e.conftest import (
    AGENCY,
    BOT_TOKEN,
    DEV,
    MARIA,
    OWNER,
    PROJECT,
    SIGNING_SECRET,
    BotServer,
    seed,
    start_server,
)
from tests.e2e.helpers import in_days
from tests.e2e.jobs_helpers import Duties, london_workday

PLAN = 'objectives="Faster site" deliverables="Homepage"'
GONE = "no longer exists"


@pytest.fixture(scope="module")
def emulator() -> Iterator[SlackEmulator]:
    emu = SlackEmulator(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET).start()
    seed(emu)
    yield emu
    emu.stop()


def _children(pid: int) -> list[int]:
    """Every process below `pid` (gunicorn's workers), read from /proc."""
    found: list[int] = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found += [int(entry), *_children(int(entry))]
    return found


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


class Crashable:
    """One database and a `tandem serve` on it that the test kills with SIGKILL and starts again."""

    def __init__(self, database_url: str, emulator: SlackEmulator, workdir: Path) -> None:
        self.database_url, self.emulator, self.workdir = database_url, emulator, workdir
        self.server: BotServer | None = None
        self.slack = self.start()

    def start(self) -> SlackDriver:
        self.server = start_server(self.database_url, self.emulator, self.workdir)
        self.slack = SlackDriver(self.emulator, bot_url=self.server.url + "/slack/events",
                                 signing_secret=SIGNING_SECRET)
        return self.slack

    def kill(self) -> None:
        """SIGKILL the server and its workers at once: no handler gets to finish anything."""
        assert self.server is not None
        pids = [self.server.process.pid, *_children(self.server.process.pid)]
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.server.process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while not all(_gone(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.server = None

    def crash_during(self, method: str, act: Callable[[], object], *, handled: bool) -> None:
        """Run `act` in the background, hold its next `method` call, kill the bot there, restart."""
        hold = self.emulator.hold_next(method, handled=handled)
        worker = threading.Thread(target=_quietly(act), daemon=True)
        worker.start()
        assert hold.reached.wait(20), f"the bot never called {method}"
        self.kill()
        hold.release()
        worker.join(1)  # a dead bot never answers: the act may wait out its own timeout (a daemon)
        self.start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.process.terminate()
            self.server.process.wait(timeout=10)

    def rows(self, model: type, **where: object) -> list:  # type: ignore[type-arg]
        engine = make_engine(self.database_url)
        try:
            with make_session_factory(engine)() as session:
                return list(session.scalars(select(model).filter_by(**where)).unique())
        finally:
            engine.dispose()

    def engagement(self, channel_id: str) -> Engagement | None:
        found = self.rows(Engagement, channel_id=channel_id)
        return found[0] if found else None


def _quietly(act: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        try:
            act()
        except Exception:  # the bot died under it: no answer is the expected answer
            pass
    return run


@pytest.fixture(params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, emulator: SlackEmulator, tmp_path: Path) -> Iterator[Crashable]:
    emulator.reset()
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tandem.db'}"
    else:
        url = fresh_postgres_database(request.getfixturevalue("postgres_server_url"))
    crashable = Crashable(url, emulator, tmp_path)
    yield crashable
    crashable.stop()


def kickoff(slack: SlackDriver, contractor: str, channel: str, title: str) -> str:
    text = f'<@{contractor}|someone> "{title}" due {in_days(30)} {PLAN}'
    return slack.slash("/kickoff", text, user=OWNER, channel=channel).wait(10).text


def milestone(slack: SlackDriver, channel: str, pay: str) -> None:
    reply = slack.slash("/task", f'add "Homepage" due {in_days(10)} pay={pay}', user=OWNER, channel=channel).wait(10)
    assert "Added task *1*" in reply.text


def owner_dms(emulator: SlackEmulator, words: str) -> list[dict]:  # type: ignore[type-arg]
    return [m for m in emulator.messages(emulator.dm_channel(OWNER)) if words in m["text"] + str(m["blocks"])]


def answered(emulator: SlackEmulator, words: str) -> bool:
    """Whether the owner got an ephemeral answer (in the ack, by response_url or postEphemeral) saying `words`."""
    shown = [str(r.get("body")) for r in emulator.responses] + [str(e) for e in emulator.ephemerals()]
    return any(words in text for text in shown)


def click(world: Crashable, action_id: str, message: dict) -> None:  # type: ignore[type-arg]
    """Press a button as the owner and wait until the bot has finished with it.

    Every handler pressed here ends with a Slack call after its commit: chat.update of a message,
    or an error sent to the response_url. Reading the database only after that is race-free.
    """
    emulator = world.emulator
    before = len(emulator.calls_to("chat.update")), len(emulator.responses)
    world.slack.click(action_id, user=OWNER, message=message).wait(10)
    assert emulator.wait_for(lambda: (len(emulator.calls_to("chat.update")), len(emulator.responses)) != before,
                             timeout=10), f"the bot never finished handling {action_id}"


def press_again(world: Crashable, action_id: str, message: dict) -> None:  # type: ignore[type-arg]
    """Press the button on the message as it stands now; a message already updated offers none."""
    current = [m for m in world.emulator.messages(world.emulator.dm_channel(OWNER)) if m["ts"] == message["ts"]]
    if action_id in str(current[0]["blocks"]):
        click(world, action_id, current[0])


def two_milestones(world: Crashable) -> None:
    """Maria's USD 800 milestone in #proj-site; the agency's EUR 5,000 one in the shared channel."""
    assert "Website" in kickoff(world.slack, MARIA, PROJECT, "Website")
    assert "Agency app" in kickoff(world.slack, DEV, AGENCY, "Agency app")
    milestone(world.slack, PROJECT, "800 USD")
    milestone(world.slack, AGENCY, "5000 EUR")


def submit(slack: SlackDriver, user: str, channel: str) -> object:
    if user != DEV:
        return slack.slash("/task", "submit 1 https://example.com/v1", user=user, channel=channel).wait(10)
    # Dev belongs to the agency's organisation, where Slack offers none of our slash commands: the
    # task's Submit button and its form.
    [post] = [m for m in slack.emu.messages(channel) if "added task *1*" in (m.get("text") or "")]
    opened = slack.click(ids.OPEN_SUBMIT, user=user, message=post).wait(10)
    assert opened.view is not None, opened.text
    return slack.submit_view(opened.view["id"], values={"link": {"link": "https://example.com/v1"}}, user=user)


def agency_untouched(world: Crashable) -> None:
    agency = world.engagement(AGENCY)
    assert agency is not None
    assert world.rows(Payment, engagement_id=agency.id) == [], "a click paid the other contractor"
    [task] = world.rows(Task, engagement_id=agency.id)
    assert task.status != "done"
    assert [s.outcome for s in world.rows(Submission, task_id=task.id)] in ([], ["pending"])


@pytest.mark.parametrize("handled", [True, False], ids=["dm-delivered", "dm-lost"])
def test_submit_killed_while_the_review_dm_posts_never_approves_another_submission(
        world: Crashable, emulator: SlackEmulator, handled: bool) -> None:
    two_milestones(world)
    world.crash_during("chat.postMessage", lambda: submit(world.slack, MARIA, PROJECT), handled=handled)
    old = owner_dms(emulator, "Review task 1")
    assert submit(world.slack, DEV, AGENCY) is not None
    assert emulator.wait_for(lambda: len(owner_dms(emulator, "Review task 1")) == len(old) + 1, timeout=10)
    project = world.engagement(PROJECT)
    assert project is not None
    [maria_task] = world.rows(Task, engagement_id=project.id)
    maria_submissions = world.rows(Submission, task_id=maria_task.id)
    if not handled:  # no DM was ever shown; what Maria sent waits, and her retry asks the owner
        assert old == [] and [s.outcome for s in maria_submissions] == ["pending"]
        submit(world.slack, MARIA, PROJECT)
        assert emulator.wait_for(lambda: len(owner_dms(emulator, "Review task 1")) == 2, timeout=10)
        old = [m for m in owner_dms(emulator, "Review task 1") if "Maria" in str(m) or MARIA in str(m)]
        assert len(world.rows(Submission, task_id=maria_task.id)) == 1
    [dm] = old
    click(world, ids.APPROVE_WORK, dm)
    agency_untouched(world)
    maria_payments = world.rows(Payment, engagement_id=project.id)
    if maria_submissions:  # the DM was about a stored submission: approving it is the right outcome
        assert [p.amount_minor for p in maria_payments] == [80000]
    else:
        assert maria_payments == [] and emulator.wait_for(lambda: answered(emulator, GONE))


@pytest.mark.parametrize("handled", [True, False], ids=["brief-delivered", "brief-lost"])
def test_kickoff_killed_while_the_brief_posts_leaves_no_brief_without_engagement(
        world: Crashable, emulator: SlackEmulator, handled: bool) -> None:
    world.crash_during("chat.postMessage", lambda: kickoff(world.slack, MARIA, PROJECT, "Website"), handled=handled)
    briefs = [m for m in emulator.messages(PROJECT) if "Website" in m["text"] + str(m["blocks"])]
    if briefs:
        assert world.engagement(PROJECT) is not None, "a brief in the channel with no engagement behind it"
    assert "Agency app" in kickoff(world.slack, DEV, AGENCY, "Agency app")
    agency = world.engagement(AGENCY)
    assert agency is not None
    if not briefs:  # stored, the brief never went out: the owner's retry finishes that kickoff
        assert world.engagement(PROJECT) is not None
        kickoff(world.slack, MARIA, PROJECT, "Website")
        briefs = [m for m in emulator.messages(PROJECT) if "Website" in m["text"] + str(m["blocks"])]
        assert len(briefs) == 1 and len(world.rows(Engagement, channel_id=PROJECT)) == 1
    click(world, f"{ids.TICK_ONBOARDING}_access", briefs[0])
    [agency_list] = world.rows(Onboarding, engagement_id=agency.id)
    assert agency_list.access_at is None, "the old brief ticked another engagement's checklist"
    project = world.engagement(PROJECT)
    assert project is not None
    [project_list] = world.rows(Onboarding, engagement_id=project.id)
    assert project_list.access_at is not None


@pytest.mark.parametrize("method", ["chat.postMessage", "chat.update"])
def test_approve_killed_after_deciding_approves_once_and_only_its_own_submission(
        world: Crashable, emulator: SlackEmulator, method: str) -> None:
    two_milestones(world)
    submit(world.slack, MARIA, PROJECT)
    assert emulator.wait_for(lambda: owner_dms(emulator, "Review task 1"), timeout=10)
    [dm] = owner_dms(emulator, "Review task 1")
    world.crash_during(method, lambda: world.slack.click(ids.APPROVE_WORK, user=OWNER, message=dm).wait(10),
                       handled=True)
    submit(world.slack, DEV, AGENCY)
    press_again(world, ids.APPROVE_WORK, dm)
    agency_untouched(world)
    project = world.engagement(PROJECT)
    assert project is not None
    assert [p.amount_minor for p in world.rows(Payment, engagement_id=project.id)] == [80000]


@pytest.mark.parametrize("handled", [True, False], ids=["update-delivered", "update-lost"])
def test_mark_paid_killed_while_the_alert_updates_pays_only_its_own_payment(
        world: Crashable, emulator: SlackEmulator, handled: bool) -> None:
    kickoff(world.slack, MARIA, PROJECT, "Website")
    kickoff(world.slack, DEV, AGENCY, "Agency app")
    due = in_days(1)
    world.slack.slash("/payment", f"add 500 USD due {due}", user=OWNER, channel=PROJECT).wait(10)
    duties = Duties(world.server, emulator)  # type: ignore[arg-type]
    try:
        assert duties.run(london_workday(date.fromisoformat(due) + timedelta(days=3)), "payment_alert")
    finally:
        duties.runtime.engine.dispose()
    [alert] = owner_dms(emulator, ids.MARK_PAID)
    world.crash_during("chat.update", lambda: world.slack.click(ids.MARK_PAID, user=OWNER, message=alert).wait(10),
                       handled=handled)
    world.slack.slash("/payment", "add 5000 EUR due 2031-01-31", user=OWNER, channel=AGENCY).wait(10)
    press_again(world, ids.MARK_PAID, alert)
    agency = world.engagement(AGENCY)
    project = world.engagement(PROJECT)
    assert agency is not None and project is not None
    assert [p.paid_at for p in world.rows(Payment, engagement_id=agency.id)] == [None]
    assert [p.paid_at is not None for p in world.rows(Payment, engagement_id=project.id)] == [True]


def test_a_button_whose_record_was_never_stored_answers_that_it_no_longer_exists(
        world: Crashable, emulator: SlackEmulator) -> None:
    two_milestones(world)
    submit(world.slack, MARIA, PROJECT)
    assert emulator.wait_for(lambda: owner_dms(emulator, "Review task 1"), timeout=10)
    [stored] = owner_dms(emulator, "Review task 1")
    with emulator.workspace.lock:
        dm = emulator.workspace.find_message(emulator.dm_channel(OWNER), stored["ts"])
    for block in dm["blocks"]:  # the DM as a submission that was never committed would have left it
        for element in block.get("elements") or []:
            if element.get("action_id") == ids.APPROVE_WORK:
                element["value"] = "999999"
    reply = world.slack.click(ids.APPROVE_WORK, user=OWNER, message=dm).wait(10)
    assert GONE in reply.text or emulator.wait_for(lambda: answered(emulator, GONE))
    agency_untouched(world)


def test_a_refused_kickoff_starts_nothing_and_its_ids_never_come_back(
        world: Crashable, emulator: SlackEmulator) -> None:
    """The engagement is stored before its brief; Slack refusing the brief discards it again, for good."""
    emulator.fail_next("chat.postMessage", status=200, error="not_in_channel")
    refused = kickoff(world.slack, MARIA, PROJECT, "Website")
    assert "/invite @Tandem" in refused
    assert world.rows(Engagement) == [] and world.rows(Onboarding) == []
    assert "Website" in kickoff(world.slack, MARIA, PROJECT, "Website")
    [engagement] = world.rows(Engagement)
    [checklist] = world.rows(Onboarding)
    assert engagement.id > 1 and checklist.id > 1, "a discarded id was handed out again"
    assert engagement.brief_ts == emulator.messages(PROJECT)[-1]["ts"]
