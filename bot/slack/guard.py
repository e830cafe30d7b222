"""Route failures that happen after ack() to the error handler ourselves.

Bolt (1.2x, thread runner) resets `ack.response` to None when a listener raises after acking;
if the request thread has not looked yet, Slack gets no response at all (a 404 after 3 s).
Wrapping each interactive listener once keeps the one error policy of bot.slack.errors.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from bot.slack.errors import handle_error

NEEDED = ("ack", "body", "respond", "client", "context")


def guard(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a listener: errors before ack go to Bolt (an ephemeral 200), errors after it to us."""
    names = list(inspect.signature(handler).parameters)

    @functools.wraps(handler)
    def listener(**kwargs: Any) -> Any:
        try:
            return handler(**{name: kwargs[name] for name in names})
        except Exception as error:
            if kwargs["ack"].response is None:
                raise
            handle_error(error, kwargs["body"], kwargs.get("respond"), None, kwargs["client"], kwargs["context"])
            return None

    parameters = [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD)
                  for n in dict.fromkeys([*names, *NEEDED])]
    listener.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    del listener.__wrapped__  # Bolt must read our signature, not the handler's
    return listener
