"""Signed modal private_metadata: what a form carries through Slack comes back unchanged or is refused.

A modal keeps its context (the channel, the engagement, the payment terms parsed from the command)
in `private_metadata`, and Slack hands back whatever the submitting client holds. Sealed with
HMAC-SHA256 under a server secret (TANDEM_SECRET_KEY, else SLACK_SIGNING_SECRET), a forged or
edited value is refused before anything is read from it. Sealed text: `<base64url JSON>.<base64url MAC>`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
from typing import Any

from bot.domain.errors import DomainError

logger = logging.getLogger(__name__)

_PURPOSE = b"tandem/private_metadata/v1"
_lock = threading.Lock()
_key: bytes | None = None


class TamperedMetadata(DomainError):
    """The form's hidden context was not written by this server (forged, edited or from another key)."""

    def __init__(self) -> None:
        super().__init__("I can't verify this form any more (it was changed or has expired). "
                         "Close it and open it again; nothing was saved.")


def configure(secret: str) -> None:
    """Use this server secret (create_app calls it with Settings.metadata_key)."""
    global _key
    with _lock:
        _key = _derive(secret) if secret else None


def _derive(secret: str) -> bytes:
    # A key of its own, so a MAC here is never a valid Slack request signature or vice versa.
    return hmac.new(secret.encode(), _PURPOSE, hashlib.sha256).digest()


def _current_key() -> bytes:
    global _key
    with _lock:
        if _key is None:
            secret = next((value for name in ("TANDEM_SECRET_KEY", "SLACK_SIGNING_SECRET")
                           if (value := os.environ.get(name, "").strip())), "")
            if not secret:
                # Tests and tools that never configured one: forms still round-trip within this process.
                logger.warning("no TANDEM_SECRET_KEY or SLACK_SIGNING_SECRET: signing forms with a per-process key")
                secret = secrets.token_hex(32)
            _key = _derive(secret)
        return _key


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(body: str) -> str:
    return _b64(hmac.new(_current_key(), body.encode(), hashlib.sha256).digest())


def seal(data: dict[str, Any]) -> str:
    """`data` as private_metadata that only this server can have written."""
    body = _b64(json.dumps(data, separators=(",", ":"), sort_keys=True).encode())
    return f"{body}.{_mac(body)}"


def open(sealed: str | None) -> dict[str, Any]:  # noqa: A001 - the counterpart of seal
    """The dict `seal` wrote; TamperedMetadata (a friendly DomainError) for anything else."""
    body, dot, mac = (sealed or "").partition(".")
    if not dot or not body or not hmac.compare_digest(mac.encode(), _mac(body).encode()):
        raise TamperedMetadata()
    try:
        data = json.loads(_unb64(body))
    except (ValueError, binascii.Error):
        raise TamperedMetadata() from None
    if not isinstance(data, dict):
        raise TamperedMetadata()
    return data
