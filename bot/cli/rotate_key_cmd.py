"""`tandem rotate-key`: re-seal every stored Slack token with a new TANDEM_ENCRYPTION_KEY, all or nothing."""

from __future__ import annotations

import argparse
import os
import sys

from bot.config import ConfigError, Settings
from bot.db import presence
from bot.secrets import CannotDecrypt, Sealer, parse_key

NEW_KEY_ENV = "TANDEM_NEW_ENCRYPTION_KEY"


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register `tandem rotate-key`."""
    parser = verbs.add_parser(
        "rotate-key", help="re-encrypt the stored Slack tokens with a new key",
        description="Open every stored token (bot, refresh and user tokens) with TANDEM_ENCRYPTION_KEY and seal "
        f"it with the new key (--new-key, or {NEW_KEY_ENV}), in one transaction: if any token does not open "
        "with the old key nothing changes. Tokens stored in the clear are sealed too. Then set "
        "TANDEM_ENCRYPTION_KEY to the new key and restart every Tandem process (best: stop them first).",
    )
    parser.add_argument("--new-key", help=f"the new key (default: ${NEW_KEY_ENV}; `tandem keygen` makes one)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    old_key = parse_key(settings.encryption_key)
    new_value = (args.new_key or os.environ.get(NEW_KEY_ENV, "")).strip()
    if not new_value:
        raise ConfigError(f"give the new key with --new-key or {NEW_KEY_ENV}; `tandem keygen` prints one")
    new_key = parse_key(new_value, "the new key" if args.new_key else NEW_KEY_ENV)
    if new_key == old_key:
        raise ConfigError("the new key is the same as TANDEM_ENCRYPTION_KEY; `tandem keygen` prints a new one")
    absent = presence.missing(settings.database_url)
    if absent is not None:  # it would create and migrate one, then report 0 tokens re-encrypted
        print(f"tandem rotate-key: there is no database at {absent}; set DATABASE_URL to Tandem's database. "
              "Nothing was changed.", file=sys.stderr)
        return 1
    from bot.db import migrate  # alembic and the stores only once the keys are good
    from bot.runtime import Runtime
    from bot.slack.installations import reseal_all

    migrate.upgrade(settings.database_url)
    runtime = Runtime.build(settings)
    try:
        changed = reseal_all(runtime.engine, Sealer(old_key), Sealer(new_key))
    except CannotDecrypt as error:
        print(f"tandem rotate-key: {error}. Nothing was changed.", file=sys.stderr)
        return 1
    finally:
        runtime.engine.dispose()
    print(f"Re-encrypted {changed} stored token(s) with the new key. Now set TANDEM_ENCRYPTION_KEY to the new key "
          "and restart every Tandem process (serve and jobs).")
    return 0
