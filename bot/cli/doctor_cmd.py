"""`tandem doctor`: one pass/fail line per thing Tandem needs, so setup problems are found in a minute."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.cli.manifest_cmd import load_manifest
from bot.config import Settings
from bot.db import migrate, presence
from bot.db.session import make_engine, ping
from bot.text.urls import redact, redact_url

BARE_NAME = re.compile(r"[A-Z_]+ \(")  # a setting named with where to find it: it is missing


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register `tandem doctor`."""
    parser = verbs.add_parser(
        "doctor", help="check settings, database and Slack access",
        description="Check each setting, the database, auth.test against the Slack API and the token's scopes.",
    )
    # A bad setting is one FAIL line among the others, not the end of the diagnosis (see bot.cli.main).
    parser.set_defaults(run=run, reports_settings=True)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Every check runs whatever failed before it: one PASS or FAIL line each, a FAIL line per bad setting."""
    problems = [str(problem) for problem in getattr(args, "setting_problems", ())]
    # "VAR (where to find it)" is missing; a sentence ("TANDEM_ENCRYPTION_KEY is not URL-safe base64") says itself.
    problems += [f"missing {item}" if BARE_NAME.match(item) else item for item in settings.missing_for_serving()]
    checks: list[tuple[str, Callable[[], str]]] = [
        ("database", lambda: check_database(settings)),
        ("slack auth.test", lambda: check_auth(settings)),
        ("slack scopes", lambda: check_scopes(settings)),
    ]
    if settings.oauth_mode:  # Add to Slack: no one token to test, but the OAuth settings and installations
        from bot.cli.doctor_oauth import check_installations, check_oauth

        checks[1:] = [("oauth settings", lambda: check_oauth(settings)),
                      ("slack installations", lambda: check_installations(settings))]
    if not problems:
        checks.insert(0, ("settings", lambda: check_settings(settings)))
    for problem in problems:
        print(redact(f"FAIL  settings: {problem}", _secrets(settings)))
    failed = len(problems)
    for name, check in checks:
        try:
            detail = check()
            print(redact(f"PASS  {name}: {detail}", _secrets(settings)))
        except Exception as error:  # noqa: BLE001 - every failure becomes one readable line
            failed += 1
            print(redact(f"FAIL  {name}: {error}", _secrets(settings)))
    return 1 if failed else 0


def _secrets(settings: Settings) -> tuple[str, ...]:
    """What must never reach the terminal (output is pasted into tickets): tokens, secrets, passwords."""
    passwords = []
    for url in (settings.database_url, settings.slack_api_url):
        try:
            password = urlsplit(url or "").password
        except ValueError:
            password = None
        if password:
            passwords += [password, unquote(password)]
    candidates = (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token,
                  settings.slack_client_secret, settings.encryption_key, *passwords)
    # A secret of a few characters would be replaced inside ordinary words; real ones are long.
    return tuple(secret for secret in candidates if len(secret) >= 6)


def check_settings(settings: Settings) -> str:
    missing = settings.missing_for_serving()
    if missing:
        raise RuntimeError("missing " + "; ".join(missing))
    mode = "Socket Mode" if settings.socket_mode else f"HTTP on port {settings.port}"
    if settings.oauth_mode:
        mode += " with Add to Slack (OAuth)"
    return (f"{mode}, default time zone {settings.default_timezone}, API {redact_url(settings.slack_api_url)}, "
            f"database {redact_url(settings.database_url)}")


def check_database(settings: Settings) -> str:
    absent = presence.missing(settings.database_url)
    if absent is not None:  # connecting would create an empty file and report on it
        raise RuntimeError(f"no database file at {absent}; `tandem db upgrade` creates it, or set DATABASE_URL")
    engine = make_engine(settings.database_url)
    try:
        ping(engine)
    finally:
        engine.dispose()
    revision = migrate.current(settings.database_url)
    return f"reachable, migrations at {revision or 'none (run `tandem db upgrade`)'}"


def _client(settings: Settings) -> WebClient:
    if not settings.slack_bot_token:
        raise RuntimeError("SLACK_BOT_TOKEN is not set")
    return WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10)


def check_auth(settings: Settings) -> str:
    try:
        result = _client(settings).auth_test()
    except SlackApiError as error:
        raise RuntimeError(f"Slack said {error.response.get('error')}: check SLACK_BOT_TOKEN") from None
    return f"bot {result.get('user')} in workspace {result.get('team')} ({result.get('team_id')})"


def check_scopes(settings: Settings) -> str:
    response = _client(settings).auth_test()
    granted = {s.strip() for s in (response.headers.get("x-oauth-scopes") or "").split(",") if s.strip()}
    wanted = set(load_manifest()["oauth_config"]["scopes"]["bot"])
    missing = sorted(wanted - granted)
    if missing:
        raise RuntimeError(f"token lacks {', '.join(missing)}: reinstall the app from manifest.yml")
    return f"all {len(wanted)} scopes granted"
