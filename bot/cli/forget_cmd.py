"""`tandem forget @user|U123`: erase a person's personal data, keeping anonymous aggregates.

On SQLite the erasure runs with `PRAGMA secure_delete` and is followed by a VACUUM and a WAL
checkpoint, so the old values do not survive in free pages or the write-ahead log. PostgreSQL keeps
old row versions until VACUUM FULL rewrites the table (and in its WAL and backups until they age
out); the report says so.
"""

from __future__ import annotations

import argparse
import logging
import sys

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import presence
from bot.db.models import Person
from bot.db.session import transaction
from bot.domain.privacy import forget
from bot.runtime import Runtime
from bot.slack.client import make_client

logger = logging.getLogger(__name__)


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register `tandem forget`."""
    parser = verbs.add_parser(
        "forget", help="erase a person's personal data",
        description="Erase a person: blank what they wrote, reset their profile, company, zone, country and "
        "private terms, delete their time off, and replace their Slack id and DM channel ids everywhere by a "
        "pseudonym (keyed with TANDEM_SECRET_KEY, or random). Engagements where they are the contractor are "
        "paused. Counts, dates, ratings and amounts stay. Lists what others wrote that names them and the "
        "Slack messages Tandem posted about them. This cannot be undone.",
    )
    parser.add_argument("user", nargs="?", help="the person's Slack user id: U0123, @U0123 or <@U0123>; "
                        "leave it out with --team to erase the whole workspace")
    parser.add_argument("--team", help="the workspace (team id); needed when the person is known in several. "
                        "Alone (no user): erase every row of that workspace and its stored Slack tokens")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.add_argument("--redact-mentions", action="store_true",
                        help="also replace their name and company in what others wrote by the pseudonym")
    parser.add_argument("--delete-messages", action="store_true",
                        help="delete the Slack messages Tandem posted about them (chat.delete; needs SLACK_BOT_TOKEN)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Confirm, delete Tandem's messages if asked, erase in one transaction, scrub free pages, report."""
    absent = presence.missing(settings.database_url)
    if absent is not None:  # connecting would create an empty file, then fail on its missing tables
        print(f"tandem forget: there is no database at {absent}; set DATABASE_URL to Tandem's database. "
              "Nothing was erased.", file=sys.stderr)
        return 1
    if not args.user:
        return forget_workspace(args, settings)
    user_id = args.user.strip().strip("<>").lstrip("@").split("|")[0].upper()
    if args.delete_messages and not (settings.slack_bot_token or settings.oauth_mode):
        print("tandem forget: --delete-messages needs SLACK_BOT_TOKEN (the bot can only delete its own "
              "messages). Nothing was erased.", file=sys.stderr)
        return 2
    runtime = Runtime.build(settings)
    try:
        with runtime.sessions() as session:
            teams = set(session.scalars(select(Person.team_id).where(Person.user_id == user_id)))
        team_id = args.team or (teams.pop() if len(teams) == 1 else None)
        if team_id is None:
            known = ", ".join(sorted(teams)) or "no workspace"
            print(f"tandem forget: {user_id} is known in {known}; name one with --team.", file=sys.stderr)
            return 2
        if not args.yes and not confirmed(user_id, team_id):
            print("Nothing was erased.")
            return 1
        deleted = delete_messages(runtime, team_id, user_id) if args.delete_messages else {}
        names = slack_names(runtime, user_id, team_id)
        with transaction(runtime.sessions) as session:
            sqlite = _secure_delete(session)
            erasure = forget.forget(session, team_id=team_id, user_id=user_id, now=runtime.clock(),
                                    alias=forget.pseudonym(team_id, user_id, settings.secret_key),
                                    names=names, redact_mentions=args.redact_mentions)
        scrubbed = _scrub_free_pages(runtime.engine) if sqlite else None
    finally:
        runtime.engine.dispose()
    report(user_id, team_id, erasure, deleted, scrubbed)
    return 0


def forget_workspace(args: argparse.Namespace, settings: Settings) -> int:
    """`tandem forget --team T…`: every row of the workspace, its tokens included, in one transaction."""
    from bot.domain.privacy.forget_team import forget_team, teams_known

    team_id = (args.team or "").strip().upper()
    if not team_id:
        print("tandem forget: name a person (tandem forget U0123) or a workspace (tandem forget --team T0123). "
              "Nothing was erased.", file=sys.stderr)
        return 2
    runtime = Runtime.build(settings)
    try:
        with runtime.sessions() as session:
            known = teams_known(session)
        if team_id not in known:
            print(f"tandem forget: Tandem has nothing of workspace {team_id} (it knows "
                  f"{', '.join(known) or 'no workspace'}). Nothing was erased.", file=sys.stderr)
            return 2
        if not args.yes and not confirmed_team(team_id):
            print("Nothing was erased.")
            return 1
        with transaction(runtime.sessions) as session:
            sqlite = _secure_delete(session)
            deleted = forget_team(session, team_id=team_id)
        scrubbed = _scrub_free_pages(runtime.engine) if sqlite else None
        if runtime.installations is not None:
            runtime.installations.forget(team_id)
    finally:
        runtime.engine.dispose()
    print(f"Forgot workspace {team_id}: every row it owned and its stored Slack tokens are deleted.")
    for table, rows in sorted(deleted.items()):
        print(f"  {table}: {rows} rows")
    report_scrub(scrubbed)
    print("Tandem's messages stay in that workspace's Slack; uninstall the app there to stop it for good.")
    return 0


def confirmed_team(team_id: str) -> bool:
    """Ask on the terminal; a closed stdin (a script without --yes) answers no."""
    try:
        return input(f"Erase everything Tandem holds of workspace {team_id}? This cannot be undone. [y/N] "
                     ).strip().lower() in ("y", "yes")
    except EOFError:
        return False


def confirmed(user_id: str, team_id: str) -> bool:
    """Ask on the terminal; a closed stdin (a script without --yes) answers no."""
    question = f"Erase the personal data of {user_id} in {team_id}? This cannot be undone. [y/N] "
    try:
        return input(question).strip().lower() in ("y", "yes")
    except EOFError:
        return False


def workspace_client(runtime: Runtime, team_id: str) -> WebClient | None:
    """The client for the workspace: the bot token's, or in OAuth mode its stored token's (None if none)."""
    if runtime.settings.oauth_mode:
        from bot.slack.teams import team_client

        return team_client(make_client(runtime, for_deliveries=True), team_id)
    return make_client(runtime) if runtime.settings.slack_bot_token else None


def slack_names(runtime: Runtime, user_id: str, team_id: str) -> list[str]:
    """The display and real names Slack knows the person by (when a token is set), to find them in texts."""
    client = workspace_client(runtime, team_id)
    if client is None:
        return []
    try:
        profile = client.users_info(user=user_id)["user"]
    except (SlackApiError, OSError) as error:
        logger.info("users.info %s failed (%s); searching texts for the stored name only", user_id, error)
        return []
    inner = profile.get("profile") or {}
    return [n for n in (profile.get("real_name"), inner.get("real_name"), inner.get("display_name"),
                        profile.get("name")) if n]


def delete_messages(runtime: Runtime, team_id: str, user_id: str) -> dict[tuple[str, str], str]:
    """chat.delete each of Tandem's messages about the person; (channel, ts) -> "deleted" or Slack's error."""
    with runtime.sessions() as session:
        messages = forget.messages_about(session, team_id=team_id, user_id=user_id)
    client = workspace_client(runtime, team_id)
    outcome: dict[tuple[str, str], str] = {}
    if client is None:  # OAuth mode, the workspace has no stored token: nothing can be deleted in Slack
        return {(m.channel, m.ts): "not_installed" for m in messages}
    for message in messages:
        try:
            client.chat_delete(channel=message.channel, ts=message.ts)
            outcome[(message.channel, message.ts)] = "deleted"
        except SlackApiError as error:
            code = str(error.response.get("error"))
            # Already gone (deleted by hand, or the channel with it): nothing of it is left in Slack.
            outcome[(message.channel, message.ts)] = "deleted" if code == "message_not_found" else code
        except OSError as error:  # Slack unreachable: the message stays listed as not deleted
            outcome[(message.channel, message.ts)] = type(error).__name__
    return outcome


def _secure_delete(session: Session) -> bool:
    """On SQLite, have space freed by this transaction overwritten with zeros; False elsewhere."""
    if session.get_bind().dialect.name != "sqlite":
        return False
    session.connection().exec_driver_sql("PRAGMA secure_delete = ON")
    return True


def _scrub_free_pages(engine: Engine) -> bool:
    """VACUUM rewrites the file without free pages; a TRUNCATE checkpoint empties the write-ahead log.

    False when another process (a running `tandem serve`) kept the file busy: the erasure is
    committed, but old values may remain in free pages or the log until it is run again.
    """
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("PRAGMA secure_delete = ON")
            connection.exec_driver_sql("VACUUM")
            busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    except OperationalError as error:
        logger.warning("VACUUM after forget: %s", error)
        return False
    return not busy


def report_scrub(scrubbed: bool | None) -> None:
    """Whether old values can still be read from the database's files."""
    if scrubbed is True:
        print("SQLite: old values overwritten (secure_delete, VACUUM, write-ahead log truncated).")
    elif scrubbed is False:
        print("SQLite: erased, but another process kept the file busy, so old values may remain in free pages "
              "or the write-ahead log: stop Tandem and run `sqlite3 <file> 'VACUUM; PRAGMA wal_checkpoint(TRUNCATE)'`.")
    else:
        print("PostgreSQL: old row versions stay on disk until `VACUUM FULL` rewrites the tables (plain VACUUM "
              "only marks the space reusable); the WAL and backups keep them until they age out.")


def report(user_id: str, team_id: str, erasure: forget.Erasure, deleted: dict[tuple[str, str], str],
           scrubbed: bool | None) -> None:
    """What changed, then what could not be removed and where it is."""
    print(f"Forgot {user_id} in {team_id}; it now appears as {erasure.alias}.")
    for what, rows in sorted(erasure.erased.items()):
        if rows:
            print(f"  {what}: {rows} rows")
    report_scrub(scrubbed)
    if erasure.mentions:
        done = "replaced by the pseudonym" if erasure.redacted else "left as written; --redact-mentions replaces them"
        print(f"Text others wrote that names them ({done}; <@mentions> always lose the id):")
        for mention in erasure.mentions:
            print(f"  {mention.table}.{mention.column} row {mention.row}: {mention.term}")
    kept = [m for m in erasure.messages if deleted.get((m.channel, m.ts)) != "deleted"]
    if deleted:
        print(f"Slack messages Tandem posted about them: {len(deleted) - len(kept)} deleted.")
    if kept:
        print("Slack messages Tandem posted about them, still in Slack" +
              (" (--delete-messages deletes them):" if not deleted else ":"))
        for m in kept:
            why = deleted.get((m.channel, m.ts))
            print(f"  channel {m.channel} ts {m.ts}: {m.source}" + (f" (chat.delete: {why})" if why else ""))
