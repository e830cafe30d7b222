"""manifest.yml is a valid app manifest and declares everything the app listens to."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from bot.cli.manifest_cmd import load_manifest

SCHEMA = (Path(__file__).resolve().parents[2]
          / "shared/slack-reference/manifest-schema/schemas/manifest.schema.1.0.0.json")
# Which bot scope each Web API method we call needs (Slack's method reference).
SCOPES_FOR_EVENTS = {
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "message.im": "im:history",
}


@pytest.fixture(scope="module")
def manifest() -> dict:
    return load_manifest()


@pytest.mark.skipif(not SCHEMA.exists(), reason="shared/slack-reference is not beside the checkout")
def test_manifest_validates_against_slacks_schema(manifest: dict) -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(manifest, schema)


class Recorder:
    """Stands in for the Bolt App while listeners.register() runs, noting what it registers."""

    def __init__(self) -> None:
        self.seen: dict[str, set[str]] = {"command": set(), "event": set(), "action": set(), "view": set()}

    def __getattr__(self, kind: str):  # type: ignore[no-untyped-def]
        def register(name: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            self.seen[kind].add(str(name))
            return lambda handler: handler
        return register


@pytest.fixture(scope="module")
def registered() -> dict[str, set[str]]:
    from bot.slack import listeners

    recorder = Recorder()
    listeners.register(recorder)  # type: ignore[arg-type]
    return recorder.seen


def test_every_slash_command_the_app_handles_is_declared_with_escaping(manifest: dict, registered: dict) -> None:
    declared = {c["command"]: c for c in manifest["features"]["slash_commands"]}
    assert registered["command"], "the app registers no slash command"
    assert registered["command"] <= set(declared)
    for command in registered["command"]:
        assert declared[command]["should_escape"] is True
        assert declared[command]["url"].endswith("/slack/events")


def test_events_and_scopes_cover_what_the_bot_needs(manifest: dict, registered: dict) -> None:
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    for event in registered["event"]:
        assert event in events or any(e.startswith(event + ".") for e in events), event
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"message.channels", "message.groups", "message.im", "app_home_opened"} <= events
    for event, scope in SCOPES_FOR_EVENTS.items():
        assert event not in events or scope in scopes
    # chat.postMessage, chat.postEphemeral, users.info, conversations.open, reactions.add
    assert {"commands", "chat:write", "users:read", "im:write", "reactions:write"} <= scopes
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
