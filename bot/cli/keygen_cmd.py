"""`tandem keygen`: print a new TANDEM_ENCRYPTION_KEY (32 random bytes, URL-safe base64)."""

from __future__ import annotations

import argparse

from bot.config import Settings
from bot.secrets import generate_key


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register `tandem keygen`."""
    parser = verbs.add_parser(
        "keygen", help="print a new encryption key for TANDEM_ENCRYPTION_KEY",
        description="Print 32 random bytes in URL-safe base64: the key that seals every workspace's Slack "
        "tokens at rest in OAuth mode. Put it in TANDEM_ENCRYPTION_KEY and keep it out of the database's "
        "backups; to change it later, see `tandem rotate-key`.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    print(generate_key())
    return 0
