"""`tandem export` as an attacker uses it: formulas smuggled into CSV cells, and a contractor's export
that would hand them the owner's private data."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot import cli
from bot.db.models import Base
from bot.db.session import make_engine
from bot.domain.delivery import ledger
from bot.domain.recognition import feedback
from bot.domain.roster import people
from tests.security.test_forget import MARIA, NOW, OWNER, TEAM, TODAY, seed

# Titles are stripped when a task is added, so a leading tab or CR is checked on the writer alone.
FORMULAS = ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)"]


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Maria's engagement (a payment, a budget, her rate, a rating the owner did not share), and
    Sam's engagement, whose tasks are titled with formulas."""
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        seed(session)
        from bot.domain.engagement import engagements
        from bot.domain.work import tasks

        other = engagements.active_in_channel(session, team_id=TEAM, channel_id="C07COPY")
        assert other is not None
        for title in FORMULAS:
            tasks.add(session, engagement=other, by_user=OWNER, title=title, due_on=None, assignee=None,
                      today=TODAY, now=NOW)
        # A second rating prompt on Maria's engagement, rated and shared with her.
        mine = engagements.active_in_channel(session, team_id=TEAM, channel_id="C07PROJ")
        assert mine is not None
        key = f"feedback:{mine.id}:every:2026-11-16"
        ledger.claim(session, key=key, duty=feedback.DUTY, team_id=TEAM, channel_id=OWNER, due_at=NOW, now=NOW)
        ledger.mark_sent(session, key=key, ts="1763300000.000100", now=NOW, channel_id="D07OWNERDM")
        feedback.rate(session, channel_id="D07OWNERDM", ts="1763300000.000100", user_id=OWNER,
                      dimension="quality", score=5, now=NOW)
        feedback.share(session, channel_id="D07OWNERDM", ts="1763300000.000100", user_id=OWNER, now=NOW)
        assert people.get(session, team_id=TEAM, user_id=MARIA) is not None
    engine.dispose()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    return url


def read_csv(out: Path) -> dict[str, list[dict[str, str]]]:
    found = {}
    for path in out.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as stream:
            found[path.stem] = list(csv.DictReader(stream))
    return found


def test_formula_cells_are_neutralised_in_csv(database: str, tmp_path: Path) -> None:
    assert cli.main(["export", "--out", str(tmp_path / "out")]) == 0
    titles = [row["title"] for row in read_csv(tmp_path / "out")["tasks"]]
    for formula in FORMULAS:
        assert "'" + formula in titles, formula
        assert formula not in titles
    assert "Homepage" in titles  # plain text is left as typed
    raw = (tmp_path / "out" / "tasks.csv").read_text(encoding="utf-8")
    assert ',"\'=HYPERLINK(""http://x"",""y"")",' in raw


def test_csv_writer_neutralises_every_formula_start_and_only_text() -> None:
    import io

    from bot.cli.export_cmd import write_csv

    stream = io.StringIO()
    cells = ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "plain", "a=b", ""]
    write_csv(stream, ["text", "number"], iter([{"text": c, "number": -5} for c in cells]))
    rows = list(csv.DictReader(io.StringIO(stream.getvalue(), newline="")))
    assert [r["text"] for r in rows] == ["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "plain", "a=b", ""]
    assert {r["number"] for r in rows} == {"-5"}  # numbers are numbers, not formulas


def test_json_keeps_the_text_as_typed(database: str, tmp_path: Path) -> None:
    assert cli.main(["export", "--format", "json", "--out", str(tmp_path / "out")]) == 0
    titles = [row["title"] for row in json.loads((tmp_path / "out" / "tasks.json").read_text(encoding="utf-8"))]
    assert set(FORMULAS) <= set(titles)


def test_contractor_export_leaves_out_the_owners_private_data(database: str, tmp_path: Path) -> None:
    assert cli.main(["export", "--contractor", MARIA, "--out", str(tmp_path / "maria")]) == 0
    maria = read_csv(tmp_path / "maria")
    assert "payments" not in maria
    everything = "\n".join((tmp_path / "maria" / f"{name}.csv").read_text(encoding="utf-8") for name in maria)
    for private in ("budget", "500.00", "2,000.00", "rate_minor", "35.00", "pay_minor", "contingency"):
        assert private not in everything, private
    assert [row["quality"] for row in maria["feedback"]] == ["5"], "only the rating shared with her"
    assert not any(row["key"].startswith("feedback:") for row in maria["deliveries"])
    assert [row["title"] for row in maria["engagements"]] == ["Website"]
    assert [row["title"] for row in maria["tasks"]] == ["Homepage"]


def test_include_private_gives_the_owner_everything(database: str, tmp_path: Path) -> None:
    assert cli.main(["export", "--contractor", MARIA, "--include-private", "--out", str(tmp_path / "all")]) == 0
    full = read_csv(tmp_path / "all")
    assert [row["amount_formatted"] for row in full["payments"]] == ["USD 500.00"]
    assert [row["budget_formatted"] for row in full["engagements"]] == ["USD 2,000.00"]
    assert [row["rate_minor"] for row in full["contractor_terms"]] == ["3500"]
    assert sorted(row["quality"] for row in full["feedback"]) == ["4", "5"]
