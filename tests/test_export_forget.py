"""`tandem export` and `tandem forget` as a user runs them, against a database with a row in every table."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import String, Text, func, select
from sqlalchemy.orm import Session

from bot import cli
from bot.db.models import (
    Base,
    Checkin,
    CheckinNote,
    Contractor,
    ContractorTerms,
    Delivery,
    Engagement,
    Feedback,
    Observer,
    Onboarding,
    Payment,
    Person,
    ProcessedEvent,
    Submission,
    SweepMark,
    Task,
    Thanks,
    TimeOff,
    WorkspaceHealth,
)
from bot.db.models.slack_oauth import CREDENTIAL_TABLES, slack_bots
from bot.db.session import make_engine

NOW = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


def workspace(session: Session, team: str, suffix: str) -> None:
    """An owner, Maria and a row in every table of one workspace; SECRET is in every text about Maria."""
    SECRET = f"MARIA-SECRET-{suffix}"  # noqa: N806
    stamp = {"created_at": NOW, "updated_at": NOW}
    owner = Person(team_id=team, user_id=f"U0OWNER{suffix}", name="Olivia Owner", tz="Europe/London", **stamp)
    maria = Person(team_id=team, user_id="U0MARIA", name="Maria Freelancer", tz="America/Bogota", **stamp)
    session.add_all([owner, maria])
    session.flush()
    session.add(TimeOff(person_id=maria.id, start_on=date(2026, 12, 24), end_on=date(2027, 1, 2),
                        note=f"{SECRET} trip"))
    contractor = Contractor(team_id=team, person=maria, company=f"{SECRET} Studio", skills=f"{SECRET} design",
                            **stamp)
    session.add(ContractorTerms(team_id=team, owner_user_id=owner.user_id, contractor=contractor, rate_minor=3500,
                                rate_currency="USD", rate_unit="h", **stamp))
    e = Engagement(team_id=team, owner=owner, contractor=contractor, channel_id=f"C0PROJ{suffix}", title="Website",
                   objectives="Faster site", deliverables="Homepage", start_on=date(2026, 10, 1),
                   deadline=date(2026, 12, 20), budget_minor=200000, budget_currency="USD", **stamp)
    session.add(e)
    session.flush()
    task = Task(engagement_id=e.id, number=1, title="Homepage", status="blocked", assignee_id=maria.id,
                blocked_reason=f"{SECRET} waiting", **stamp)
    session.add(task)
    session.flush()
    checkin = Checkin(engagement_id=e.id, author_id=maria.id, local_date=date(2026, 11, 2), status="on_track",
                      done=f"{SECRET} done", next=f"{SECRET} next", blockers=f"{SECRET} blocked", answered_at=NOW,
                      source="thread", **stamp)
    session.add(checkin)
    session.flush()
    session.add_all([
        CheckinNote(engagement_id=e.id, checkin_id=checkin.id, author_id=maria.id, text=f"{SECRET} thanks!",
                    message_ts="1700000000.000100", **stamp),
        Feedback(engagement_id=e.id, author_id=owner.id, quality=4, comment=f"{SECRET}: great work, Maria Freelancer",
                 **stamp),
        Thanks(team_id=team, engagement_id=e.id, from_user=owner.user_id, to_user="U0MARIA",
               reason=f"{SECRET} for the homepage", channel_id=e.channel_id, created_at=NOW),
        Thanks(team_id=team, engagement_id=None, from_user="U0MARIA", to_user=owner.user_id,
               reason=f"{SECRET} for the brief", channel_id=e.channel_id, created_at=NOW),
        Payment(engagement_id=e.id, number=1, amount_minor=50000, currency="USD", due_on=date(2026, 11, 20),
                reference="INV-12", status="due", created_by=owner.user_id, **stamp),
        Delivery(key=f"checkin:{e.id}:2026-11-02", duty="checkin_prompt", team_id=team, channel_id=e.channel_id,
                 status="sent", due_at=NOW, claimed_at=NOW),
        Delivery(key=f"digest:U0OWNER{suffix}:2026-11-02", duty="digest", team_id=team, channel_id="U0MARIA",
                 status="claimed",
                 due_at=NOW, claimed_at=NOW),
        ProcessedEvent(event_id=f"Ev{suffix}", team_id=team, received_at=NOW),
        Submission(task_id=task.id, round=1, link=f"https://example.com/{SECRET}", submitted_by="U0MARIA",
                   submitted_at=NOW, outcome="changes", comment=f"{SECRET} fix the header", **stamp),
        Observer(engagement_id=e.id, person_id=owner.id, added_by=owner.user_id, created_at=NOW),
        Onboarding(engagement_id=e.id, **stamp),
        WorkspaceHealth(team_id=team, last_tick_at=NOW),
    ])
    session.flush()


@pytest.fixture
def database(empty_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both workspaces in a fresh database of each kind (SQLite and PostgreSQL)."""
    url = empty_database_url
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        workspace(session, "T1", "1")
        workspace(session, "T2", "2")
        session.add(SweepMark(sweep="checkin_prompt", done_through=NOW))  # the deployment's, no workspace's
    engine.dispose()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    return url


def ids_by_table(url: str) -> dict[str, set[str]]:
    engine = make_engine(url)
    with engine.connect() as connection:
        found = {t.name: {str(r[0]) for r in connection.execute(select(*t.primary_key.columns))}
                 for t in Base.metadata.sorted_tables}
    engine.dispose()
    return found


def read_back(out: Path, fmt: str) -> dict[str, list[dict[str, object]]]:
    if fmt == "csv":
        return {p.stem: list(csv.DictReader(p.read_text(encoding="utf-8").splitlines())) for p in out.glob("*.csv")}
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}


def key_of(table: str, row: dict[str, object]) -> str:
    (column,) = Base.metadata.tables[table].primary_key.columns
    return str(row[column.name])


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_reads_back_every_row_of_every_table(database: str, tmp_path: Path, fmt: str) -> None:
    expected = {table: ids for table, ids in ids_by_table(database).items() if table not in CREDENTIAL_TABLES}
    assert all(expected.values()), f"seed a row in every table: {[t for t, v in expected.items() if not v]}"
    assert cli.main(["export", "--format", fmt, "--out", str(tmp_path / "out")]) == 0
    exported = read_back(tmp_path / "out", fmt)
    assert set(exported) == set(expected)
    for table, rows in exported.items():
        assert {key_of(table, row) for row in rows} == expected[table], table
    payment = exported["payments"][0]
    assert str(payment["amount_minor"]) == "50000" and payment["amount_formatted"] == "USD 500.00"
    assert payment["created_at"] == "2026-11-02T15:00:00Z" and payment["due_on"] == "2026-11-20"
    assert exported["engagements"][0]["budget_formatted"] == "USD 2,000.00"


def test_slack_tokens_are_never_exported(database: str, tmp_path: Path) -> None:
    engine = make_engine(database)
    with engine.begin() as connection:
        connection.execute(slack_bots.insert().values(
            client_id="111.222", app_id="A1", team_id="T1", bot_token="v1:SEALED-TOKEN-BYTES", bot_id="B1",
            bot_user_id="UBOT", bot_scopes="chat:write", is_enterprise_install=False,
            installed_at=datetime(2026, 11, 2, tzinfo=UTC)))
    engine.dispose()
    for fmt in ("csv", "json"):
        assert cli.main(["export", "--format", fmt, "--out", str(tmp_path / fmt)]) == 0
        names = {path.stem for path in (tmp_path / fmt).iterdir()}
        assert names and not names & CREDENTIAL_TABLES, names
        assert all("SEALED-TOKEN" not in path.read_text() for path in (tmp_path / fmt).iterdir())


def test_export_of_one_workspace_and_one_contractor(database: str, tmp_path: Path) -> None:
    assert cli.main(["export", "--team", "T1", "--out", str(tmp_path / "t1")]) == 0
    team = read_back(tmp_path / "t1", "csv")
    assert {row["team_id"] for row in team["people"]} == {"T1"} and len(team["tasks"]) == 1
    assert len(team["submissions"]) == 1 and len(team["processed_events"]) == 1
    assert team["sweep_marks"] == []
    assert cli.main(["export", "--team", "T2", "--contractor", "<@U0MARIA>", "--since", "2026-11-01",
                     "--until", "2026-11-02", "--format", "json", "--out", str(tmp_path / "maria")]) == 0
    maria = read_back(tmp_path / "maria", "json")
    assert [row["channel_id"] for row in maria["engagements"]] == ["C0PROJ2"]
    assert len(maria["thanks"]) == 2 and len(maria["deliveries"]) == 1 and maria["processed_events"] == []
    assert "contractor_terms" not in maria, "the owner's rate and vetting stay out without --include-private"
    assert cli.main(["export", "--team", "T2", "--contractor", "<@U0MARIA>", "--include-private", "--format", "json",
                     "--out", str(tmp_path / "maria-all")]) == 0
    assert [(row["owner_user_id"], row["rate_formatted"]) for row in read_back(tmp_path / "maria-all", "json")[
        "contractor_terms"]] == [("U0OWNER2", "USD 35.00")]
    assert cli.main(["export", "--since", "2026-11-03", "--out", str(tmp_path / "later")]) == 0
    later = read_back(tmp_path / "later", "csv")
    assert later["checkins"] == [] and len(later["engagements"]) == 2  # reference tables are never cut


def texts_containing(url: str, needles: list[str]) -> list[str]:
    """Every text column of every table that still holds one of the needles."""
    engine = make_engine(url)
    found = []
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, String | Text):
                    for (value,) in connection.execute(select(column)):
                        if value and any(n.lower() in value.lower() for n in needles):
                            found.append(f"{table.name}.{column.name}: {value}")
    engine.dispose()
    return found


def test_forget_leaves_no_trace_of_the_persons_texts(database: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = ids_by_table(database)
    assert cli.main(["forget", "<@U0MARIA>", "--team", "T1", "--yes"]) == 0
    report = capsys.readouterr().out
    assert "checkins.done: 1 rows" in report and "people.name: 1 rows" in report
    after = ids_by_table(database)
    assert after.pop("time_off") == before.pop("time_off") - {"1"}, "time off is personal: deleted"
    assert after.pop("contractor_terms") == before.pop("contractor_terms") - {"1"}, "the terms about her: deleted"
    assert after == before, "rows stay: aggregates keep counting them"
    assert texts_containing(database, ["MARIA-SECRET-1"]) == []
    assert len(texts_containing(database, ["MARIA-SECRET-2"])) >= 10, "the other workspace is left alone"
    assert cli.main(["export", "--team", "T1", "--format", "json", "--out", str(tmp_path / "t1")]) == 0
    exported = json.dumps(read_back(tmp_path / "t1", "json"))
    assert "U0MARIA" not in exported and "maria freelancer" not in exported.lower()
    engine = make_engine(database)
    with Session(engine) as session:
        maria = session.scalars(select(Person).where(Person.team_id == "T1", Person.name == "forgotten user")).one()
        assert maria.user_id.startswith("forgotten-")
        assert session.scalar(select(func.count()).select_from(Feedback).where(Feedback.quality == 4)) == 2
        assert session.scalars(select(Engagement.status).where(Engagement.team_id == "T1")).one() == "paused"
    engine.dispose()


def test_forget_asks_first(database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("builtins.input", lambda _question: "n")
    assert cli.main(["forget", "U0MARIA", "--team", "T1"]) == 1
    assert "Nothing was erased" in capsys.readouterr().out
    assert len(texts_containing(database, ["MARIA-SECRET-1"])) >= 10
    assert cli.main(["forget", "U0MARIA"]) == 2  # known in two workspaces: which one?


def test_progress_bar_redraws_in_place_only_on_a_terminal() -> None:
    import io

    from bot.cli.progress import Progress

    stream = io.StringIO()
    bar = Progress(200, stream, enabled=True)
    bar.advance(50, "checkins")
    bar.finish()
    assert stream.getvalue().startswith("\r[#######.......................]  25%  50/200 rows  checkins")
    quiet = io.StringIO()
    Progress(200, quiet).advance(200)  # StringIO is no terminal
    assert quiet.getvalue() == ""
