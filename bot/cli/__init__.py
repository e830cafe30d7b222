"""The `tandem` command: read settings once, then serve, migrate, check or run the scheduled duties."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from importlib import metadata

from dotenv import load_dotenv
from sqlalchemy.exc import SQLAlchemyError

from bot.cli import malloc
from bot.config import ConfigError, Settings
from bot.secrets import BadKey
from bot.text.urls import redact

DESCRIPTION = """Tandem keeps outsourced work on track in Slack: kickoffs with a plan, check-ins in
each contractor's working hours, feedback, thanks and payment alerts.
Settings come from the environment or a .env file (see .env.example)."""


# Verb -> its module under bot.cli, in help order. Imported lazily: `tandem jobs run-due`
# runs once per simulated instant in tests and cron-like setups, and importing every command
# (Bolt, alembic, the exporters) would double its start-up time.
COMMANDS = {
    "serve": "serve_cmd", "db": "db_cmd", "doctor": "doctor_cmd", "manifest": "manifest_cmd",
    "jobs": "jobs_cmd", "status": "status_cmd", "export": "export_cmd", "forget": "forget_cmd",
    "sandbox": "sandbox_cmd", "keygen": "keygen_cmd", "rotate-key": "rotate_key_cmd",
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line, one sub-parser per verb; only the named verb's module when argv names one."""
    parser = argparse.ArgumentParser(prog="tandem", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"tandem {version()}")
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", required=True)
    named = next((arg for arg in argv or () if not arg.startswith("-")), None)
    for verb, module in COMMANDS.items():
        if named not in COMMANDS or verb == named:
            importlib.import_module(f"bot.cli.{module}").add_parser(verbs)
    return parser


def version() -> str:
    """The installed distribution's version (pyproject.toml's), or "unknown" when run from a bare checkout."""
    try:
        return metadata.version("tandem-slack")
    except metadata.PackageNotFoundError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; configuration errors end with one line and exit code 2."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv).parse_args(argv)
    load_dotenv(".env", override=False)
    try:
        if getattr(args, "reports_settings", False):  # doctor: each bad setting is one of its FAIL lines
            settings, args.setting_problems = Settings.read()
        else:
            settings = Settings.from_env()
        settings.apply_logging()
        malloc.limit_arenas()  # before the server's or the lanes' threads start
        return int(args.run(args, settings) or 0)
    except (ConfigError, BadKey) as error:
        print(f"tandem: {error}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        print(redact(f"tandem: database error ({type(error).__name__}): {str(error).splitlines()[0]}\n"
                     "Check DATABASE_URL and that the database server is running; `tandem doctor` helps."),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
