"""Keep Bolt's start-up notices that only restate Tandem's own wiring out of the operator's output.

Tandem hands Bolt a ready WebClient (retries, timeouts, the API URL); Bolt still reads
SLACK_BOT_TOKEN from the environment and warns on every start that "As you gave `client` as well,
`token` will be unused.", and in OAuth mode that the token "will be ignored". Both are by design
here, and an operator reading them looks for a mistake that is not there. They stay at DEBUG.
"""

from __future__ import annotations

import logging

NOTICES = ("`token` will be unused", "`token` (or SLACK_BOT_TOKEN env variable) will be ignored")


class DemoteTokenNotices(logging.Filter):
    """A logger filter for the logger given to Bolt's App: its token notices become DEBUG records."""

    def filter(self, record: logging.LogRecord) -> bool:
        notice = isinstance(record.msg, str) and any(text in record.msg for text in NOTICES)
        if notice and record.levelno > logging.DEBUG:
            if not logging.getLogger(record.name).isEnabledFor(logging.DEBUG):
                return False
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True
