"""The one exception type of bot.text: a bad input explained to the person who typed it."""

from __future__ import annotations

DEFAULT_SHOWN = 40


class ParseError(ValueError):
    """Bad user input; `message` is a friendly sentence for the person, `example` a right usage."""

    def __init__(self, message: str, example: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.example = example

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ParseError({self.message!r}, example={self.example!r})"


def shown(fragment: str, limit: int = DEFAULT_SHOWN) -> str:
    """User text quoted in a message: one line, short, in curly quotes (callers escape mrkdwn)."""
    flat = " ".join(fragment.split())
    if len(flat) > limit:
        flat = flat[: max(limit - 1, 0)].rstrip() + "…"
    return f"“{flat}”"


def bounded(text: str, *, what: str, example: str | None, limit: int = 200) -> str:
    """`text` with whitespace runs collapsed; over `limit` characters it can't be one `what`."""
    if len(text) > limit * 4 or len(collapsed := " ".join(text.split())) > limit:
        raise ParseError(f"That is too long to be {what}.", example)
    return collapsed
