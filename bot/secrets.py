"""Tandem's own encryption at rest: the Slack tokens of every installed workspace, sealed with one key.

TANDEM_ENCRYPTION_KEY is 32 random bytes in URL-safe base64 (`tandem keygen` prints one). A value is
sealed with AES-256-GCM (`cryptography`) into `v1:` + URL-safe base64 of nonce, ciphertext and tag,
without padding: 28 bytes over the token, so a classic 57-character bot token becomes 118 characters
and fits slack-sdk's own String(200) token columns unchanged. A value without the prefix is read as
plaintext (rows saved before encryption was on), so `tandem rotate-key` can seal those too.

Nothing here logs a token or a key; errors name the variable, never the value.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets as stdlib_secrets

PREFIX = "v1:"
KEY_BYTES = 32
NONCE_BYTES = 12


class BadKey(ValueError):
    """TANDEM_ENCRYPTION_KEY (or the new key) is missing or not 32 bytes of URL-safe base64 (a setting's error:
    the command line reports it as it reports bot.config.ConfigError)."""


class CannotDecrypt(ValueError):
    """A sealed value does not open with this key: the wrong key, or the value was altered."""


def generate_key() -> str:
    """A fresh key in the form TANDEM_ENCRYPTION_KEY takes (44 characters)."""
    return base64.urlsafe_b64encode(stdlib_secrets.token_bytes(KEY_BYTES)).decode("ascii")


def parse_key(value: str, name: str = "TANDEM_ENCRYPTION_KEY") -> bytes:
    """The 32 key bytes of a setting, or BadKey saying what is wrong (never echoing the value)."""
    text = (value or "").strip()
    if not text:
        raise BadKey(f"{name} is not set; run `tandem keygen` and put its output in {name}")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise BadKey(f"{name} is not URL-safe base64; run `tandem keygen` for a valid key") from None
    if len(raw) != KEY_BYTES:
        raise BadKey(f"{name} decodes to {len(raw)} bytes, not {KEY_BYTES}; run `tandem keygen` for a valid key")
    return raw


class Sealer:
    """Seal and open short secrets with one key."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise BadKey(f"an encryption key must be {KEY_BYTES} bytes")
        # Imported here: only Add to Slack seals anything, and OpenSSL's bindings cost a worker 6 MB.
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._aead = AESGCM(key)

    @classmethod
    def from_setting(cls, value: str, name: str = "TANDEM_ENCRYPTION_KEY") -> Sealer:
        return cls(parse_key(value, name))

    def seal(self, value: str | None) -> str | None:
        """The sealed text of `value` (None stays None; an already sealed value is not sealed twice)."""
        if value is None or is_sealed(value):
            return value
        nonce = os.urandom(NONCE_BYTES)
        blob = nonce + self._aead.encrypt(nonce, value.encode("utf-8"), None)
        return PREFIX + base64.urlsafe_b64encode(blob).rstrip(b"=").decode("ascii")

    def open(self, value: str | None) -> str | None:
        """The plaintext of a sealed value; plaintext (no prefix) is returned as it is."""
        if value is None or not is_sealed(value):
            return value
        from cryptography.exceptions import InvalidTag

        body = value[len(PREFIX):]
        try:
            blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            return self._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], None).decode("utf-8")
        except (InvalidTag, binascii.Error, ValueError):
            raise CannotDecrypt("a stored token does not open with TANDEM_ENCRYPTION_KEY "
                                "(wrong key, or rotate-key was not finished)") from None


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)
