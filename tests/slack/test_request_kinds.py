"""/metrics labels each request with its kind, read from Slack's real payloads (shared/slack-reference)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.observability.metrics import kind_of
from tests.test_cli import tandem

REFERENCE = next((parent / "shared/slack-reference" for parent in Path(__file__).resolve().parents
                  if (parent / "shared/slack-reference").is_dir()), Path("/nonexistent"))
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="shared/slack-reference is not beside the checkout")

EXPECTED = {
    "slash_command.json": "command",
    "block_actions.json": "action",
    "shortcut_global.json": "action",
    "shortcut_message.json": "action",
    "view_submission.json": "view",
    "view_closed.json": "view",
    "block_suggestion.json": "options",
    "event_url_verification.json": "event",
    "event_message_channel.json": "event",
    "event_app_uninstalled.json": "event",
    "event_tokens_revoked.json": "event",
}


@needs_reference
@pytest.mark.parametrize(("name", "kind"), EXPECTED.items())
def test_each_real_payload_has_its_kind(name: str, kind: str) -> None:
    assert kind_of(json.loads((REFERENCE / "payloads" / name).read_text())) == kind


def test_what_is_not_a_slack_body_is_unknown() -> None:
    assert [kind_of(body) for body in (None, "text", [], {}, {"type": "something_new"})] == ["unknown"] * 5


@needs_reference
def test_the_socket_mode_manifest_still_validates_against_slacks_schema() -> None:
    schema = json.loads((REFERENCE / "manifest-schema/schemas/manifest.schema.1.0.0.json").read_text())
    jsonschema.validate(yaml.safe_load(tandem("manifest", "--socket-mode").stdout), schema)
