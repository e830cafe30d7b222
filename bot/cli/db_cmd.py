"""`tandem db upgrade|downgrade|current`: alembic with Tandem's settings."""

from __future__ import annotations

import argparse

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
    migrate.upgrade(settings.database_url, args.revision)
    print(f"Database at {migrate.current(settings.database_url) or 'base'}.")
    return 0


def run_downgrade(args: argparse.Namespace, settings: Settings) -> int:
    migrate.downgrade(settings.database_url, args.revision)
    print(f"Database at {migrate.current(settings.database_url) or 'base'}.")
    return 0


def run_current(args: argparse.Namespace, settings: Settings) -> int:
    print(migrate.current(settings.database_url) or "base (no migrations applied)")
    return 0
