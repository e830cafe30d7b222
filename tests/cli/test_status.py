"""`tandem status`: each workspace's health as an operator reads it, from the database alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from bot.db.models import Delivery, WorkspaceHealth
from bot.db.session import make_engine
from bot.emulator.server import SlackEmulator
from tests.support.duties import engagement, person, save
from tests.test_cli import tandem


def columns(output: str, team: str) -> list[str]:
    """The cells of a workspace's line (cells are separated by two spaces or more)."""
    [line] = [ln for ln in output.splitlines() if ln.startswith(team + " ")]
    return [cell.strip() for cell in line.split("  ") if cell.strip()]


def test_status_follows_ticks_backlog_failures_and_a_refused_token(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 't.db'}"
    env = {"DATABASE_URL": url}
    missing = tandem("status", env=env)
    assert missing.returncode == 1 and "no database at" in missing.stderr and not (tmp_path / "t.db").exists()
    assert tandem("db", "upgrade", env=env).returncode == 0
    empty = tandem("status", env=env)
    assert empty.returncode == 0 and "No workspaces yet" in empty.stdout

    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        save(session, engagement(person("U0MARIA")))  # workspace T1
    never = tandem("status", env=env)
    assert never.returncode == 1
    assert columns(never.stdout, "T1")[1].startswith("never")
    assert "1 of 1 workspaces need attention" in never.stdout

    # A real run of the duties (whatever is due now is posted) is T1's tick.
    now = datetime.now(UTC).replace(microsecond=0)
    with SlackEmulator(bot_token="xoxb-good", signing_secret="s", team_id="T1") as emulator:
        emulator.add_user("U0OWNER", tz="Europe/London")
        emulator.add_user("U0MARIA", tz="UTC")
        emulator.add_channel("C0PROJECT", name="proj", members=["U0OWNER", "U0MARIA"])
        ran = tandem("jobs", "run-due", "--now", now.isoformat(),
                     env=env | {"SLACK_BOT_TOKEN": "xoxb-good", "SLACK_API_URL": emulator.api_url})
    assert ran.returncode == 0, ran.stderr
    healthy = tandem("status", env=env)
    assert healthy.returncode == 0, healthy.stdout
    assert columns(healthy.stdout, "T1") == ["T1", f"{now:%Y-%m-%d %H:%M} UTC (just now)", "0", "0", "ok"]

    # Two claimed keys in T1, one of which Slack refused; T2's token refused since an hour ago.
    refused_at = now - timedelta(hours=1)
    with Session(engine) as session, session.begin():
        for key, error in (("checkin:1:x", None), ("payment:1:y", "not_in_channel")):
            session.add(Delivery(key=key, duty="checkin_prompt", team_id="T1", channel_id="C1", status="claimed",
                                 attempts=1, due_at=now, claimed_at=now, last_error=error))
        session.add(Delivery(key="sent:1", duty="checkin_prompt", team_id="T1", channel_id="C1", status="sent",
                             attempts=1, due_at=now, claimed_at=now, last_error="not_in_channel"))
        session.add(WorkspaceHealth(team_id="T2", last_tick_at=refused_at, token_refused_at=refused_at,
                                    token_error="token_revoked"))
    engine.dispose()
    troubled = tandem("status", env=env)
    assert troubled.returncode == 1
    assert columns(troubled.stdout, "T1")[2:] == ["2", "1", "ok"]
    assert columns(troubled.stdout, "T2")[1:] == [
        f"{refused_at:%Y-%m-%d %H:%M} UTC (1 h ago)", "0", "0",
        f"refused since {refused_at:%Y-%m-%d %H:%M} UTC (token_revoked)"]
    assert "2 of 2 workspaces need attention" in troubled.stdout


def migrated(tmp_path: Path) -> tuple[str, dict[str, str]]:
    """A SQLite file upgraded by `tandem db upgrade`; its URL and the environment naming it."""
    url = f"sqlite:///{tmp_path / 't.db'}"
    env = {"DATABASE_URL": url}
    assert tandem("db", "upgrade", env=env).returncode == 0
    return url, env


def install(session: Session, team_id: str) -> None:
    """A workspace's Add to Slack install, as slack-sdk's store keeps it (the token's sealing is beside the point)."""
    from bot.db.models import slack_bots

    session.execute(slack_bots.insert().values(
        client_id="111.222", app_id="A1", team_id=team_id, bot_token="sealed", bot_id="B1", bot_user_id="U0BOT",
        is_enterprise_install=False, installed_at=datetime.now(UTC)))


def test_with_add_to_slack_a_workspace_without_a_bot_token_is_refused(tmp_path: Path) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    from bot.observability import metrics

    url, env = migrated(tmp_path)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        installed = engagement(person("U0MARIA"))
        gone = engagement(person("U0OTHER"), person("U0BOSS"))
        for row in (gone, gone.owner, gone.contractor, gone.contractor.person):
            row.team_id = "T2"
        save(session, installed, gone)
        install(session, "T1")

    def refused_gauge(oauth_mode: bool) -> float:
        text = metrics.exposition(engine, oauth_mode=oauth_mode).decode()
        return sum(s.value for f in text_string_to_metric_families(text) for s in f.samples
                   if s.name == "tandem_workspaces_token_refused")

    assert (refused_gauge(True), refused_gauge(False)) == (1, 0)  # one token for all: nothing to miss
    engine.dispose()
    oauth = tandem("status", env=env | {"SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "s"})
    assert oauth.returncode == 1
    assert columns(oauth.stdout, "T1")[-1] == "ok"
    assert columns(oauth.stdout, "T2")[-1].startswith("no installation")
    single = tandem("status", env=env)
    assert columns(single.stdout, "T2")[-1] == "ok"


def test_installed_workspaces_without_an_engagement_are_named_not_called_none(tmp_path: Path) -> None:
    url, env = migrated(tmp_path)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        for team in ("T0BRAVO", "T0ACME"):
            install(session, team)
    engine.dispose()
    result = tandem("status", env=env | {"SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "s"})
    assert result.returncode == 0  # nothing is wrong with a workspace that has not started anything
    assert "No workspaces yet" not in result.stdout
    assert "2 workspaces installed (T0ACME, T0BRAVO)" in result.stdout and "/kickoff" in result.stdout
