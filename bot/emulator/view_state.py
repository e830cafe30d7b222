"""The typed `state.values` entries Slack sends for input elements, and the checks its client makes.

Each element type has its own shape (value / selected_option / selected_date ...). Untouched inputs
are sent with their initial value, or their empty shape when they have none. The Slack client
refuses to submit a modal with an empty required input or a too-short/long text; with strict=True
the driver refuses too (off by default so server-side validation paths stay testable).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any


class DriverError(AssertionError):
    """The test asked for what a real user could not do in Slack (missing button, bad option)."""


_SINGLE = {
    "users_select": ("selected_user", "initial_user"),
    "conversations_select": ("selected_conversation", "initial_conversation"),
    "channels_select": ("selected_channel", "initial_channel"),
    "datepicker": ("selected_date", "initial_date"),
    "timepicker": ("selected_time", "initial_time"),
    "datetimepicker": ("selected_date_time", "initial_date_time"),
}
_MULTI = {
    "multi_users_select": ("selected_users", "initial_users"),
    "multi_conversations_select": ("selected_conversations", "initial_conversations"),
    "multi_channels_select": ("selected_channels", "initial_channels"),
    "file_input": ("files", None),
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_TEXT = ("plain_text_input", "number_input", "email_text_input", "url_text_input")
_ONE_OPTION = ("static_select", "external_select", "radio_buttons", "overflow")
_MANY_OPTIONS = ("multi_static_select", "multi_external_select", "checkboxes")


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        found.extend(group.get("options") or [])
    return found


def _option(element: dict[str, Any], value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        value = value.get("value")
    if element["type"].endswith("external_select"):
        return {
            "text": {"type": "plain_text", "text": str(value), "emoji": True},
            "value": str(value),
        }
    for option in _options(element):
        if option.get("value") == str(value):
            return copy.deepcopy(option)
    offered = [o.get("value") for o in _options(element)]
    raise DriverError(
        f"{element.get('action_id')}: no option with value {value!r} (offered: {offered})"
    )


def _scalar(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return int(value.timestamp())
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value


def element_state(
    element: dict[str, Any], raw: Any = None, use_initial: bool = True
) -> dict[str, Any]:
    """The state entry for `element` holding `raw` (None: its initial value, or empty)."""
    kind = element.get("type", "")
    state: dict[str, Any] = {"type": kind}
    if kind in _TEXT:
        value = raw if raw is not None else (element.get("initial_value") if use_initial else None)
        state["value"] = None if value is None else str(value)
    elif kind in _ONE_OPTION:
        initial = element.get("initial_option") if use_initial else None
        state["selected_option"] = (
            _option(element, raw) if raw is not None else copy.deepcopy(initial)
        )
    elif kind in _MANY_OPTIONS:
        initial = element.get("initial_options") if use_initial else None
        chosen = (
            [_option(element, v) for v in raw] if raw is not None else copy.deepcopy(initial or [])
        )
        state["selected_options"] = chosen
    elif kind in _SINGLE:
        key, initial_key = _SINGLE[kind]
        state[key] = (
            _scalar(raw) if raw is not None else (element.get(initial_key) if use_initial else None)
        )
    elif kind in _MULTI:
        key, initial_of_many = _MULTI[kind]  # None where Slack has no initial value (file_input)
        initial = element.get(initial_of_many) if (use_initial and initial_of_many) else None
        state[key] = list(raw) if raw is not None else list(initial or [])
    elif kind == "rich_text_input":
        text = raw if raw is not None else None
        state["rich_text_value"] = (
            {
                "type": "rich_text",
                "elements": [
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
                ],
            }
            if isinstance(text, str)
            else (text or element.get("initial_value"))
        )
    else:
        state["value"] = raw
    return state


def check_picked(element: dict[str, Any], state: dict[str, Any]) -> None:
    """Raise DriverError for a date or time no Slack picker can produce.

    A datepicker sends selected_date as YYYY-MM-DD and a timepicker selected_time as HH:mm, 24 h
    (Block Kit reference); a test wanting anything else is forging a request: pass force=True.
    """
    kind, action_id = element.get("type"), element.get("action_id")
    picked = state.get("selected_date") if kind == "datepicker" else state.get("selected_time")
    if kind not in ("datepicker", "timepicker") or picked is None:
        return
    if kind == "datepicker":
        ok = bool(_DATE.match(str(picked)))
        try:
            ok = ok and dt.date.fromisoformat(str(picked)) is not None
        except ValueError:
            ok = False
    else:
        ok = bool(_TIME.match(str(picked)))
    if not ok:
        shape = "YYYY-MM-DD" if kind == "datepicker" else "HH:mm"
        raise DriverError(f"{action_id}: a {kind} cannot pick {picked!r} (it sends {shape})")


def is_empty(state: dict[str, Any]) -> bool:
    """True when an input holds nothing (what Slack's client blocks for required inputs)."""
    values = [v for k, v in state.items() if k != "type"]
    return all(v in (None, "", [], {}) for v in values)


def check_input(block: dict[str, Any], state: dict[str, Any]) -> None:
    """Raise DriverError for a submission the Slack client would refuse."""
    element, block_id = block.get("element") or {}, block.get("block_id")
    if not block.get("optional", False) and is_empty(state):
        raise DriverError(
            f"required input {block_id}/{element.get('action_id')} is empty; Slack would not submit"
        )
    value = state.get("value")
    if element.get("type") == "plain_text_input" and value is not None:
        if len(value) < int(element.get("min_length", 0)) or len(value) > int(
            element.get("max_length", 3000)
        ):
            raise DriverError(f"{block_id}: length {len(value)} outside Slack's min/max_length")
    if element.get("type") == "number_input" and value not in (None, ""):
        try:
            number = float(value) if element.get("is_decimal_allowed") else int(value)
        except ValueError:
            raise DriverError(f"{block_id}: {value!r} is not a number Slack would accept") from None
        low, high = element.get("min_value"), element.get("max_value")
        if (low is not None and number < float(low)) or (high is not None and number > float(high)):
            raise DriverError(f"{block_id}: {value} outside min_value/max_value")


def submission_state(
    view: dict[str, Any], values: dict[str, dict[str, Any]], force: bool, strict: bool = False
) -> dict[str, Any]:
    """state.values for a view_submission: given values typed, others initial or empty."""
    known = {b.get("block_id") for b in view.get("blocks", []) if b.get("type") == "input"}
    unknown = set(values) - known
    if unknown and not force:
        raise DriverError(
            f"no input blocks {sorted(unknown)} in view {view.get('id')} (inputs: {sorted(known)})"
        )
    result: dict[str, Any] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element = block.get("element") or {}
        action_id = element.get("action_id")
        given = values.get(block.get("block_id"), {})
        if given and action_id not in given and not force:
            raise DriverError(
                f"input {block.get('block_id')} has action_id {action_id!r}, not {sorted(given)}"
            )
        current = (
            view.get("state", {}).get("values", {}).get(block.get("block_id"), {}).get(action_id)
        )
        if action_id in given or current is None:
            state = element_state(element, given.get(action_id) if action_id is not None else None)
            if not force:
                check_picked(element, state)
        else:
            state = copy.deepcopy(current)  # what the user already picked in this modal
        if strict:
            check_input(block, state)
        result[block["block_id"]] = {action_id: state}
    return result
