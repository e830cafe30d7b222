"""Input blocks for modals; each input's block_id and action_id are the same id from ids.py."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any

from bot.slack.blocks.common import plain


def text_input(block_id: str, label: str, *, initial: str = "", multiline: bool = False,
               optional: bool = False, placeholder: str = "", hint: str = "", max_length: int = 3000) -> dict[str, Any]:
    """A plain text input."""
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": block_id, "multiline": multiline,
                               "max_length": max_length}
    if initial:
        element["initial_value"] = initial[:max_length]
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    return _input(block_id, label, element, optional, hint)


def user_select(block_id: str, label: str, *, initial: str | None = None, optional: bool = False) -> dict[str, Any]:
    """Pick one Slack user."""
    element: dict[str, Any] = {"type": "users_select", "action_id": block_id}
    if initial:
        element["initial_user"] = initial
    return _input(block_id, label, element, optional)


def date_picker(block_id: str, label: str, *, initial: str | None = None, optional: bool = False) -> dict[str, Any]:
    """A date picker (YYYY-MM-DD)."""
    element: dict[str, Any] = {"type": "datepicker", "action_id": block_id}
    if initial:
        element["initial_date"] = initial
    return _input(block_id, label, element, optional)


def time_picker(block_id: str, label: str, *, initial: str = "10:00", optional: bool = False) -> dict[str, Any]:
    """A time picker (HH:MM)."""
    element = {"type": "timepicker", "action_id": block_id, "initial_time": initial}
    return _input(block_id, label, element, optional)


def option(text: str, value: str) -> dict[str, Any]:
    """One option of a select, radio group or checkbox group."""
    return {"text": plain(text, 75), "value": value}


def radio(block_id: str, label: str, options: list[tuple[str, str]], *, initial: str | None = None) -> dict[str, Any]:
    """Radio buttons; options are (text, value)."""
    element: dict[str, Any] = {"type": "radio_buttons", "action_id": block_id,
                               "options": [option(t, v) for t, v in options]}
    chosen = [option(t, v) for t, v in options if v == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return _input(block_id, label, element, False)


def checkboxes(block_id: str, label: str, options: list[tuple[str, str]], *, initial: AbstractSet[str] = frozenset(),
               optional: bool = True) -> dict[str, Any]:
    """Several yes/no options; options are (text, value)."""
    element: dict[str, Any] = {"type": "checkboxes", "action_id": block_id,
                               "options": [option(t, v) for t, v in options]}
    chosen = [option(t, v) for t, v in options if v in initial]
    if chosen:
        element["initial_options"] = chosen
    return _input(block_id, label, element, optional)


def modal(callback_id: str, title: str, blocks: list[dict[str, Any]], *, submit: str = "Save",
          private_metadata: str = "") -> dict[str, Any]:
    """A modal view (title and button labels trimmed to Slack's 24 characters)."""
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, 24),
        "submit": plain(submit, 24),
        "close": plain("Cancel", 24),
        "private_metadata": private_metadata,
        "blocks": blocks,
    }


def _input(block_id: str, label: str, element: dict[str, Any], optional: bool, hint: str = "") -> dict[str, Any]:
    block: dict[str, Any] = {"type": "input", "block_id": block_id, "label": plain(label, 2000),
                             "element": element, "optional": optional}
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def values(view: dict[str, Any]) -> dict[str, Any]:
    """Flatten a submitted view's state to {block_id: value} for the element types we use."""
    flat: dict[str, Any] = {}
    for block_id, actions in view.get("state", {}).get("values", {}).items():
        for state in actions.values():
            flat[block_id] = _state_value(state)
    return flat


def _state_value(state: dict[str, Any]) -> Any:
    kind = state.get("type")
    if kind == "plain_text_input":
        return (state.get("value") or "").strip()
    if kind in ("static_select", "radio_buttons"):
        selected = state.get("selected_option")
        return selected["value"] if selected else None
    if kind in ("checkboxes", "multi_static_select"):
        return {o["value"] for o in state.get("selected_options") or []}
    if kind == "datepicker":
        return state.get("selected_date")
    if kind == "timepicker":
        return state.get("selected_time")
    if kind == "users_select":
        return state.get("selected_user")
    return state.get("value")
