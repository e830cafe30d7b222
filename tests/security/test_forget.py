"""`tandem forget` as an attacker checks it: nothing of the person is left in the database file's bytes.

The workspace is built through the domain functions the bot's listeners and jobs call (people,
contractors, engagements, tasks, check-ins, thanks, feedback, payments, the delivery ledger), then
the real CLI runs as a subprocess and the raw SQLite file (and its write-ahead log) is read back.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Base
from bot.db.session import make_engine
from bot.domain.checkin import checkins
from bot.domain.delivery import ledger
from bot.domain.engagement import engagements
from bot.domain.money import payments
from bot.domain.recognition import feedback, thanks
from bot.domain.roster import contractor_terms, contractors, people
from bot.domain.work import tasks
from bot.emulator.server import SlackEmulator
from bot.text.money import Money

NOW = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
TODAY = date(2026, 11, 2)
TEAM = "T0TANDEM"
OWNER, MARIA, SAM = "U07OWNERQ1", "U07MARIAQ9", "U07SAMQ3"
MARIA_NAME, COMPANY, ZONE = "Maria Quintero", "Quetzal Pixelworks", "America/Bogota"
MARIA_DM, OWNER_DM = "D07MARIADM", "D07OWNERDM"
NOTE = "Cartagena wedding"


def old_pseudonym(team: str, user: str) -> str:
    """The pseudonym the issue reverses: an unsalted hash of the workspace and Slack id."""
    return hashlib.sha256(f"{team}:{user}".encode()).hexdigest()[:12]


def seed(session: Session, *, dm: str = MARIA_DM, owner_dm: str = OWNER_DM, post: WebClient | None = None) -> None:
    """Maria, a contractor of Olivia's, with a row of her in every table; Sam, another contractor.

    With `post`, the messages are really posted (to the emulator) and the ledger records what it
    answered, as the delivery sweep does; otherwise the ts and DM ids are made up.
    """
    owner = people.ensure(session, team_id=TEAM, profile=people.Profile(OWNER, "Olivia Owner", "Europe/London"),
                          now=NOW)
    maria, _ = contractors.add(
        session, team_id=TEAM, profile=people.Profile(MARIA, MARIA_NAME, ZONE), added_by=OWNER, now=NOW)
    contractors.update_profile(maria, now=NOW, pattern=contractors.WorkPattern(country="CO"), company=COMPANY,
                               skills="illustration")
    terms = contractor_terms.ensure(session, contractor=maria, owner_user_id=OWNER, now=NOW)
    contractor_terms.set_rate(terms, (Money(3500, "USD"), "h"), now=NOW)
    sam, _ = contractors.add(session, team_id=TEAM, profile=people.Profile(SAM, "Sam Writer", "Europe/Lisbon"),
                             added_by=OWNER, now=NOW)
    contractors.add_time_off(session, contractor=maria, start=date(2026, 12, 24), end=date(2027, 1, 2), note=NOTE)
    plan = engagements.Plan(title="Website", objectives="Faster site", deliverables="Homepage",
                            deadline=date(2026, 12, 20), budget=Money(200000, "USD"))
    e = engagements.create(session, team_id=TEAM, owner=owner, contractor=maria, channel_id="C07PROJ", plan=plan,
                           today=TODAY, now=NOW)
    other = engagements.create(session, team_id=TEAM, owner=owner, contractor=sam, channel_id="C07COPY",
                               plan=engagements.Plan(title="Copy", objectives="Words", deliverables="Pages",
                                                     deadline=date(2026, 12, 20)), today=TODAY, now=NOW)
    tasks.add(session, engagement=e, by_user=OWNER, title="Homepage", due_on=None, assignee=maria.person,
              today=TODAY, now=NOW)
    # Others' free text naming her: the owner's task title in Sam's engagement, a thanks to Sam mentioning her.
    tasks.add(session, engagement=other, by_user=OWNER, title=f"Pair with {MARIA_NAME} on the hero copy",
              due_on=None, assignee=sam.person, today=TODAY, now=NOW)
    thanks.record(session, team_id=TEAM, channel_id="C07COPY", from_user=OWNER, to_user=SAM,
                  reason=f"the copy, and <@{MARIA}> for the layout", engagement=other, now=NOW)
    checkins.record(session, engagement=e, author=maria.person,
                    report=checkins.Report(status="on_track", done="mockups"), source="command", now=NOW)
    payments.add(session, engagement=e, by_user=OWNER, amount=Money(50000, "USD"), due_on=date(2026, 11, 20),
                 today=TODAY, now=NOW)

    def deliver(key: str, duty: str, to: str, channel: str, ts: str) -> tuple[str, str]:
        ledger.claim(session, key=key, duty=duty, team_id=TEAM, channel_id=to, due_at=NOW, now=NOW)
        if post is not None:
            answer = post.chat_postMessage(channel=to, text=f"{duty} for the engagement")
            channel, ts = answer["channel"], answer["ts"]
        ledger.mark_sent(session, key=key, ts=ts, now=NOW, channel_id=channel)
        return channel, ts

    deliver(f"checkin:{e.id}:2026-11-02", "checkin_prompt", "C07PROJ", "C07PROJ", "1762095600.000100")
    deliver(f"snooze-dm:checkin:{e.id}:2026-11-02", "prompt_snooze", MARIA, dm, "1762095600.000200")
    channel, ts = deliver(f"feedback:{e.id}:every:2026-11-02", feedback.DUTY, OWNER, owner_dm, "1762095600.000300")
    feedback.rate(session, channel_id=channel, ts=ts, user_id=OWNER, dimension="quality", score=4, now=NOW)
    feedback.comment(session, channel_id=channel, ts=ts, user_id=OWNER, text=f"{MARIA_NAME} did well", now=NOW)
    row = thanks.record(session, team_id=TEAM, channel_id="C07PROJ", from_user=OWNER, to_user=MARIA,
                        reason="the homepage", engagement=e, now=NOW)
    if post is not None:
        row.message_ts = post.chat_postMessage(channel="C07PROJ", text=f"<@{OWNER}> thanks <@{MARIA}>")["ts"]
    session.flush()


def build(url: str, **options: object) -> None:
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        seed(session, **options)  # type: ignore[arg-type]
    engine.dispose()


def raw_bytes(path: Path) -> bytes:
    """The database file and whatever SQLite keeps beside it (write-ahead log, rollback journal)."""
    found = b""
    for suffix in ("", "-wal", "-journal"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            found += part.read_bytes()
    return found.lower()


def traces(blob: bytes, needles: list[str]) -> list[str]:
    return [n for n in needles if n.lower().encode() in blob]


def run_cli(url: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TANDEM_"))}
    environ.update({"DATABASE_URL": url, **(env or {})})
    return subprocess.run([sys.executable, "-m", "bot", *args], env=environ, capture_output=True, text=True,
                          timeout=120, check=False)


IDENTIFYING = [MARIA, COMPANY, MARIA_DM, old_pseudonym(TEAM, MARIA), ZONE, NOTE]


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    path = tmp_path / "tandem.db"
    url = f"sqlite:///{path}"
    build(url)
    yield url, path


def test_seeded_file_holds_every_identifier(sqlite_file: tuple[str, Path]) -> None:
    """The check below can fail: before forgetting, each needle is in the file."""
    _, path = sqlite_file
    stored = [n for n in IDENTIFYING if n != old_pseudonym(TEAM, MARIA)]
    assert traces(raw_bytes(path), IDENTIFYING) == stored


def test_forget_leaves_no_identifier_in_the_sqlite_file(sqlite_file: tuple[str, Path]) -> None:
    url, path = sqlite_file
    done = run_cli(url, "forget", f"<@{MARIA}>", "--yes")
    assert done.returncode == 0, done.stderr
    assert traces(raw_bytes(path), IDENTIFYING) == []
    # What others wrote naming her is reported with where it is, and kept as written without the flag.
    assert "tasks.title row 2: name" in done.stdout
    assert "thanks.reason row 1: mention" in done.stdout
    assert MARIA_NAME.lower().encode() in raw_bytes(path)
    # Tandem's own messages about her are listed: her DM, the channel prompt, the owner's rating prompt, thanks.
    for channel, ts in [(MARIA_DM, "1762095600.000200"), ("C07PROJ", "1762095600.000100"),
                        (OWNER_DM, "1762095600.000300")]:
        assert f"channel {channel} ts {ts}" in done.stdout
    assert "secure_delete, VACUUM" in done.stdout


def test_redact_mentions_replaces_her_name_in_others_text(sqlite_file: tuple[str, Path]) -> None:
    url, path = sqlite_file
    done = run_cli(url, "forget", MARIA, "--yes", "--redact-mentions")
    assert done.returncode == 0, done.stderr
    assert traces(raw_bytes(path), [*IDENTIFYING, MARIA_NAME]) == []
    engine = make_engine(url)
    with engine.connect() as connection:
        title = connection.execute(select(Base.metadata.tables["tasks"].c.title).where(
            Base.metadata.tables["tasks"].c.id == 2)).scalar_one()
    engine.dispose()
    assert title.startswith("Pair with forgotten-") and title.endswith(" on the hero copy")


def test_pseudonym_is_keyed_with_the_secret(sqlite_file: tuple[str, Path]) -> None:
    import hmac

    url, _ = sqlite_file
    done = run_cli(url, "forget", MARIA, "--yes", env={"TANDEM_SECRET_KEY": "s3cret"})
    assert done.returncode == 0, done.stderr
    expected = hmac.new(b"s3cret", f"{TEAM}:{MARIA}".encode(), hashlib.sha256).hexdigest()[:12]
    assert f"it now appears as forgotten-{expected}." in done.stdout
    assert old_pseudonym(TEAM, MARIA) not in done.stdout


def test_delete_messages_deletes_tandems_own_messages_in_slack(tmp_path: Path) -> None:
    with SlackEmulator(bot_token="xoxb-forget") as emu:
        emu.add_user(OWNER, name="olivia", real_name="Olivia Owner", tz="Europe/London")
        emu.add_user(MARIA, name="mq", real_name=MARIA_NAME, tz=ZONE)
        emu.add_channel("C07PROJ", name="proj-website", members=[OWNER, MARIA])
        emu.add_channel("C07COPY", name="proj-copy", members=[OWNER])
        path = tmp_path / "tandem.db"
        url = f"sqlite:///{path}"
        client = WebClient(token="xoxb-forget", base_url=emu.api_url)
        maria_dm, owner_dm = emu.dm_channel(MARIA), emu.dm_channel(OWNER)
        build(url, dm=maria_dm, owner_dm=owner_dm, post=client)
        posted = {c: [m["ts"] for m in emu.messages(c)] for c in ("C07PROJ", maria_dm, owner_dm)}
        assert [len(v) for v in posted.values()] == [2, 1, 1]
        done = run_cli(url, "forget", MARIA, "--yes", "--delete-messages",
                       env={"SLACK_BOT_TOKEN": "xoxb-forget", "SLACK_API_URL": emu.api_url})
        assert done.returncode == 0, done.stderr
        deleted = {(c.args["channel"], c.args["ts"]) for c in emu.calls_to("chat.delete")}
        assert deleted == {(c, ts) for c, stamps in posted.items() for ts in stamps}
        assert all(emu.messages(c) == [] for c in posted)
        assert "Slack messages Tandem posted about them: 4 deleted." in done.stdout
        assert traces(raw_bytes(path), [MARIA, COMPANY, maria_dm, old_pseudonym(TEAM, MARIA)]) == []


@pytest.fixture
def postgres_url(postgres_server_url: str) -> str:
    from tests.conftest import fresh_postgres_database

    url = fresh_postgres_database(postgres_server_url)
    build(url)
    return url


def values_holding(url: str, needles: list[str]) -> list[str]:
    """Every cell of every table (as text) that still holds one of the needles."""
    engine = make_engine(url)
    found = []
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(select(table)).mappings():
                for column, value in row.items():
                    if value is not None and any(n.lower() in str(value).lower() for n in needles):
                        found.append(f"{table.name}.{column}: {value}")
    engine.dispose()
    return found


def test_forget_leaves_no_identifier_in_postgresql_tables(postgres_url: str) -> None:
    assert len(values_holding(postgres_url, IDENTIFYING)) >= 6
    done = run_cli(postgres_url, "forget", MARIA, "--yes")
    assert done.returncode == 0, done.stderr
    assert values_holding(postgres_url, IDENTIFYING) == []
    assert "VACUUM FULL" in done.stdout


def test_someone_forgotten_who_comes_back_can_be_forgotten_again(sqlite_file: tuple[str, Path]) -> None:
    url, path = sqlite_file
    secret = {"TANDEM_SECRET_KEY": "s3cret"}
    assert run_cli(url, "forget", MARIA, "--yes", env=secret).returncode == 0
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        people.ensure(session, team_id=TEAM, profile=people.Profile(MARIA, MARIA_NAME, ZONE), now=NOW)
    engine.dispose()
    again = run_cli(url, "forget", MARIA, "--yes", env=secret)
    assert again.returncode == 0, again.stderr
    assert traces(raw_bytes(path), [MARIA, ZONE]) == []


def test_forgetting_an_owner_finds_their_dms_in_ledger_rows_from_before_recipients(
        sqlite_file: tuple[str, Path]) -> None:
    """Rows written before deliveries kept the recipient: the duty and key say the DM was the owner's."""
    from bot.db.models import Delivery, Payment, Person

    url, path = sqlite_file
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        payment_id = session.scalars(select(Payment.id)).one()
        owner_id = session.scalars(select(Person.id).where(Person.user_id == OWNER)).one()
        session.add_all([
            Delivery(key=f"payment:{payment_id}:2026-11-17", duty="payment_alert", team_id=TEAM,
                     channel_id="D07LEGACY1", status="sent", message_ts="1762000000.000100", due_at=NOW,
                     claimed_at=NOW, sent_at=NOW),
            Delivery(key=f"digest:{owner_id}:2026-11-02", duty="weekly_digest", team_id=TEAM,
                     channel_id="D07LEGACY2", status="sent", message_ts="1762000000.000200", due_at=NOW,
                     claimed_at=NOW, sent_at=NOW),
        ])
    engine.dispose()
    needles = [OWNER, OWNER_DM, "D07LEGACY1", "D07LEGACY2", "Olivia Owner", "Europe/London"]
    assert traces(raw_bytes(path), needles) == needles
    done = run_cli(url, "forget", OWNER, "--yes")
    assert done.returncode == 0, done.stderr
    assert traces(raw_bytes(path), needles) == []
    assert "channel D07LEGACY1 ts 1762000000.000100: deliveries" in done.stdout
    assert traces(raw_bytes(path), [MARIA, MARIA_DM]) == [MARIA, MARIA_DM], "the others are left alone"


def test_delete_messages_without_a_token_erases_nothing(sqlite_file: tuple[str, Path]) -> None:
    url, path = sqlite_file
    done = run_cli(url, "forget", MARIA, "--yes", "--delete-messages")
    assert done.returncode == 2 and "needs SLACK_BOT_TOKEN" in done.stderr and "Nothing was erased" in done.stderr
    assert MARIA.lower().encode() in raw_bytes(path)
