"""Checks Slack makes on the initial state of input elements (dates, times, lengths, chosen options).

Slack refuses a view or message whose element would start in a state the element cannot show: a
datepicker's initial_date not YYYY-MM-DD, a timepicker's initial_time not HH:mm (24 h), a
plain_text_input's min_length/max_length outside 0..3000 / 1..3000, and an initial_option(s) that is
not one of the element's options ("an option object that exactly matches one of the options",
Block Kit reference for radio_buttons, checkboxes and static selects; the lengths' ranges are
docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element's).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.emulator.blockkit_rules import Problems

MAX_INPUT_LENGTH = 3000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_SINGLE = ("static_select", "radio_buttons")
_MULTI = ("multi_static_select", "checkboxes")


def _is_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _length(p: Problems, value: Any, path: str, low: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        p.add("must be an integer", path)
    elif not low <= value <= MAX_INPUT_LENGTH:
        p.add(f"must be between {low} and {MAX_INPUT_LENGTH}", path)


def _key(option: Any) -> tuple[Any, Any] | None:
    """What makes two option objects the same option: their value and their text."""
    if not isinstance(option, dict):
        return None
    text = option.get("text")
    return option.get("value"), text.get("text") if isinstance(text, dict) else text


def _offered(el: dict[str, Any]) -> set[tuple[Any, Any] | None]:
    options = list(el.get("options") or [])
    for group in el.get("option_groups") or []:
        options += (group or {}).get("options") or [] if isinstance(group, dict) else []
    return {_key(o) for o in options}


def check_initial_state(p: Problems, el: dict[str, Any], path: str) -> None:
    """Problems with an input element's starting state (see the module docstring)."""
    kind = el.get("type")
    if kind == "datepicker" and el.get("initial_date") is not None:
        value = el["initial_date"]
        if not isinstance(value, str) or not _is_date(value):
            p.add("must be a valid date in the format YYYY-MM-DD", f"{path}/initial_date")
    elif kind == "timepicker" and el.get("initial_time") is not None:
        value = el["initial_time"]
        if not isinstance(value, str) or not _TIME.match(value):
            p.add("must be a valid time in the format HH:mm", f"{path}/initial_time")
    elif kind == "plain_text_input":
        _length(p, el.get("min_length"), f"{path}/min_length", 0)
        _length(p, el.get("max_length"), f"{path}/max_length", 1)
    elif kind in _SINGLE and el.get("initial_option") is not None:
        if _key(el["initial_option"]) not in _offered(el):
            p.add("must match one of the options", f"{path}/initial_option")
    elif kind in _MULTI and el.get("initial_options") is not None:
        chosen = el["initial_options"]
        offered = _offered(el)
        for i, option in enumerate(chosen if isinstance(chosen, list) else []):
            if _key(option) not in offered:
                p.add("must match one of the options", f"{path}/initial_options/{i}")
