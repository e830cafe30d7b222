"""`tandem db upgrade|downgrade|current`: alembic with Tandem's settings."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from bot.config import Settings
from bot.db import migrate


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register `tandem db ...`."""
    parser = verbs.add_parser("db", help="migrate the database",
                              description="Apply or roll back database migrations (alembic).")
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    up = actions.add_parser("upgrade", help="apply pending migrations",
                            description="Apply migrations up to REV (default: head).")
    up.add_argument("revision", nargs="?", default="head", help="target revision (default: head)")
    up.set_defaults(run=run_upgrade)
    down = actions.add_parser("downgrade", help="roll back migrations",
                              description="Roll back to REV ('base' empties the database; '-1' steps back one).")
    down.add_argument("revision", help="target revision, e.g. -1 or base")
    down.set_defaults(run=run_downgrade)
    current = actions.add_parser("current", help="show the applied revision",
                                 description="Print the migration revision the configured database is at.")
    current.set_defaults(run=run_current)


def run_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    return _move(migrate.upgrade, settings.database_url, args.revision)


def run_downgrade(args: argparse.Namespace, settings: Settings) -> int:
    return _move(migrate.downgrade, settings.database_url, args.revision)


def _move(step: Callable[[str, str], None], database_url: str, revision: str) -> int:
    """Migrate to `revision`; one line, not alembic's traceback, when it names none or none reachable."""
    from alembic.util import CommandError

    try:
        step(database_url, revision)
    except CommandError as error:
        print(f"tandem db: {str(error).splitlines()[0]} (`tandem db current` shows where the database is; "
              "revisions run from 0001 up to head)", file=sys.stderr)
        return 2
    print(f"Database at {migrate.current(database_url) or 'base'}.")
    return 0


def run_current(args: argparse.Namespace, settings: Settings) -> int:
    print(migrate.current(settings.database_url) or "base (no migrations applied)")
    return 0
