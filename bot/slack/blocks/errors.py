"""Replies for things that went wrong: what happened and a correct example."""

from __future__ import annotations

from typing import Any

from bot.text.mrkdwn import escape


def build_error(message: str, example: str | None = None) -> dict[str, Any]:
    """A friendly ephemeral error that shows how to do it right."""
    text = f":warning: {message}"
    if example:
        text += f"\nFor example: `{escape(example)}`"
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def build_failure(message: str) -> dict[str, Any]:
    """A reply for our own faults, which the person can only retry."""
    text = f":x: {message}"
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}
