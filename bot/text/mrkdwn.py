"""Make user text safe to echo in Slack mrkdwn: people may be mentioned, nobody pinged en masse."""

from __future__ import annotations

import re

ELLIPSIS = "…"
ZERO_WIDTH_SPACE = "\u200b"

# What survives escaping: user mentions and channel mentions, exactly as Slack writes them.
_ALLOWED = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^<>|]*)?>|<#[CG][A-Z0-9]+(?:\|[^<>|]*)?>")
# Entities Slack itself produces; left alone so escaping twice changes nothing.
_ENTITY = re.compile(r"&(?:amp|lt|gt);")
# No word boundary on purpose: "@channels" is defused too, so no output ever contains "@channel".
_BROADCAST = re.compile(r"@(channel|here|everyone|group)", re.IGNORECASE)
_ANGLED = re.compile(r"<[^<>]*>")
# Text without these characters comes out of `escape` unchanged.
_NEEDS_WORK = re.compile(r"[&<>@]")
# Slack's special mentions: <!channel>, <!here>, <!everyone>, <!subteam^S…>, <!date^…>; the bot writes none.
_SPECIAL = re.compile(r"<!([^<>]*)>")


def escape(text: str) -> str:
    """Escape &, <, > (entities stay), keep <@U…> and <#C…> mentions, defuse @channel and @here."""
    if not _NEEDS_WORK.search(text):
        return text  # most titles and names: nothing to escape, mention or defuse (a status board has 40)
    return _escape_all(text)


def _escape_all(text: str) -> str:
    """`escape` without its shortcut for text that needs none (tests hold the two to one answer)."""
    pieces: list[str] = []
    position = 0
    for match in _ALLOWED.finditer(text):
        pieces.append(_escape_plain(text[position : match.start()]))
        pieces.append(_defuse(match.group(0)))  # a label may say "@here" too
        position = match.end()
    pieces.append(_escape_plain(text[position:]))
    return "".join(pieces)


def _escape_plain(text: str) -> str:
    """Escape a stretch of text that holds no allowed mention."""
    parts = _ENTITY.split(text)
    entities = _ENTITY.findall(text)
    escaped = [
        part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for part in parts
    ]
    joined = escaped[0] + "".join(
        entity + part for entity, part in zip(entities, escaped[1:], strict=True)
    )
    return _defuse(joined)


def _defuse(text: str) -> str:
    """@channel, @here, @everyone with a zero-width space after the @, so they stay plain words."""
    return _BROADCAST.sub(lambda m: "@" + ZERO_WIDTH_SPACE + m.group(1), text)


def quote(text: str) -> str:
    """What a person typed, for a message's fallback `text`: every <…> shown as typed, not acted on.

    The fallback is what notifications and unfurls show, so a title like `<@U123> Site` or
    `<!here>` must not ping anyone there; unlike `escape`, even user mentions are kept inert.
    """
    if not _NEEDS_WORK.search(text):
        return text
    return _escape_plain(text)


def fallback(text: str) -> str:
    """A last guard on every fallback `text` the bot posts: no <!channel>, <!here>, <!subteam^…>, @channel.

    The bot's own <@U…>, <#C…> and links stay (builders quote what people typed with `quote`);
    whatever a builder forgot, no broadcast mention gets through.
    """
    if not _NEEDS_WORK.search(text):
        return text
    return _defuse(_SPECIAL.sub(lambda m: "&lt;!" + m.group(1) + "&gt;", text))


def truncate(text: str, limit: int) -> str:
    """At most `limit` characters, ending in … when cut, never inside an &entity; or a <mention>."""
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    cut = limit - len(ELLIPSIS)
    for pattern in (_ENTITY, _ANGLED):  # entities first: a mention's label may hold one
        for match in pattern.finditer(text):
            if match.start() >= cut:
                break
            if match.end() > cut:
                cut = match.start()
                break
    return text[:cut] + ELLIPSIS
