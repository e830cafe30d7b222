"""The `tandem` command: read settings once, then serve, migrate, check or run the scheduled duties."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from dotenv import load_dotenv
from sqlalchemy.exc import SQLAlchemyError

from bot.commands import db_cmd, doctor_cmd, jobs_cmd, manifest_cmd, serve_cmd
from bot.config import ConfigError, Settings

DESCRIPTION = """Tandem keeps outsourced work on track in Slack: kickoffs with a plan, check-ins in
each contractor's working hours, feedback, thanks and payment alerts.
Settings come from the environment or a .env file (see .env.example)."""


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, one sub-parser per verb."""
    parser = argparse.ArgumentParser(prog="tandem", description=DESCRIPTION)
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", required=True)
    serve_cmd.add_parser(verbs)
    db_cmd.add_parser(verbs)
    doctor_cmd.add_parser(verbs)
    manifest_cmd.add_parser(verbs)
    jobs_cmd.add_parser(verbs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; configuration errors end with one line and exit code 2."""
    args = build_parser().parse_args(argv)
    load_dotenv(".env", override=False)
    try:
        settings = Settings.from_env()
        settings.apply_logging()
        return int(args.run(args, settings) or 0)
    except ConfigError as error:
        print(f"tandem: {error}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        print(f"tandem: database error ({type(error).__name__}): {str(error).splitlines()[0]}\n"
              "Check DATABASE_URL and that the database server is running; `tandem doctor` helps.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
