"""`tandem manifest`: the Slack app manifest, with request URLs filled in for HTTP mode."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bot.config import Settings

PLACEHOLDER = "https://tandem.example.com"
# A slash command's `url:` or a setting's `request_url:` line, with the placeholder's path.
REDIRECT_ITEM = re.compile(r"^\s*-\s*" + re.escape(PLACEHOLDER) + r"/slack/oauth_redirect\s*$")
REQUEST_URL = re.compile(r"^\s*(?:-\s*)?(?:url|request_url):\s*" + re.escape(PLACEHOLDER) + r"/slack/events\s*$")


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
    problem = url_problem(args.url) if args.url else None
    if args.url and args.socket_mode:
        problem = ("--socket-mode leaves out the request URLs that --url fills in: give --url (HTTP mode) or "
                   "--socket-mode, not both")
    if problem:
        print(f"tandem manifest: {problem}", file=sys.stderr)
        return 2
    text = manifest_path().read_text(encoding="utf-8")
    if args.socket_mode:  # first: the request URLs are found by the placeholder
        text = without_request_urls(text.replace("socket_mode_enabled: false", "socket_mode_enabled: true"))
    if args.url:
        text = text.replace(PLACEHOLDER, args.url.rstrip("/"))
    print(text, end="")
    return 0


def url_problem(url: str) -> str | None:
    """Why `url` cannot be the app's public address (Slack sends requests over HTTPS only), or None."""
    parsed = urlsplit(url)
    if parsed.scheme == "https" and parsed.hostname:
        return None
    return (f"--url must be the public https:// address of `tandem serve` (Slack only calls HTTPS), "
            f"e.g. --url https://tandem.example.org; got {url!r}")


def without_request_urls(text: str) -> str:
    """The manifest with no request URL: in Socket Mode Slack sends commands, events and actions over the socket.

    The OAuth redirect goes too: Add to Slack is served over HTTP, never beside Socket Mode (see Settings).
    """
    lines = [line for line in text.splitlines(keepends=True) if not REQUEST_URL.match(line)]
    kept: list[str] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if REDIRECT_ITEM.match(line):
            continue
        if line.strip() == "redirect_urls:" and REDIRECT_ITEM.match(following):
            while kept and kept[-1].lstrip().startswith("#"):  # its comment goes with it
                kept.pop()
            continue
        kept.append(line)
    return "".join(kept)
