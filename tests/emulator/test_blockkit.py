"""Block Kit limits Slack enforces, checked directly and through the Web API answers."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.emulator.blockkit import validate_message_blocks, validate_view
from bot.emulator.normalize import normalize_blocks
from tests.emulator.conftest import PROJ


def section(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def button(action_id: str, text: str = "Go", **extra: Any) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": text},
        **extra,
    }


def modal(**extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Kickoff"},
        "blocks": [],
        **extra,
    }


def test_valid_message_blocks_pass() -> None:
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Brief"}},
        section("*Due* 20 Dec", accessory=button("edit")),
        {"type": "divider"},
        {
            "type": "actions",
            "elements": [button("approve", value="1", style="primary"), button("reject")],
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "by Olivia"}]},
    ]
    assert validate_message_blocks(blocks) == []


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        ([{"type": "divider"}] * 51, "no more than 50 items allowed [json-pointer:/blocks]"),
        (
            [section("x" * 3001)],
            "must be less than 3001 characters [json-pointer:/blocks/0/text/text]",
        ),
        (
            [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
            "must be less than 151 characters [json-pointer:/blocks/0/text/text]",
        ),
        (
            [{"type": "header", "text": {"type": "mrkdwn", "text": "*h*"}}],
            "must be a valid enum value [json-pointer:/blocks/0/text/type]",
        ),
        (
            [{"type": "actions", "elements": [button("a", "b" * 76)]}],
            "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]",
        ),
        (
            [{"type": "actions", "elements": [button("a", value="v" * 2001)]}],
            "must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]",
        ),
        (
            [{"type": "actions", "elements": [button("a" * 256)]}],
            "must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]",
        ),
        (
            [{"type": "actions", "elements": [button("same"), button("same")]}],
            "duplicate action_id: same [json-pointer:/blocks/0/elements/1/action_id]",
        ),
        (
            [section("a", block_id="b1"), section("b", block_id="b1")],
            "duplicate block_id: b1 [json-pointer:/blocks/1/block_id]",
        ),
        (
            [section("a", block_id="b" * 256)],
            "must be less than 256 characters [json-pointer:/blocks/0/block_id]",
        ),
        (
            [{"type": "section", "text": {"type": "markdown", "text": "x"}}],
            "must be a valid enum value [json-pointer:/blocks/0/text/type]",
        ),
        (
            [{"type": "input", "label": {"type": "plain_text", "text": "L"}}],
            "missing required field: element",
        ),
        ([{"type": "carousel"}], "failed to match all allowed schemas [json-pointer:/blocks/0]"),
        # A section's accessory is one of its compatible elements (SectionBlockAccessory): no text input.
        (
            [section("Name", accessory={"type": "plain_text_input", "action_id": "name"})],
            "failed to match all allowed schemas [json-pointer:/blocks/0/accessory]",
        ),
        # Text object reference: emoji only on plain_text, verbatim only on mrkdwn.
        (
            [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi* :wave:", "emoji": True}}],
            "emoji is not allowed when type is mrkdwn [json-pointer:/blocks/0/text/emoji]",
        ),
        (
            [{"type": "context", "elements": [{"type": "plain_text", "text": "x", "verbatim": True}]}],
            "verbatim is not allowed when type is plain_text [json-pointer:/blocks/0/elements/0/verbatim]",
        ),
    ],
)
def test_message_block_limits(blocks: list[dict[str, Any]], expected: str) -> None:
    problems = validate_message_blocks(blocks)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (modal(title={"type": "plain_text", "text": "t" * 25}), "[json-pointer:/view/title/text]"),
        (
            modal(submit={"type": "plain_text", "text": "s" * 25}),
            "[json-pointer:/view/submit/text]",
        ),
        (modal(close={"type": "plain_text", "text": "c" * 25}), "[json-pointer:/view/close/text]"),
        ({"type": "modal", "blocks": []}, "missing required field: title [json-pointer:/view]"),
        (modal(type="dialog"), "must be a valid enum value [json-pointer:/view/type]"),
        (
            modal(blocks=[{"type": "divider"}] * 101),
            "no more than 100 items allowed [json-pointer:/view/blocks]",
        ),
        (
            modal(blocks=[{"type": "input", "element": {"type": "plain_text_input"}}]),
            "missing required field: label [json-pointer:/view/blocks/0]",
        ),
    ],
)
def test_view_limits(view: dict[str, Any], expected: str) -> None:
    problems = validate_view(view)
    assert any(expected in p for p in problems), problems


def test_home_view_allows_100_blocks_and_modal_with_inputs_needs_submit() -> None:
    assert validate_view({"type": "home", "blocks": [{"type": "divider"}] * 100}) == []
    text_input = {
        "type": "input",
        "label": {"type": "plain_text", "text": "Title"},
        "element": {"type": "plain_text_input"},
    }
    assert "missing required field: submit [json-pointer:/view]" in validate_view(
        modal(blocks=[text_input])
    )


def test_normalize_invents_ids_like_slack() -> None:
    [block] = normalize_blocks(
        [
            {
                "type": "actions",
                "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Go"}}],
            }
        ]
    )
    assert block["block_id"] and block["elements"][0]["action_id"]
    assert block["elements"][0]["text"]["emoji"] is True


def test_web_api_answers_invalid_blocks_like_slack(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel=PROJ, text="x", blocks=[{"type": "divider"}] * 51)
    body = raised.value.response.data
    assert body["error"] == "invalid_blocks"
    assert body["errors"] == ["no more than 50 items allowed [json-pointer:/blocks]"]
    assert body["response_metadata"]["messages"] == [
        "[ERROR] no more than 50 items allowed [json-pointer:/blocks]"
    ]
    header = [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}]
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel=PROJ, text="x", blocks=header)
    assert raised.value.response["error"] == "invalid_blocks"


def _input_view(element: dict[str, Any]) -> dict[str, Any]:
    block = {"type": "input", "block_id": "b", "label": {"type": "plain_text", "text": "L"}}
    return modal(blocks=[{**block, "element": {"action_id": "a", **element}}],
                 submit={"type": "plain_text", "text": "Save"})


def _opt(value: str, text: str | None = None) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text or value.title()}, "value": value}


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        # Block Kit reference: datepicker initial_date "in the format YYYY-MM-DD".
        ({"type": "datepicker", "initial_date": "20/12/2026"}, "/element/initial_date]"),
        ({"type": "datepicker", "initial_date": "2026-02-30"}, "/element/initial_date]"),
        # timepicker initial_time "HH:mm", 24-hour, minutes with leading zeros.
        ({"type": "timepicker", "initial_time": "9:30"}, "/element/initial_time]"),
        ({"type": "timepicker", "initial_time": "24:00"}, "/element/initial_time]"),
        # plain_text_input lengths: at most 3,000 characters either way, max_length at least 1.
        ({"type": "plain_text_input", "max_length": 3001}, "/element/max_length]"),
        ({"type": "plain_text_input", "max_length": 0}, "/element/max_length]"),
        ({"type": "plain_text_input", "min_length": 3001}, "/element/min_length]"),
        ({"type": "plain_text_input", "max_length": "20"}, "/element/max_length]"),
        # initial_option "exactly matches one of the options".
        (
            {"type": "radio_buttons", "options": [_opt("a"), _opt("b")], "initial_option": _opt("c")},
            "must match one of the options [json-pointer:/view/blocks/0/element/initial_option]",
        ),
        (
            {"type": "static_select", "options": [_opt("a")], "initial_option": _opt("a", "Other")},
            "/element/initial_option]",
        ),
        (
            {"type": "checkboxes", "options": [_opt("a"), _opt("b")],
             "initial_options": [_opt("b"), _opt("z")]},
            "must match one of the options [json-pointer:/view/blocks/0/element/initial_options/1]",
        ),
    ],
)
def test_input_elements_must_start_in_a_state_they_can_show(element: dict[str, Any], expected: str) -> None:
    problems = validate_view(_input_view(element))
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    "element",
    [
        {"type": "datepicker", "initial_date": "2024-02-29"},
        {"type": "timepicker", "initial_time": "23:59"},
        {"type": "plain_text_input", "min_length": 0, "max_length": 3000, "initial_value": "x"},
        {"type": "radio_buttons", "options": [_opt("a"), _opt("b")], "initial_option": _opt("b")},
        {"type": "checkboxes", "options": [_opt("a"), _opt("b")], "initial_options": [_opt("a"), _opt("b")]},
        {
            "type": "static_select",
            "option_groups": [{"label": {"type": "plain_text", "text": "G"}, "options": [_opt("a")]}],
            # Slack stores plain_text with emoji: true; the option is still the same one.
            "initial_option": {"text": {"type": "plain_text", "text": "A", "emoji": True}, "value": "a"},
        },
    ],
)
def test_input_elements_in_a_valid_starting_state_pass(element: dict[str, Any]) -> None:
    assert validate_view(_input_view(element)) == []
