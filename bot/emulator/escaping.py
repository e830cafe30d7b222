"""Slash-command text escaping, as Slack does for commands declared with should_escape=true.

The user types "@alice" / "#proj-site"; the client turns picked entities into ids and Slack sends
"<@U0ALICE|alice>" / "<#C0PROJ|proj-site>", plus "<!here>"-style specials, and HTML-escapes &, <, >
everywhere else. Entities the caller already wrote as "<@U...>" pass through untouched.
"""

from __future__ import annotations

import re

from bot.emulator.workspace import Workspace

_ENTITY = re.compile(r"<[@#!][^<>\s][^<>]*>")
_SPECIAL = re.compile(r"(?<![\w@])@(here|channel|everyone)(?![\w-])")
_END = r"(?![A-Za-z0-9_-]|\.[A-Za-z0-9])"


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _mentions(ws: Workspace, text: str) -> str:
    with ws.lock:
        users = {u.name: u.id for u in ws.users.values() if u.name}
        channels = {c.name: c.id for c in ws.channels.values() if c.name and not c.is_im}
    text = _SPECIAL.sub(lambda m: f"<!{m.group(1)}>", text)
    if users:
        names = "|".join(re.escape(n) for n in sorted(users, key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w@<|])@({names}){_END}")
        text = pattern.sub(lambda m: f"<@{users[m.group(1)]}|{m.group(1)}>", text)
    if channels:
        names = "|".join(re.escape(n) for n in sorted(channels, key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w&<|])#({names}){_END}")
        text = pattern.sub(lambda m: f"<#{channels[m.group(1)]}|{m.group(1)}>", text)
    return text


def escape_command_text(ws: Workspace, text: str) -> str:
    """The `text` field Slack would send for what the user typed."""
    out: list[str] = []
    last = 0
    for match in _ENTITY.finditer(text):
        out.append(_mentions(ws, _escape_html(text[last : match.start()])))
        out.append(match.group(0))
        last = match.end()
    out.append(_mentions(ws, _escape_html(text[last:])))
    return "".join(out)
