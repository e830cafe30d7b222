"""Message events: replies in the threads of Tandem's prompts become check-ins or feedback comments."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def handle_message(event: dict[str, Any], context: dict[str, Any]) -> None:
    """Ignore everything but people's replies in threads; the prompt duties route those."""
    # message events can have bot_id without user_id, and edits arrive as subtypes
    if event.get("subtype") or event.get("bot_id") or not event.get("thread_ts"):
        return
    logger.debug("thread reply in %s/%s", event.get("channel"), event.get("thread_ts"))
