"""`tandem doctor`'s checks for OAuth mode (Add to Slack): the settings, and the stored installations."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from bot.secrets import BadKey, CannotDecrypt, Sealer, parse_key

# Slack's client ids are two numbers joined by a dot (Basic Information > App Credentials).
CLIENT_ID = re.compile(r"^\d{6,}\.\d{6,}$")


def check_oauth(settings: Settings) -> str:
    """Every OAuth setting, all problems in one line."""
    from bot.slack.oauth import REDIRECT_PATH

    problems = []
    if not CLIENT_ID.match(settings.slack_client_id):
        problems.append("SLACK_CLIENT_ID does not look like Slack's client id (digits.digits, e.g. "
                        "1234567890.1234567890123; Basic Information > App Credentials)")
    if len(settings.slack_client_secret) < 16:
        problems.append("SLACK_CLIENT_SECRET looks too short (Slack's is 32 characters)")
    try:
        parse_key(settings.encryption_key)
    except BadKey as error:
        problems.append(str(error))
    if not settings.slack_signing_secret:
        problems.append("SLACK_SIGNING_SECRET is not set (Basic Information > App Credentials)")
    if settings.slack_bot_token:
        problems.append("SLACK_BOT_TOKEN is set: unset it in OAuth mode "
                        "(each workspace's token comes from its install)")
    redirect = settings.slack_redirect_uri
    if redirect:
        parts = urlsplit(redirect)
        if parts.scheme != "https" or not parts.netloc:
            problems.append(f"SLACK_REDIRECT_URI must be an https URL (Slack refuses others), e.g. "
                            f"https://tandem.example.org{REDIRECT_PATH}")
        elif parts.path != REDIRECT_PATH:
            problems.append(f"SLACK_REDIRECT_URI must end in {REDIRECT_PATH}, where Tandem completes the install")
    if problems:
        raise RuntimeError("; ".join(problems))
    where = redirect or f"the manifest's redirect URL (…{REDIRECT_PATH})"
    return f"client id {settings.slack_client_id}, key of 32 bytes, installs come back to {where}"


def check_installations(settings: Settings) -> str:
    """How many workspaces installed Tandem, and that every stored token opens with the key."""
    from bot.db import presence
    from bot.db.session import make_engine
    from bot.slack.installations import SealedInstallationStore

    absent = presence.missing(settings.database_url)
    if absent is not None:  # connecting would create it (see check_database)
        raise RuntimeError(f"no database file at {absent}, so no installation: `tandem db upgrade` creates it, "
                           "or set DATABASE_URL")
    engine = make_engine(settings.database_url)
    try:
        store = SealedInstallationStore(settings.slack_client_id, engine, Sealer.from_setting(settings.encryption_key))
        try:
            teams = store.installed_teams()
        except SQLAlchemyError:
            raise RuntimeError("the installation tables are not there yet: run `tandem db upgrade` "
                               "(`tandem serve` does it on start)") from None
        for team in teams:
            try:
                store.find_bot(enterprise_id=None, team_id=team)
            except CannotDecrypt:
                raise RuntimeError(f"workspace {team}'s token does not open with TANDEM_ENCRYPTION_KEY (wrong key, "
                                   "or a `tandem rotate-key` whose new key was not set)") from None
    finally:
        engine.dispose()
    if not teams:
        return "no workspace has installed Tandem yet: open /slack/install on your server"
    return f"{len(teams)} workspace(s) installed, every stored token opens with the key"
