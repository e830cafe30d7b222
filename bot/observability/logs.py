"""Logging for the `tandem` command: plain lines by default, one JSON object per line with LOG_FORMAT=json.

JSON lines carry `ts` (ISO 8601, UTC), `level`, `logger`, `message`, `exc` when there is a traceback,
and every `extra=` the call gave. Whatever the format, a handler filter takes Slack tokens and URL
passwords out of the message (and of string extras) before it is written: a token pasted into an
error, or a URL slack_sdk logs, never reaches a log collector. Nothing here logs a request body.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

from bot.text.urls import RedactPasswords

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Slack's token kinds: bot, user, app-level, refresh, configuration (xoxb-, xoxp-, xapp-, xoxe-, xoxe.xoxp-...).
# The rotating ones (xoxe-1-..., xoxe.xoxb-1-...) carry base64, URL-safe or not: `_`, `+`, `/` and `=` too.
TOKEN = re.compile(r"\b(xox[abposre]|xapp)[-.][A-Za-z0-9._+/=-]+")
# Libraries whose INFO lines say nothing an operator acts on ("Context impl SQLiteImpl."): WARNING and up
# unless LOG_LEVEL=DEBUG.
CHATTY = ("alembic",)
# The attributes every LogRecord has: whatever else a record carries came from `extra=`.
STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


def redact_tokens(text: str) -> str:
    """`text` with every Slack token replaced by its kind and an ellipsis (`xoxb-…`)."""
    return TOKEN.sub(lambda match: f"{match.group(1)}-…", text)


class RedactTokens(logging.Filter):
    """A handler filter: no Slack token in a written line, in the message or in a string extra."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if TOKEN.search(message):
            record.msg, record.args = redact_tokens(message), None
        for name, value in vars(record).items():
            if name not in STANDARD and isinstance(value, str) and TOKEN.search(value):
                setattr(record, name, redact_tokens(value))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in STANDARD and name not in entry:
                entry[name] = value
        if record.exc_info:
            entry["exc"] = redact_tokens(self.formatException(record.exc_info))
        elif record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, default=str, ensure_ascii=False)


def formatter(log_format: str) -> logging.Formatter:
    """The formatter for LOG_FORMAT (`text` or `json`)."""
    return JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)


def configure(level: str, log_format: str = "text") -> None:
    """Configure the root logger once (a root that already has handlers keeps them, with our filters added)."""
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(log_format))
    logging.basicConfig(level=level, handlers=[handler])
    for existing in logging.getLogger().handlers:
        for kind in (RedactPasswords, RedactTokens):
            if not any(isinstance(f, kind) for f in existing.filters):
                existing.addFilter(kind())
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)


def gunicorn_logconfig(level: str) -> dict[str, Any]:
    """gunicorn's `logconfig_dict` for LOG_FORMAT=json: its own loggers write through ours, as JSON.

    Without it gunicorn gives `gunicorn.error` a plain-text handler of its own, and the master's and
    workers' lines ("Booting worker", "Worker exiting") would break a one-object-per-line stream.
    """
    own = {"level": level, "handlers": [], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "root": {"level": level, "handlers": ["json"]},
        "loggers": {"gunicorn.error": own, "gunicorn.access": dict(own)},
        "handlers": {"json": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr",
                              "filters": ["tokens", "passwords"]}},
        "formatters": {"json": {"()": "bot.observability.logs.JsonFormatter"}},
        "filters": {"tokens": {"()": "bot.observability.logs.RedactTokens"},
                    "passwords": {"()": "bot.text.urls.RedactPasswords"}},
    }
