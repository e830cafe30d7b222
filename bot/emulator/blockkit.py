"""Block Kit validation Slack enforces server-side, so a bad layout fails here as in Slack.

Messages answer ``invalid_blocks`` (``errors`` + ``response_metadata.messages``); views answer
``invalid_arguments`` with ``response_metadata.messages``. Limits follow the Block Kit reference.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any

from bot.emulator.blockkit_inputs import check_initial_state
from bot.emulator.blockkit_rules import (
    Problems,
    check_list,
    check_options,
    check_string,
    check_text,
)

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40000
SELECTS = frozenset(
    "static_select multi_static_select external_select multi_external_select users_select"
    " multi_users_select conversations_select multi_conversations_select channels_select"
    " multi_channels_select".split()
)
INPUTS = frozenset(
    "plain_text_input number_input email_text_input url_text_input datepicker timepicker"
    " datetimepicker radio_buttons checkboxes rich_text_input file_input".split()
)
INTERACTIVE = SELECTS | INPUTS | {"button", "overflow", "workflow_button"}
# What a section may hold beside its text (@slack/types SectionBlockAccessory, the section block
# reference's "compatible element objects"): no text/number/email/url/rich-text/file inputs there.
ACCESSORIES = SELECTS | {
    "button", "checkboxes", "datepicker", "image", "overflow", "radio_buttons", "timepicker",
    "workflow_button",
}
BLOCK_TYPES = frozenset(
    "section divider image actions context input header rich_text file video markdown call".split()
)
def _check_element(p: Problems, el: Any, path: str, allowed: AbstractSet[str]) -> None:
    if not isinstance(el, dict):
        p.add("must provide an object", path)
        return
    kind = el.get("type")
    if kind not in allowed:
        p.add("failed to match all allowed schemas", path)
        return
    if kind == "image":
        check_string(
            p, el.get("image_url"), f"{path}/image_url", 3000, required="slack_file" not in el
        )
        check_string(p, el.get("alt_text"), f"{path}/alt_text", 2000, required=True)
        return
    check_string(p, el.get("action_id"), f"{path}/action_id", 255)
    if kind == "button":
        check_text(p, el.get("text"), f"{path}/text", 75, plain_only=True)
        check_string(p, el.get("value"), f"{path}/value", 2000)
        check_string(p, el.get("url"), f"{path}/url", 3000)
        if el.get("style") not in (None, "primary", "danger"):
            p.add("must be a valid enum value", f"{path}/style")
    elif kind in SELECTS or kind in (
        "plain_text_input",
        "number_input",
        "email_text_input",
        "url_text_input",
    ):
        check_text(
            p, el.get("placeholder"), f"{path}/placeholder", 150, plain_only=True, required=False
        )
    if kind in ("static_select", "multi_static_select"):
        if "option_groups" in el:
            for g, group in enumerate(
                check_list(p, el["option_groups"], f"{path}/option_groups", 100, 1)
            ):
                check_options(
                    p, (group or {}).get("options"), f"{path}/option_groups/{g}/options", 100
                )
        else:
            check_options(p, el.get("options"), f"{path}/options", 100)
    elif kind == "overflow":
        check_options(p, el.get("options"), f"{path}/options", 5)
    elif kind in ("radio_buttons", "checkboxes"):
        check_options(p, el.get("options"), f"{path}/options", 10, plain_only=False)
    elif kind == "plain_text_input":
        check_string(p, el.get("initial_value"), f"{path}/initial_value", 3000)
    check_initial_state(p, el, path)


def _check_action_ids(p: Problems, elements: list[Any], path: str) -> None:
    seen: set[str] = set()
    for i, el in enumerate(elements):
        action_id = el.get("action_id") if isinstance(el, dict) else None
        if action_id and action_id in seen:
            p.add(f"duplicate action_id: {action_id}", f"{path}/{i}/action_id")
        if action_id:
            seen.add(action_id)


def _check_block(p: Problems, block: dict[str, Any], path: str) -> None:
    kind = block.get("type")
    check_string(p, block.get("block_id"), f"{path}/block_id", 255)
    if kind == "section":
        if block.get("text") is None and block.get("fields") is None:
            p.add("must provide either text or fields", path)
        check_text(p, block.get("text"), f"{path}/text", 3000, required=False)
        for i, f in enumerate(check_list(p, block.get("fields"), f"{path}/fields", 10)):
            check_text(p, f, f"{path}/fields/{i}", 2000)
        if block.get("accessory") is not None:
            _check_element(p, block["accessory"], f"{path}/accessory", ACCESSORIES)
    elif kind == "header":
        check_text(p, block.get("text"), f"{path}/text", 150, plain_only=True)
    elif kind == "actions":
        elements = check_list(p, block.get("elements"), f"{path}/elements", 25, min_items=1)
        for i, el in enumerate(elements):
            _check_element(p, el, f"{path}/elements/{i}", INTERACTIVE)
        _check_action_ids(p, elements, f"{path}/elements")
    elif kind == "context":
        for i, el in enumerate(
            check_list(p, block.get("elements"), f"{path}/elements", 10, min_items=1)
        ):
            if isinstance(el, dict) and el.get("type") == "image":
                _check_element(p, el, f"{path}/elements/{i}", {"image"})
            else:
                check_text(p, el, f"{path}/elements/{i}", 3000)
    elif kind == "input":
        check_text(p, block.get("label"), f"{path}/label", 2000, plain_only=True)
        check_text(p, block.get("hint"), f"{path}/hint", 2000, plain_only=True, required=False)
        if block.get("element") is None:
            p.add("missing required field: element", path)
        else:
            _check_element(p, block["element"], f"{path}/element", INPUTS | SELECTS)
    elif kind == "image":
        _check_element(p, {**block, "type": "image"}, path, {"image"})
        check_text(p, block.get("title"), f"{path}/title", 2000, plain_only=True, required=False)
    elif kind == "markdown":
        check_string(p, block.get("text"), f"{path}/text", 12000, required=True)


def _check_blocks(p: Problems, blocks: Any, path: str, max_blocks: int) -> None:
    items = check_list(p, blocks, path, max_blocks)
    seen: set[str] = set()
    for i, block in enumerate(items):
        if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
            p.add("failed to match all allowed schemas", f"{path}/{i}")
            continue
        _check_block(p, block, f"{path}/{i}")
        block_id = block.get("block_id")
        if block_id and block_id in seen:
            p.add(f"duplicate block_id: {block_id}", f"{path}/{i}/block_id")
        if block_id:
            seen.add(block_id)


def validate_message_blocks(blocks: Any) -> list[str]:
    """Problems Slack would report for a message's blocks (empty list when valid)."""
    p = Problems()
    _check_blocks(p, blocks, "/blocks", MAX_MESSAGE_BLOCKS)
    return p.items


def validate_view(view: Any) -> list[str]:
    """Problems Slack would report for a views.open/push/update/publish payload."""
    p = Problems()
    if not isinstance(view, dict):
        p.add("must provide an object", "/view")
        return p.items
    kind = view.get("type")
    if kind not in ("modal", "home"):
        p.add("must be a valid enum value", "/view/type")
        return p.items
    check_text(p, view.get("title"), "/view/title", 24, plain_only=True, required=kind == "modal")
    check_text(p, view.get("submit"), "/view/submit", 24, plain_only=True, required=False)
    check_text(p, view.get("close"), "/view/close", 24, plain_only=True, required=False)
    check_string(p, view.get("private_metadata"), "/view/private_metadata", 3000)
    check_string(p, view.get("callback_id"), "/view/callback_id", 255)
    check_string(p, view.get("external_id"), "/view/external_id", 255)
    _check_blocks(p, view.get("blocks"), "/view/blocks", MAX_VIEW_BLOCKS)
    has_input = any(
        isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or []
    )
    if kind == "modal" and has_input and view.get("submit") is None:
        p.add("missing required field: submit", "/view")
    return p.items
