"""`tandem manifest`: the Slack app manifest, with request URLs filled in for HTTP mode."""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from bot.config import Settings

PLACEHOLDER = "https://tandem.example.com"


def manifest_path() -> Path:
    """manifest.yml at the project root, beside the bot package."""
    return Path(__file__).resolve().parents[2] / "manifest.yml"


def load_manifest() -> dict:
    """The manifest as data (tests compare it with what the app registers)."""
    return yaml.safe_load(manifest_path().read_text(encoding="utf-8"))


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register `tandem manifest`."""
    parser = verbs.add_parser(
        "manifest", help="print the Slack app manifest",
        description="Print manifest.yml; paste it at api.slack.com/apps > Create New App > From a manifest.",
    )
    parser.add_argument("--url", help="public base URL of `tandem serve`, e.g. https://tandem.example.org (fills "
                        "the request URLs and the Add to Slack redirect URL, URL/slack/oauth_redirect)")
    parser.add_argument("--socket-mode", action="store_true", help="print it for Socket Mode (no request URLs)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    text = manifest_path().read_text(encoding="utf-8")
    if args.url:
        text = text.replace(PLACEHOLDER, args.url.rstrip("/"))
    if args.socket_mode:
        text = text.replace("socket_mode_enabled: false", "socket_mode_enabled: true")
    print(text, end="")
    return 0
