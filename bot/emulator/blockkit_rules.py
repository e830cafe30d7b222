"""Low-level Block Kit checks shared by blocks and elements, phrased like Slack's error messages.

Slack reports each problem as "<message> [json-pointer:/path]"; tests and the bot's error logging
see exactly these strings, so we keep the wording and the pointer format.
"""

from __future__ import annotations

from typing import Any

TEXT_TYPES = ("plain_text", "mrkdwn")


class Problems:
    """Collects Slack-style validation messages with their JSON pointers."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, message: str, path: str) -> None:
        """Record one problem at a JSON pointer."""
        self.items.append(f"{message} [json-pointer:{path}]")

    def __bool__(self) -> bool:
        return bool(self.items)


def check_string(p: Problems, value: Any, path: str, max_len: int, required: bool = False) -> None:
    """A string field with Slack's "must be less than N+1 characters" limit."""
    if value is None:
        if required:
            p.add(
                f"missing required field: {path.rsplit('/', 1)[-1]}", path.rsplit("/", 1)[0] or "/"
            )
        return
    if not isinstance(value, str):
        p.add("must be a string", path)
    elif len(value) > max_len:
        p.add(f"must be less than {max_len + 1} characters", path)


def check_text(
    p: Problems, obj: Any, path: str, max_len: int, plain_only: bool = False, required: bool = True
) -> None:
    """A text object: {"type": plain_text|mrkdwn, "text": 1..max_len chars}."""
    if obj is None:
        if required:
            parent, _, name = path.rpartition("/")
            p.add(f"missing required field: {name}", parent or "/")
        return
    if not isinstance(obj, dict):
        p.add("must provide an object", path)
        return
    allowed = ("plain_text",) if plain_only else TEXT_TYPES
    if obj.get("type") not in allowed:
        p.add("must be a valid enum value", f"{path}/type")
        return
    # "emoji ... is only usable when type is plain_text", "verbatim ... only when type is mrkdwn"
    # (docs.slack.dev/reference/block-kit/composition-objects/text-object).
    misplaced = "emoji" if obj["type"] == "mrkdwn" else "verbatim"
    if misplaced in obj:
        p.add(f"{misplaced} is not allowed when type is {obj['type']}", f"{path}/{misplaced}")
    text = obj.get("text")
    if not isinstance(text, str):
        p.add("missing required field: text", path)
    elif not text:
        p.add("must be more than 0 characters", f"{path}/text")
    elif len(text) > max_len:
        p.add(f"must be less than {max_len + 1} characters", f"{path}/text")


def check_list(p: Problems, value: Any, path: str, max_items: int, min_items: int = 0) -> list[Any]:
    """A list field with Slack's "no more than N items allowed" limit; returns what to walk."""
    if value is None:
        if min_items:
            parent, _, name = path.rpartition("/")
            p.add(f"missing required field: {name}", parent or "/")
        return []
    if not isinstance(value, list):
        p.add("must provide an array", path)
        return []
    if len(value) > max_items:
        p.add(f"no more than {max_items} items allowed", path)
    if len(value) < min_items:
        p.add(f"must provide at least {min_items} items", path)
    return value


def check_options(
    p: Problems, options: Any, path: str, max_items: int, plain_only: bool = True
) -> list[Any]:
    """Option objects of selects, overflows, radio buttons and checkboxes."""
    items = check_list(p, options, path, max_items, min_items=1)
    for i, option in enumerate(items):
        if not isinstance(option, dict):
            p.add("must provide an object", f"{path}/{i}")
            continue
        check_text(p, option.get("text"), f"{path}/{i}/text", 75, plain_only=plain_only)
        check_string(p, option.get("value"), f"{path}/{i}/value", 150, required=True)
        check_text(
            p, option.get("description"), f"{path}/{i}/description", 75, plain_only, required=False
        )
    return items
