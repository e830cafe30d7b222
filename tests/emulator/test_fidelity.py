"""Where the emulator was laxer than Slack (issue 17): each test names the reference it compares with.

- SPEC: slack-reference/slack-api-specs/web-api/slack_web_openapi_v2_without_examples.json
  (the error codes each method documents).
- The history tier: Slack's rate-limit page (https://docs.slack.dev/apis/web-api/rate-limits) and the
  changelog of 2025-05-29 ("rate limit changes for non-Marketplace apps"): conversations.history and
  conversations.replies at one request a minute, at most 15 objects a page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.emulator import SlackEmulator
from tests.emulator.conftest import PROJ

SPEC = Path("/work/shared/slack-reference/slack-api-specs/web-api/slack_web_openapi_v2_without_examples.json")


def documented_errors(method: str) -> set[str]:
    spec = json.loads(SPEC.read_text())
    [operation] = spec["paths"][f"/{method}"].values()
    return set(operation["responses"]["default"]["schema"]["properties"]["error"]["enum"])


def refusal(call) -> SlackApiError:  # type: ignore[no-untyped-def]
    with pytest.raises(SlackApiError) as raised:
        call()
    return raised.value


# --- the 2025 history tier -------------------------------------------------------------------------

def test_history_pages_hold_at_most_15_messages(client: WebClient) -> None:
    for n in range(20):
        client.chat_postMessage(channel=PROJ, text=f"m{n}")
    page = client.conversations_history(channel=PROJ, limit=200)
    assert len(page["messages"]) == 15 and page["has_more"] is True


@pytest.mark.parametrize("method", ["conversations.history", "conversations.replies"])
def test_a_second_read_within_the_minute_is_a_429_with_retry_after(client: WebClient, method: str) -> None:
    ts = client.chat_postMessage(channel=PROJ, text="parent")["ts"]
    read = (lambda: client.conversations_history(channel=PROJ)) if method == "conversations.history" else (
        lambda: client.conversations_replies(channel=PROJ, ts=ts))
    assert read()["ok"]
    error = refusal(read)
    assert error.response.status_code == 429 and error.response["error"] == "ratelimited"
    assert 1 <= int(error.response.headers["Retry-After"]) <= 60


def test_the_two_methods_are_counted_apart_and_the_minute_passes(emu: SlackEmulator, client: WebClient) -> None:
    now = [1000.0]
    emu.history_tier.clock = lambda: now[0]
    ts = client.chat_postMessage(channel=PROJ, text="parent")["ts"]
    assert client.conversations_history(channel=PROJ)["ok"]
    assert client.conversations_replies(channel=PROJ, ts=ts)["ok"]  # its own minute
    now[0] += 59
    assert refusal(lambda: client.conversations_history(channel=PROJ)).response.status_code == 429
    now[0] += 1
    assert client.conversations_history(channel=PROJ)["ok"]


def test_the_older_tier_is_a_switch(emu: SlackEmulator, client: WebClient) -> None:
    emu.history_tier.use("legacy")
    for n in range(20):
        client.chat_postMessage(channel=PROJ, text=f"m{n}")
    assert len(client.conversations_history(channel=PROJ, limit=200)["messages"]) == 20
    assert client.conversations_history(channel=PROJ)["ok"]


# --- laxities against the spec ------------------------------------------------------------------------

def test_history_refuses_a_bound_that_is_no_timestamp(emu: SlackEmulator, client: WebClient) -> None:
    emu.history_tier.use("legacy")
    assert {"invalid_ts_oldest", "invalid_ts_latest"} <= documented_errors("conversations.history")
    assert refusal(lambda: client.conversations_history(channel=PROJ, oldest="abc")).response["error"] == (
        "invalid_ts_oldest")
    assert refusal(lambda: client.conversations_history(channel=PROJ, latest="abc")).response["error"] == (
        "invalid_ts_latest")
    assert client.conversations_history(channel=PROJ, oldest="0")["ok"]


# --- the size of a message ----------------------------------------------------------------------------
# chat.postMessage's reference page: text beyond 40,000 characters is truncated. The blocks' total:
# slackapi/bolt-js#2509 ("Blocks too long error at ~13200 characters", msg_blocks_too_long with every
# block under its own limit: 13,297 characters of markdown blocks).

def sections(total: int, per_block: int = 2900) -> list[dict]:  # type: ignore[type-arg]
    blocks, left = [], total
    while left > 0:
        size = min(per_block, left)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "x" * size}})
        left -= size
    return blocks


def test_blocks_carrying_too_much_text_in_all_are_refused(client: WebClient) -> None:
    assert client.chat_postMessage(channel=PROJ, text="ok", blocks=sections(12_900))["ok"]
    refused = refusal(lambda: client.chat_postMessage(channel=PROJ, text="big", blocks=sections(13_400)))
    assert refused.response["error"] == "msg_blocks_too_long"
    ts = client.chat_postMessage(channel=PROJ, text="small")["ts"]
    assert refusal(lambda: client.chat_update(channel=PROJ, ts=ts, text="big", blocks=sections(13_400))).response[
        "error"] == "msg_blocks_too_long"


def test_text_over_40000_characters_is_truncated_with_a_warning(emu: SlackEmulator, client: WebClient) -> None:
    posted = client.chat_postMessage(channel=PROJ, text="y" * 40_010)
    assert posted["ok"] and posted["warning"] == "message_truncated"
    assert "message_truncated" in posted["response_metadata"]["warnings"]
    assert len(emu.messages(PROJ)[-1]["text"]) == 40_000


def test_an_ephemeral_message_needs_the_bot_in_the_channel(client: WebClient) -> None:
    from tests.emulator.conftest import ELSEWHERE, OWNER

    assert "channel_not_found" in documented_errors("chat.postEphemeral")
    assert client.chat_postMessage(channel=ELSEWHERE, text="public post")["ok"]  # chat:write.public
    assert refusal(lambda: client.chat_postEphemeral(channel=ELSEWHERE, user=OWNER, text="x")).response[
        "error"] == "channel_not_found"


def test_reactions_add_tells_a_missing_or_junk_timestamp_apart(client: WebClient) -> None:
    assert {"bad_timestamp", "no_item_specified", "message_not_found"} <= documented_errors("reactions.add")
    add = client.reactions_add
    assert refusal(lambda: add(channel=PROJ, timestamp="garbage", name="eyes")).response["error"] == "bad_timestamp"
    assert refusal(lambda: client.api_call("reactions.add", params={"channel": PROJ, "name": "eyes"})).response[
        "error"] == "no_item_specified"
    assert refusal(lambda: add(channel=PROJ, timestamp="1.000001", name="eyes")).response["error"] == (
        "message_not_found")


def test_the_emulator_grants_exactly_the_manifests_bot_scopes() -> None:
    """manifest.yml is what Slack grants on install: mpim:history is not asked for, so not granted."""
    import yaml

    from bot.emulator.server import DEFAULT_SCOPES

    manifest = yaml.safe_load((Path(__file__).parents[2] / "manifest.yml").read_text())
    assert sorted(DEFAULT_SCOPES) == sorted(manifest["oauth_config"]["scopes"]["bot"])


def test_an_ack_body_carrying_too_much_text_is_flagged(emu: SlackEmulator) -> None:
    from bot.emulator.reply import Origin, Reply

    def ack(blocks: list[dict]) -> Reply:  # type: ignore[type-arg]
        return Reply(emu, Origin("command", "U0OWNER", PROJ), 200, {"text": "t", "blocks": blocks}, 0.0, 0.0)

    assert ack(sections(12_900)).message_problems == []
    assert ack(sections(13_400)).message_problems == ["msg_blocks_too_long"]
