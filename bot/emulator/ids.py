"""Ids and cursors shaped like Slack's, so code that parses them behaves as in production."""

from __future__ import annotations

import base64
import itertools
import random
import secrets
import string
import threading

_ALNUM_UPPER = string.ascii_uppercase + string.digits
_ALNUM_MIXED = string.ascii_letters + string.digits
_counter = itertools.count(1)
_counter_lock = threading.Lock()
# Ids that only need to be unlikely to repeat, not unguessable (block ids, request ids): drawing them
# from the OS one character at a time (secrets) was a tenth of the emulator's time per post.
_random = random.Random()


def next_number() -> int:
    """A process-wide increasing number; keeps generated ids unique across emulator instances."""
    with _counter_lock:
        return next(_counter)


def slack_id(prefix: str, length: int = 10) -> str:
    """An id like Slack's (prefix + upper-case alphanumerics), e.g. view ids "V0123ABCDE"."""
    return prefix + "".join(_random.choices(_ALNUM_UPPER, k=length))


def short_token(length: int = 5) -> str:
    """Mixed-case token like the block_id / action_id Slack invents for blocks that lack one."""
    return "".join(_random.choices(_ALNUM_MIXED, k=length))


def request_id() -> str:
    """An x-slack-req-id: 32 hex digits, new for every call."""
    return f"{_random.getrandbits(128):032x}"


def trigger_id(team_number: int = 47445629121) -> str:
    """A trigger id with Slack's three-part shape: "<n>.<team n>.<32 hex>"."""
    return f"{next_number()}{secrets.randbelow(10**6):06d}.{team_number}.{secrets.token_hex(16)}"


def event_id() -> str:
    """An Events API event id ("Ev" + upper-case alphanumerics)."""
    return slack_id("Ev", 10)


def view_hash(ts: float) -> str:
    """A view hash like "1596530361.3wRYuk3R"; new on every update (drives hash_conflict)."""
    return f"{int(ts)}.{short_token(8)}"


def encode_cursor(kind: str, key: str | int) -> str:
    """An opaque cursor like Slack's: base64 of "<kind>:<key>" (e.g. "next_ts:1512085861000543")."""
    return base64.b64encode(f"{kind}:{key}".encode()).decode()


def decode_cursor(cursor: str, kind: str) -> str | None:
    """The key of a cursor made by encode_cursor, or None when it is not one of ours."""
    try:
        raw = base64.b64decode(cursor.encode(), validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    prefix, _, key = raw.partition(":")
    return key if prefix == kind and key else None
