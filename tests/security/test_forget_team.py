"""`tandem forget --team T…`: one workspace's every row and stored token go; the other workspace keeps all of its."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import text
from sqlalchemy.orm import Session

from bot.db import migrate
from bot.db.models import Base
from bot.db.session import make_engine
from bot.secrets import Sealer, generate_key
from bot.slack.installations import SealedInstallationStore
from tests.security.test_forget import TEAM, raw_bytes, run_cli, seed

# As close as Slack's ids come: one character apart.
TEAM_1, TEAM_2 = "T0000000001", "T0000000002"
TOKEN_1, TOKEN_2 = "xoxb-1111-forget-me-please", "xoxb-2222-keep-me-please"


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as connection:
        found = {t.name: connection.execute(text(f"SELECT count(*) FROM {t.name}")).scalar_one()
                 for t in Base.metadata.sorted_tables}
    engine.dispose()
    return found


def two_workspaces(url: str) -> dict[str, int]:
    """The same seeded workspace twice, under TEAM_1 then TEAM_2, each with an installation; one seed's counts."""
    migrate.upgrade(url)
    engine = make_engine(url)
    key = generate_key()
    store = SealedInstallationStore("111.222", engine, Sealer.from_setting(key))
    one: dict[str, int] = {}
    for team, token in ((TEAM_1, TOKEN_1), (TEAM_2, TOKEN_2)):
        with Session(engine) as session, session.begin():
            # Slack's conversation ids are unique across workspaces: each has its own DMs (a rating
            # finds its prompt by channel and ts).
            seed(session, dm=f"D{team[-3:]}MARIA", owner_dm=f"D{team[-3:]}OWNER")
            for table in Base.metadata.sorted_tables:
                if "team_id" in table.c:
                    session.execute(table.update().where(table.c.team_id == TEAM).values(team_id=team))
        store.save(Installation(app_id="A1", enterprise_id=None, team_id=team, user_id="U0OWNER", bot_token=token,
                                bot_id="B1", bot_user_id="U0BOT", installed_at=datetime.now(UTC).timestamp()))
        if not one:
            one = counts(url)
    engine.dispose()
    return one


def test_forget_team_erases_one_workspace_and_leaves_the_other_whole(tmp_path: Path) -> None:
    path = tmp_path / "tandem.db"
    url = f"sqlite:///{path}"
    one = two_workspaces(url)
    before = counts(url)
    assert all(before[name] == 2 * rows for name, rows in one.items()), before
    assert one["engagements"] and one["checkins"] and one["tasks"] and one["slack_bots"] == 1

    done = run_cli(url, "forget", "--team", TEAM_1, "--yes")
    assert done.returncode == 0, done.stderr
    assert f"Forgot workspace {TEAM_1}" in done.stdout and "slack_bots: 1 rows" in done.stdout
    assert counts(url) == one  # exactly one workspace's rows left, every table
    engine = make_engine(url)
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if "team_id" in table.c:
                left = connection.execute(text(f"SELECT DISTINCT team_id FROM {table.name}")).scalars().all()
                assert left in ([], [TEAM_2]), (table.name, left)
    engine.dispose()
    assert TEAM_1.lower().encode() not in raw_bytes(path)  # secure_delete + VACUUM: not in free pages either


def test_forget_team_names_an_unknown_workspace_and_changes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    two_workspaces(url)
    before = counts(url)
    refused = run_cli(url, "forget", "--team", "T0000000003", "--yes")
    assert refused.returncode == 2 and "nothing of workspace T0000000003" in refused.stderr
    assert TEAM_1 in refused.stderr and TEAM_2 in refused.stderr
    assert counts(url) == before
    neither = run_cli(url, "forget", "--yes")
    assert neither.returncode == 2 and "tandem forget --team T0123" in neither.stderr
    assert counts(url) == before
