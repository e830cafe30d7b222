"""Hide the credentials in URLs before they are printed or logged.

DATABASE_URL and SLACK_API_URL may carry a user and password (`https://user:secret@host/`);
`tandem doctor` and the CLI's error lines show those URLs to help setup, so they show them
as `https://user:***@host/`.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit, urlunsplit

# scheme://user:password@ — a URL's userinfo with a password, anywhere inside a longer text.
_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]*):[^/\s@]*@")


def redact_url(url: str) -> str:
    """The URL with its password (if any) replaced by `***`; the user and host stay readable."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact(url)
    if parts.password is None:
        return url
    userinfo, host = parts.netloc.rsplit("@", 1)
    return urlunsplit(parts._replace(netloc=f"{userinfo.split(':', 1)[0]}:***@{host}"))


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` with every URL's password, and each of `secrets` verbatim, replaced by `***`."""
    text = _PASSWORD.sub(r"\1:***@", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


class RedactPasswords(logging.Filter):
    """A handler filter: log lines (slack_sdk logs each request's URL) never carry a URL's password."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "@" in message and "://" in message:
            record.msg, record.args = redact(message), None
        return True
