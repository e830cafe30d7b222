"""The manifest carries what Add to Slack needs: the redirect URL, the uninstall events, the scopes asked for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.slack.oauth import REDIRECT_PATH, bot_scopes

REFERENCE = next((p / "shared/slack-reference" for p in Path(__file__).resolve().parents
                  if (p / "shared/slack-reference").is_dir()), None)


def manifest(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "bot", "manifest", *args], capture_output=True, text=True,
                          check=True, timeout=60)
    return yaml.safe_load(done.stdout)


def test_the_url_fills_the_redirect_and_the_manifest_is_valid() -> None:
    printed = manifest("--url", "https://tandem.example.org/")
    assert printed["oauth_config"]["redirect_urls"] == ["https://tandem.example.org" + REDIRECT_PATH]
    assert {"app_uninstalled", "tokens_revoked"} <= set(printed["settings"]["event_subscriptions"]["bot_events"])
    assert bot_scopes() == printed["oauth_config"]["scopes"]["bot"]  # the install link asks for these
    if REFERENCE is None:
        pytest.skip("shared/slack-reference is not beside the checkout")
    schema = json.loads((REFERENCE / "manifest-schema/schemas/manifest.schema.1.0.0.json").read_text())
    jsonschema.validate(printed, schema)
