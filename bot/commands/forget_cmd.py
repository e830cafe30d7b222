"""`tandem forget @user|U123`: erase a person's personal data, keeping anonymous aggregates."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import select

from bot.config import Settings
from bot.db.models import Person
from bot.db.session import transaction
from bot.domain import forget
from bot.runtime import Runtime


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register `tandem forget`."""
    parser = verbs.add_parser(
        "forget", help="erase a person's personal data",
        description="Blank the check-in texts, comments, thanks and profile of a person, replace their name "
        "and Slack id everywhere, and pause engagements where they are the contractor. Counts, dates, "
        "ratings and amounts stay, without anything that points back to them. This cannot be undone.",
    )
    parser.add_argument("user", help="the person's Slack user id: U0123, @U0123 or <@U0123>")
    parser.add_argument("--team", help="the workspace (team id); needed when the person is known in several")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Confirm, erase in one transaction, report what was erased."""
    user_id = args.user.strip().strip("<>").lstrip("@").split("|")[0].upper()
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
        with transaction(runtime.sessions) as session:
            erased = forget.forget(session, team_id=team_id, user_id=user_id, now=runtime.clock())
    finally:
        runtime.engine.dispose()
    report(user_id, team_id, erased)
    return 0


def confirmed(user_id: str, team_id: str) -> bool:
    """Ask on the terminal; a closed stdin (a script without --yes) answers no."""
    question = f"Erase the personal data of {user_id} in {team_id}? This cannot be undone. [y/N] "
    try:
        return input(question).strip().lower() in ("y", "yes")
    except EOFError:
        return False


def report(user_id: str, team_id: str, erased: dict[str, int]) -> None:
    """One line per table and column that changed."""
    print(f"Forgot {user_id} in {team_id}; it now appears as {forget.pseudonym(team_id, user_id)}.")
    for what, rows in sorted(erased.items()):
        print(f"  {what}: {rows} rows")
    if not erased:
        print("  nothing personal was stored.")
