"""Installations at rest and in use: sealed in the database, cached for authorize, rotated, re-keyed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import Engine, event, text

from bot.config import Settings
from bot.db import migrate
from bot.db.session import make_engine
from bot.emulator.server import SlackEmulator
from bot.runtime import Runtime
from bot.secrets import BadKey, CannotDecrypt, Sealer, generate_key, parse_key
from bot.slack.installations import CachedInstallations, SealedInstallationStore, store_for
from bot.slack.oauth import authorize
from bot.slack.teams import TeamClients, team_client
from tests.security.test_forget import run_cli

CLIENT_ID, CLIENT_SECRET = "111.222", "shh"
TEAM = "T0000000001"


@pytest.fixture
def database(empty_database_url: str) -> Iterator[tuple[str, Engine]]:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    yield empty_database_url, engine
    engine.dispose()


@pytest.fixture
def emu() -> Iterator[SlackEmulator]:
    with SlackEmulator() as emulator:
        emulator.configure_oauth(CLIENT_ID, CLIENT_SECRET)
        yield emulator


def installed(emu: SlackEmulator, team: str = TEAM) -> Installation:
    """What Bolt's OAuthFlow builds from oauth.v2.access (only the fields Tandem uses)."""
    answer = WebClient(base_url=emu.api_url).oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                                                            code=emu.issue_oauth_code(team, "Acme"))
    return Installation(app_id=answer["app_id"], enterprise_id=None, team_id=answer["team"]["id"],
                        team_name=answer["team"]["name"], user_id=answer["authed_user"]["id"],
                        bot_token=answer["access_token"], bot_id="B1", bot_user_id=answer["bot_user_id"],
                        bot_scopes=answer["scope"], bot_refresh_token=answer.get("refresh_token"),
                        bot_token_expires_in=answer.get("expires_in"))


def stored_tokens(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [value for table in ("slack_bots", "slack_installations")
                for row in connection.execute(text(f"SELECT bot_token, bot_refresh_token FROM {table}"))
                for value in row if value is not None]


def queries(engine: Engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_tokens_are_sealed_in_every_row_and_open_with_the_key(database, emu) -> None:  # type: ignore[no-untyped-def]
    _, engine = database
    emu.configure_oauth(CLIENT_ID, CLIENT_SECRET, rotation_seconds=3600)
    installation = installed(emu)
    key = generate_key()
    SealedInstallationStore(CLIENT_ID, engine, Sealer.from_setting(key)).save(installation)
    values = stored_tokens(engine)
    # Slack's rotating tokens are too long to fit slack-sdk's String(200) once sealed: the vault holds them.
    assert len(installation.bot_token) > 150 and len(installation.bot_refresh_token) > 150
    assert len(values) == 4 and all(v.startswith("v1@") for v in values)
    with engine.connect() as connection:
        vault = connection.execute(text("SELECT team_id, sealed FROM slack_token_vault")).all()
    assert len(vault) == 2 and all(team == TEAM and sealed.startswith("v1:") for team, sealed in vault)  # shared
    everything = " ".join(values + [sealed for _, sealed in vault])
    assert installation.bot_token not in everything and installation.bot_refresh_token not in everything
    found = SealedInstallationStore(CLIENT_ID, engine, Sealer.from_setting(key)).find_bot(enterprise_id=None,
                                                                                         team_id=TEAM)
    assert (found.bot_token, found.bot_refresh_token) == (installation.bot_token, installation.bot_refresh_token)
    with pytest.raises(CannotDecrypt):
        SealedInstallationStore(CLIENT_ID, engine, Sealer.from_setting(generate_key())).find_bot(
            enterprise_id=None, team_id=TEAM)


def test_a_short_token_is_sealed_in_its_own_column_and_uninstalling_empties_the_vault(database, emu) -> None:  # type: ignore[no-untyped-def]
    _, engine = database
    store = SealedInstallationStore(CLIENT_ID, engine, Sealer.from_setting(generate_key()))
    short = installed(emu)
    store.save(short)
    values = stored_tokens(engine)
    assert len(values) == 2 and all(v.startswith("v1:") and len(v) <= 200 for v in values)
    emu.configure_oauth(CLIENT_ID, CLIENT_SECRET, rotation_seconds=3600)
    store.save(installed(emu, "T0000000002"))
    store.delete_all(enterprise_id=None, team_id="T0000000002")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM slack_token_vault")).scalar_one() == 0
    assert store.find_bot(enterprise_id=None, team_id=TEAM).bot_token == short.bot_token


def test_a_key_must_be_32_bytes_of_urlsafe_base64() -> None:
    assert len(parse_key(generate_key())) == 32
    for bad, why in (("", "not set"), ("not base64!!", "not URL-safe base64"), ("YWJj", "3 bytes, not 32")):
        with pytest.raises(BadKey, match=why):
            parse_key(bad)


def test_authorize_costs_one_query_and_one_auth_test_per_workspace_then_none(database, emu) -> None:  # type: ignore[no-untyped-def]
    url, engine = database
    key = generate_key()
    runtime = Runtime.build(Settings(database_url=url, slack_api_url=emu.api_url, slack_client_id=CLIENT_ID,
                                     slack_client_secret=CLIENT_SECRET, encryption_key=key))
    installation = installed(emu)
    store_for(runtime).save(installation)
    client = WebClient(base_url=emu.api_url)
    bolt_authorize = authorize(runtime, client)
    seen = queries(runtime.engine)
    results = [bolt_authorize(context=BoltContext(client=client), enterprise_id=None, team_id=TEAM, user_id="U1")
               for _ in range(5)]
    assert {r.bot_token for r in results} == {installation.bot_token}
    assert len([q for q in seen if "slack_bots" in q]) == 1
    assert len(emu.calls_to("auth.test")) == 1
    runtime.engine.dispose()


def test_an_expiring_token_is_rotated_by_authorize_and_by_the_sweeps_client_and_saved_sealed(database, emu) -> None:  # type: ignore[no-untyped-def]
    url, _ = database
    emu.configure_oauth(CLIENT_ID, CLIENT_SECRET, rotation_seconds=600)  # expires well inside the 120 minutes
    settings = Settings(database_url=url, slack_api_url=emu.api_url, slack_client_id=CLIENT_ID,
                        slack_client_secret=CLIENT_SECRET, encryption_key=generate_key())
    runtime = Runtime.build(settings)
    first = installed(emu)
    store_for(runtime).save(first)
    client = WebClient(base_url=emu.api_url)
    result = authorize(runtime, client)(context=BoltContext(client=client), enterprise_id=None, team_id=TEAM,
                                        user_id="U1")
    assert result.bot_token != first.bot_token and result.bot_token in emu.tokens_of(TEAM)
    assert [c.args.get("grant_type") for c in emu.calls_to("oauth.v2.access")][-1] == "refresh_token"
    assert result.bot_token not in " ".join(stored_tokens(runtime.engine))
    # The sweeps' client of another process: it reads the rotated token and rotates it again when due.
    sweeps = TeamClients(store=CachedInstallations(store_for(runtime).store), client_id=CLIENT_ID,
                         client_secret=CLIENT_SECRET, base_url=emu.api_url, make_handlers=list)
    posting = team_client(sweeps, TEAM)
    assert posting.token != result.bot_token and posting.token == emu.tokens_of(TEAM)[-1]
    assert posting.auth_test()["team_id"] == TEAM
    runtime.engine.dispose()


def test_rotate_key_reseals_everything_or_nothing(database, emu, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, engine = database
    old, new = generate_key(), generate_key()
    installation = installed(emu)
    SealedInstallationStore(CLIENT_ID, engine, Sealer.from_setting(old)).save(installation)
    before = stored_tokens(engine)
    wrong = run_cli(url, "rotate-key", "--new-key", new, env={"TANDEM_ENCRYPTION_KEY": generate_key()})
    assert wrong.returncode == 1 and "Nothing was changed" in wrong.stderr and stored_tokens(engine) == before
    same = run_cli(url, "rotate-key", env={"TANDEM_ENCRYPTION_KEY": old, "TANDEM_NEW_ENCRYPTION_KEY": old})
    assert same.returncode == 2 and "same" in same.stderr
    done = run_cli(url, "rotate-key", env={"TANDEM_ENCRYPTION_KEY": old, "TANDEM_NEW_ENCRYPTION_KEY": new})
    assert done.returncode == 0 and "Re-encrypted 2 stored token(s)" in done.stdout, done.stderr
    assert installation.bot_token not in done.stdout + done.stderr
    after = SealedInstallationStore(CLIENT_ID, engine, Sealer.from_setting(new)).find_bot(enterprise_id=None,
                                                                                         team_id=TEAM)
    assert after.bot_token == installation.bot_token
    with pytest.raises(CannotDecrypt):
        SealedInstallationStore(CLIENT_ID, engine, Sealer.from_setting(old)).find_bot(enterprise_id=None, team_id=TEAM)


def test_keygen_prints_a_fresh_valid_key_each_time(tmp_path: Path) -> None:
    first, second = (run_cli(f"sqlite:///{tmp_path / 'x.db'}", "keygen") for _ in range(2))
    assert first.returncode == 0 and len(parse_key(first.stdout.strip())) == 32
    assert first.stdout != second.stdout and not (tmp_path / "x.db").exists()


