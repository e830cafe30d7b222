"""Add to Slack end to end: `tandem serve` in OAuth mode, installed by two workspaces through its pages.

The server has only SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET, TANDEM_ENCRYPTION_KEY
and DATABASE_URL (no SLACK_BOT_TOKEN). A browser's visit is played with urllib: the install page's
link gives the state, the emulator issues the code Slack would append, and the redirect is followed
with the state cookie. The emulator records the token of every Web API call, so each test can say
which workspace's token answered.
"""

from __future__ import annotations

import base64
import html
import http.cookiejar
import json
import re
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import text

from bot.config import Settings
from bot.db.session import make_engine
from bot.emulator.driver import SlackDriver
from bot.emulator.server import SlackEmulator
from bot.emulator.signing import signed_headers
from bot.runtime import Runtime
from bot.slack.client import make_client
from jobs import run_due
from tests.conftest import fresh_postgres_database
from tests.e2e.conftest import (
    LOUNGE,
    MARIA,
    OWNER,
    PROJECT,
    SIGNING_SECRET,
    BotServer,
    empty_tables,
    seed,
    start_server,
    stop_server,
)
from tests.e2e.helpers import in_days
from tests.e2e.test_thread_checkin import BOGOTA, next_working_day_in_bogota

CLIENT_ID, CLIENT_SECRET = "1234567890.0987654321", "oauth-e2e-client-secret"
# Two workspaces whose ids differ in the last character only, as close as Slack's ids come.
TEAM_A, TEAM_B = "T0000000001", "T0000000002"
KEY = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


@pytest.fixture(scope="module")
def oauth_emulator() -> Iterator[SlackEmulator]:
    emu = SlackEmulator(bot_token="xoxb-not-for-oauth", signing_secret=SIGNING_SECRET).start()
    seed(emu)
    yield emu
    emu.stop()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def oauth_bot(request: pytest.FixtureRequest, oauth_emulator: SlackEmulator,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    workdir = tmp_path_factory.mktemp(f"oauth-{request.param}")
    if request.param == "sqlite":
        database_url = f"sqlite:///{workdir / 'tandem.db'}"
    else:
        database_url = fresh_postgres_database(request.getfixturevalue("postgres_server_url"))
    server = start_server(database_url, oauth_emulator, workdir, extra_env={
        "SLACK_BOT_TOKEN": "", "SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "TANDEM_ENCRYPTION_KEY": KEY})
    yield server
    stop_server(server)


@pytest.fixture
def emu(oauth_bot: BotServer, oauth_emulator: SlackEmulator) -> SlackEmulator:
    """A clean record, no installation (the tables emptied), the OAuth app registered."""
    empty_tables(oauth_bot.database_url)  # Tandem's tables and slack-sdk's alike
    oauth_emulator.reset()
    oauth_emulator.configure_oauth(CLIENT_ID, CLIENT_SECRET)
    return oauth_emulator


def get(url: str, cookie: str | None = None) -> tuple[int, str, dict[str, list[str]]]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), _headers(response.headers)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode(), _headers(error.headers)


def _headers(message) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    result: dict[str, list[str]] = {}
    for name, value in message.items():
        result.setdefault(name.lower(), []).append(value)
    return result


def install(server: BotServer, emulator: SlackEmulator, team_id: str, team_name: str) -> str:
    """Visit the install page, follow its link's state to the redirect with a code; the token Slack issued."""
    status, page, headers = get(server.url + "/slack/install")
    assert status == 200 and "Install Tandem" in page and "Add to Slack" in page, page
    link = html.unescape(re.search(r'href="([^"]+oauth/v2/authorize[^"]+)"', page).group(1))
    query = parse_qs(urlsplit(link).query)
    assert query["client_id"] == [CLIENT_ID]
    assert "commands" in query["scope"][0].split(",") and "chat:write" in query["scope"][0].split(",")
    state = query["state"][0]
    cookie = headers["set-cookie"][0].split(";")[0]
    assert cookie == f"slack-app-oauth-state={state}"
    code = emulator.issue_oauth_code(team_id, team_name, installer=OWNER)
    status, done, _ = get(server.url + "/slack/oauth_redirect?" + urlencode({"code": code, "state": state}), cookie)
    assert status == 200, done
    assert "Home tab" in done and "/kickoff" in done and team_name in done
    [token] = emulator.tokens_of(team_id)
    return token


def driver(server: BotServer, emulator: SlackEmulator, team_id: str) -> SlackDriver:
    return SlackDriver(emulator, bot_url=server.url + "/slack/events", signing_secret=SIGNING_SECRET, team_id=team_id)


def kickoff(slack: SlackDriver, channel: str, title: str):  # type: ignore[no-untyped-def]
    text = f'<@{MARIA}|maria> "{title}" due {in_days(30)} objectives="Faster site" deliverables="Homepage"'
    return slack.slash("/kickoff", text, user=OWNER, channel=channel).wait()


def installed_teams(server: BotServer, wait_for: list[str] | None = None) -> tuple[list[str], list[str]]:
    """The team ids in slack_bots and slack_installations (waiting up to 5 s for `wait_for` in both:
    Bolt acks an event before its listener runs)."""
    deadline = time.monotonic() + 5
    while True:
        engine = make_engine(server.database_url)
        with engine.connect() as connection:
            bots = [r[0] for r in connection.execute(text("SELECT team_id FROM slack_bots ORDER BY team_id"))]
            installs = [r[0] for r in connection.execute(
                text("SELECT team_id FROM slack_installations ORDER BY team_id"))]
        engine.dispose()
        if wait_for is None or (bots == wait_for and installs == wait_for) or time.monotonic() > deadline:
            return bots, installs
        time.sleep(0.05)


def tokens_used(emulator: SlackEmulator, since: int) -> set[str | None]:
    return {call.token for call in emulator.calls[since:] if call.method != "oauth.v2.access"}


def raw_database(server: BotServer) -> bytes:
    """Every byte SQLite keeps for the database (main file, WAL and journal)."""
    path = Path(server.database_url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_a_workspace_installs_from_the_pages_and_its_kickoff_is_answered_with_its_own_token(
        oauth_bot: BotServer, emu: SlackEmulator) -> None:
    token_a = install(oauth_bot, emu, TEAM_A, "Acme Studio")
    assert emu.calls_to("oauth.v2.access")[-1].ok
    before = len(emu.calls)
    reply = kickoff(driver(oauth_bot, emu, TEAM_A), PROJECT, "Website")
    assert reply.status == 200 and "Website" in reply.text + str(emu.messages(PROJECT)), reply.text
    assert tokens_used(emu, before) == {token_a}
    assert any(call.method == "chat.postMessage" and call.token == token_a for call in emu.calls[before:])
    if oauth_bot.database_url.startswith("sqlite"):
        raw = raw_database(oauth_bot)
        assert b"Acme Studio" in raw  # the file is readable: the test would see a token were it there
        assert token_a.encode() not in raw and token_a.split("-", 1)[1].encode() not in raw


def test_a_client_keeping_cookies_by_the_rules_installs_over_plain_http(
        oauth_bot: BotServer, emu: SlackEmulator) -> None:
    """A cookie jar (http.cookiejar, as `requests` and `httpx` keep cookies) never sends a Secure cookie back over
    http: on a server reached by http the state cookie goes without Secure, or the install could not complete."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with browser.open(oauth_bot.url + "/slack/install", timeout=10) as response:
        page = response.read().decode()
    state = parse_qs(urlsplit(html.unescape(re.search(r'href="([^"]+oauth/v2/authorize[^"]+)"', page).group(1))
                              ).query)["state"][0]
    assert [(c.name, c.value, c.secure) for c in jar] == [("slack-app-oauth-state", state, False)]
    code = emu.issue_oauth_code(TEAM_A, "Acme Studio", installer=OWNER)
    with browser.open(oauth_bot.url + "/slack/oauth_redirect?" + urlencode({"code": code, "state": state}),
                      timeout=10) as response:
        assert response.status == 200 and "Tandem is now part of" in response.read().decode()
    assert installed_teams(oauth_bot, wait_for=[TEAM_A]) == ([TEAM_A], [TEAM_A])


@pytest.mark.parametrize("headers", [{"X-Forwarded-Proto": "https"}, {"Forwarded": "for=10.0.0.1;proto=https"}])
def test_behind_a_proxy_serving_https_the_state_cookie_stays_secure(oauth_bot: BotServer, emu: SlackEmulator,
                                                                  headers: dict[str, str]) -> None:
    request = urllib.request.Request(oauth_bot.url + "/slack/install", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        [cookie] = response.headers.get_all("Set-Cookie")
    assert cookie.startswith("slack-app-oauth-state=") and "; Secure" in cookie and "HttpOnly" in cookie
    _, _, plain = get(oauth_bot.url + "/slack/install")
    assert "secure" not in plain["set-cookie"][0].lower() and "HttpOnly" in plain["set-cookie"][0]


def test_two_workspaces_are_each_answered_with_their_own_token_and_see_only_their_own_data(
        oauth_bot: BotServer, emu: SlackEmulator) -> None:
    token_a, token_b = install(oauth_bot, emu, TEAM_A, "Acme"), install(oauth_bot, emu, TEAM_B, "Bravo")
    assert token_a != token_b
    slack_a, slack_b = driver(oauth_bot, emu, TEAM_A), driver(oauth_bot, emu, TEAM_B)
    before = len(emu.calls)
    kickoff(slack_a, PROJECT, "Alpha site")
    assert tokens_used(emu, before) == {token_a}
    before = len(emu.calls)
    kickoff(slack_b, LOUNGE, "Bravo app")
    assert tokens_used(emu, before) == {token_b}
    # The same channel id from the other workspace is another channel: B sees no engagement in it.
    before = len(emu.calls)
    seen_by_b = slack_b.slash("/checkin", "status", user=OWNER, channel=PROJECT).wait()
    assert "Alpha site" not in seen_by_b.text + str(seen_by_b.blocks)
    seen_by_a = slack_a.slash("/checkin", "status", user=OWNER, channel=LOUNGE).wait()
    assert "Bravo app" not in seen_by_a.text + str(seen_by_a.blocks)
    assert {c.token for c in emu.calls[before:]} <= {token_a, token_b}
    before = len(emu.calls)
    slack_b.open_home(OWNER)  # the Home tab the install page sends people to, published with B's token
    assert emu.wait_for(lambda: any(c.method == "views.publish" for c in emu.calls[before:]))
    [publish] = [c for c in emu.calls[before:] if c.method == "views.publish"]
    assert publish.token == token_b and "Bravo app" in str(publish.args) and "Alpha site" not in str(publish.args)
    engine = make_engine(oauth_bot.database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT team_id, title FROM engagements ORDER BY title")).all()
        stored = connection.execute(text("SELECT team_id, bot_token FROM slack_bots ORDER BY team_id")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [(TEAM_A, "Alpha site"), (TEAM_B, "Bravo app")]
    assert [r[0] for r in stored] == [TEAM_A, TEAM_B]
    assert all(r[1].startswith("v1:") and r[1] not in (token_a, token_b) for r in stored)


def test_an_uninstalled_workspace_loses_its_tokens_and_the_other_carries_on(
        oauth_bot: BotServer, emu: SlackEmulator) -> None:
    token_a, token_b = install(oauth_bot, emu, TEAM_A, "Acme"), install(oauth_bot, emu, TEAM_B, "Bravo")
    slack_a, slack_b = driver(oauth_bot, emu, TEAM_A), driver(oauth_bot, emu, TEAM_B)
    kickoff(slack_a, PROJECT, "Alpha site")
    assert installed_teams(oauth_bot) == ([TEAM_A, TEAM_B], [TEAM_A, TEAM_B])
    assert slack_a.app_uninstalled().status == 200
    assert installed_teams(oauth_bot, wait_for=[TEAM_B]) == ([TEAM_B], [TEAM_B])
    before = len(emu.calls)
    ignored = slack_a.slash("/checkin", "status", user=OWNER, channel=PROJECT)
    assert ignored.status in (200, 401) and not any(c.token == token_a for c in emu.calls[before:])
    kickoff(slack_b, LOUNGE, "Bravo app")
    assert tokens_used(emu, before) == {token_b}


@pytest.mark.parametrize("event", [{"type": "app_uninstalled"},
                                   {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0TANDEMBOT"]}}])
def test_an_uninstall_naming_an_enterprise_deletes_a_workspace_installed_without_one(
        oauth_bot: BotServer, emu: SlackEmulator, event: dict) -> None:  # type: ignore[type-arg]
    """A workspace installed on its own (oauth.v2.access said enterprise: null) that Slack's events now
    place in an Enterprise Grid org (the envelope's enterprise_id, as in slack-reference's payloads)."""
    install(oauth_bot, emu, TEAM_A, "Acme")
    emu.uninstall(TEAM_A)
    body = json.dumps({"token": "verification_token", "team_id": TEAM_A, "enterprise_id": "E0000000001",
                       "api_app_id": emu.app_id, "event": event, "type": "event_callback",
                       "event_id": "Ev" + secrets.token_hex(4).upper(), "event_time": int(time.time())})
    request = urllib.request.Request(oauth_bot.url + "/slack/events", data=body.encode(), method="POST",
                                     headers=signed_headers(SIGNING_SECRET, body, "application/json"))
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
    assert installed_teams(oauth_bot, wait_for=[]) == ([], [])


def test_a_command_naming_an_enterprise_is_answered_for_a_workspace_installed_without_one(
        oauth_bot: BotServer, emu: SlackEmulator) -> None:
    """Slack's command form carries enterprise_id once the workspace is in an Enterprise Grid org
    (slack-reference/payloads/slash_command.form.txt); its install said enterprise: null."""
    token_a = install(oauth_bot, emu, TEAM_A, "Acme")
    before = len(emu.calls)
    form = urlencode({"token": "verification_token", "team_id": TEAM_A, "team_domain": "acme",
                      "enterprise_id": "E0000000001", "enterprise_name": "Acme Org", "channel_id": PROJECT,
                      "channel_name": "proj-site", "user_id": OWNER, "user_name": "olivia", "command": "/kickoff",
                      "text": f'<@{MARIA}|maria> "Website" due {in_days(30)} objectives="Faster site" '
                              'deliverables="Homepage"',
                      "api_app_id": emu.app_id, "is_enterprise_install": "false",
                      "response_url": emu.new_response_url(PROJECT, OWNER), "trigger_id": emu.mint_trigger(OWNER)})
    request = urllib.request.Request(oauth_bot.url + "/slack/events", data=form.encode(), method="POST",
                                     headers=signed_headers(SIGNING_SECRET, form, "application/x-www-form-urlencoded"))
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
    assert emu.wait_for(lambda: any(c.method == "chat.postMessage" for c in emu.calls[before:]))
    assert tokens_used(emu, before) == {token_a}


def test_a_redirect_without_the_install_cookie_or_with_a_used_state_says_why_and_installs_nothing(
        oauth_bot: BotServer, emu: SlackEmulator) -> None:
    _, page, headers = get(oauth_bot.url + "/slack/install")
    link = re.search(r'href="([^"]+oauth/v2/authorize[^"]+)"', page).group(1)
    state = parse_qs(urlsplit(html.unescape(link)).query)["state"][0]
    code = emu.issue_oauth_code(TEAM_A, "Acme")
    status, body, _ = get(oauth_bot.url + "/slack/oauth_redirect?" + urlencode({"code": code, "state": state}))
    assert status == 400 and "cookie" in body and "Add to Slack again" in body
    status, body, _ = get(oauth_bot.url + "/slack/oauth_redirect?" + urlencode({"code": code, "state": "made-up"}),
                          "slack-app-oauth-state=made-up")
    assert status == 401 and "expired" in body
    status, body, _ = get(oauth_bot.url + "/slack/oauth_redirect?error=access_denied&state=" + state)
    assert "cancelled" in body
    assert emu.tokens_of(TEAM_A) == [] and not emu.calls_to("oauth.v2.access")


def test_an_error_named_by_anyone_on_the_redirect_is_logged_on_one_short_line(oauth_bot: BotServer,
                                                                               emu: SlackEmulator) -> None:
    """The redirect is unsigned and its `error` is whatever the link says: it must not forge log lines."""
    start = oauth_bot.log.stat().st_size
    forged = "nope\n2031-01-06 09:00:00,000 ERROR bot.slack.app: FORGED " + "x" * 3000
    status, body, _ = get(oauth_bot.url + "/slack/oauth_redirect?" + urlencode({"error": forged}))
    assert "FORGED" in html.unescape(body) or status >= 400  # the page may say it, escaped
    time.sleep(0.3)
    logged = oauth_bot.log.read_bytes()[start:].decode()
    assert "install failed" in logged
    assert all(not line.startswith("2031-01-06") for line in logged.splitlines())
    assert max(len(line) for line in logged.splitlines()) < 1000


def post(url: str, body: bytes) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST"), timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        with error:
            return error.code


def test_only_the_two_pages_go_unsigned_and_only_by_get(oauth_bot: BotServer, emu: SlackEmulator) -> None:
    assert post(oauth_bot.url + "/slack/install", b"x") == 405
    assert post(oauth_bot.url + "/slack/oauth_redirect", b"x") == 405
    assert get(oauth_bot.url + "/slack/installx")[0] == 404
    assert post(oauth_bot.url + "/slack/events", b"command=%2Fkickoff") == 401




def test_the_sweeps_post_to_each_workspace_with_its_token_and_stop_for_an_uninstalled_one(
        oauth_bot: BotServer, emu: SlackEmulator) -> None:
    token_a, token_b = install(oauth_bot, emu, TEAM_A, "Acme"), install(oauth_bot, emu, TEAM_B, "Bravo")
    slack_a, slack_b = driver(oauth_bot, emu, TEAM_A), driver(oauth_bot, emu, TEAM_B)
    for slack, channel in ((slack_a, PROJECT), (slack_b, LOUNGE)):
        slack.slash("/kickoff", f'<@{MARIA}|maria> "Site {channel}" due {in_days(40)} checkins=everyday@10:00 '
                    'objectives="Faster site" deliverables="Homepage"', user=OWNER, channel=channel).wait()
    settings = Settings(database_url=oauth_bot.database_url, slack_api_url=emu.api_url, slack_client_id=CLIENT_ID,
                        slack_client_secret=CLIENT_SECRET, encryption_key=KEY)
    runtime = Runtime.build(settings)  # `tandem jobs run` in its own process: its own store and cache
    client = make_client(runtime, for_deliveries=True)
    slot = datetime.combine(next_working_day_in_bogota(), dtime(10, 0), tzinfo=BOGOTA)
    before = len(emu.calls)
    lines = list(run_due(runtime, client, now=slot + timedelta(minutes=1)))
    assert sorted(line.split(" -> ")[1].split(":")[0] for line in lines if line.startswith("checkin_prompt")) == [
        LOUNGE, PROJECT]
    posts = {(c.args["channel"], c.token) for c in emu.calls[before:] if c.method == "chat.postMessage" and c.ok}
    assert (PROJECT, token_a) in posts and (LOUNGE, token_b) in posts
    assert {token for _, token in posts} == {token_a, token_b}
    assert client.token is None  # the sweeps' own client carries no workspace's token

    slack_a.app_uninstalled()
    installed_teams(oauth_bot, wait_for=[TEAM_B])
    before = len(emu.calls)
    lines = list(run_due(runtime, client, now=slot + timedelta(days=1, minutes=1)))
    prompted = [line for line in lines if line.startswith("checkin_prompt")]
    assert len(prompted) <= 1 and all(LOUNGE in line for line in prompted)
    assert not any(c.ok and c.token == token_a for c in emu.calls[before:])  # A hears nothing any more
    # The next tick does not even try A (its cached installation was dropped on Slack's refusal).
    before = len(emu.calls)
    list(run_due(runtime, client, now=slot + timedelta(days=2, minutes=1)))
    assert not any(c.token == token_a for c in emu.calls[before:])
    runtime.engine.dispose()


def test_a_dry_run_lists_only_what_the_run_would_send_leaving_out_an_uninstalled_workspace(
        oauth_bot: BotServer, emu: SlackEmulator) -> None:
    """`tandem jobs run-due --dry-run` says what would be sent: an uninstalled workspace's prompts wait in the real
    run, so the dry run does not list them either, and asks Slack nothing."""
    install(oauth_bot, emu, TEAM_A, "Acme")
    token_b = install(oauth_bot, emu, TEAM_B, "Bravo")
    slack_a, slack_b = driver(oauth_bot, emu, TEAM_A), driver(oauth_bot, emu, TEAM_B)
    for slack, channel in ((slack_a, PROJECT), (slack_b, LOUNGE)):
        slack.slash("/kickoff", f'<@{MARIA}|maria> "Site {channel}" due {in_days(40)} checkins=everyday@10:00 '
                    'objectives="Faster site" deliverables="Homepage"', user=OWNER, channel=channel).wait()
    slack_a.app_uninstalled()
    installed_teams(oauth_bot, wait_for=[TEAM_B])
    settings = Settings(database_url=oauth_bot.database_url, slack_api_url=emu.api_url, slack_client_id=CLIENT_ID,
                        slack_client_secret=CLIENT_SECRET, encryption_key=KEY)
    runtime = Runtime.build(settings)
    client = make_client(runtime, for_deliveries=True)
    now = datetime.combine(next_working_day_in_bogota(), dtime(10, 0), tzinfo=BOGOTA) + timedelta(minutes=1)

    def prompted(lines: list[str]) -> list[str]:
        return sorted(line.split(" -> ")[1].split(":")[0] for line in lines if "checkin_prompt" in line)

    before = len(emu.calls)
    dry = list(run_due(runtime, client, now=now, dry_run=True))
    assert emu.calls[before:] == []
    assert prompted(dry) == [LOUNGE]  # Bravo's prompt; Acme's waits for a new install
    real = list(run_due(runtime, client, now=now))
    assert prompted(real) == prompted(dry)
    assert {c.token for c in emu.calls[before:] if c.method == "chat.postMessage" and c.ok} == {token_b}
    runtime.engine.dispose()


def test_revoked_bot_tokens_are_deleted_and_no_token_ever_reaches_the_log(
        oauth_bot: BotServer, emu: SlackEmulator) -> None:
    token_a, token_b = install(oauth_bot, emu, TEAM_A, "Acme"), install(oauth_bot, emu, TEAM_B, "Bravo")
    slack_b = driver(oauth_bot, emu, TEAM_B)
    kickoff(slack_b, LOUNGE, "Bravo app")
    assert slack_b.tokens_revoked(bot=True).status == 200
    assert installed_teams(oauth_bot, wait_for=[TEAM_A]) == ([TEAM_A], [TEAM_A])
    before = len(emu.calls)
    kickoff(driver(oauth_bot, emu, TEAM_A), PROJECT, "Alpha site")
    assert tokens_used(emu, before) == {token_a}
    log = oauth_bot.log.read_text()
    assert "tokens revoked in workspace T0000000002" in log
    assert token_a not in log and token_b not in log and KEY not in log and CLIENT_SECRET not in log
