"""Recognising the pieces of a bot's answer: ack bodies, response_url posts and Web API calls.

Each piece becomes a ReplyItem whose text is what a Slack user would read, so tests can assert on
wording without caring which channel the bot used to answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.emulator.content import plain_text_of

if TYPE_CHECKING:
    from bot.emulator.webapi import ApiCall


@dataclass
class ReplyItem:
    """One piece of the bot's answer."""

    kind: str  # body | response | view | ephemeral | message | update | errors
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    ephemeral: bool = False
    data: Any = None


@dataclass
class Origin:
    """Identifiers of the request, used to recognise replies to it."""

    kind: str  # command | action | submission | event | verification
    user_id: str | None = None
    channel_id: str | None = None
    response_url: str | None = None
    trigger_id: str | None = None
    view_id: str | None = None
    message_ts: str | None = None


def message_item(kind: str, text: Any, blocks: Any, ephemeral: bool, data: Any) -> ReplyItem:
    """A message reply. Its text is what a reader sees: the blocks, plus the fallback `text` only
    when the blocks do not already say it (Slack shows blocks; `text` feeds notifications)."""
    blocks = blocks if isinstance(blocks, list) else []
    shown = plain_text_of(blocks)
    fallback = text if isinstance(text, str) else ""
    if fallback and fallback in shown:
        return ReplyItem(kind, shown, blocks, ephemeral, data)
    return ReplyItem(kind, "\n".join(t for t in (fallback, shown) if t), blocks, ephemeral, data)


def view_item(view: dict[str, Any]) -> ReplyItem:
    """A modal or Home view the bot opened, pushed, updated or published."""
    title = (view.get("title") or {}).get("text", "")
    text = "\n".join(t for t in (title, plain_text_of(view.get("blocks"))) if t)
    return ReplyItem("view", text, view.get("blocks") or [], False, view)


def body_items(body: Any) -> list[ReplyItem]:
    """What the HTTP response / Socket Mode ack itself answered."""
    if isinstance(body, str) and body.strip():
        return [ReplyItem("body", body, [], True, body)]
    if not isinstance(body, dict):
        return []
    action = body.get("response_action")
    if action == "errors":
        errors = "\n".join(map(str, (body.get("errors") or {}).values()))
        return [ReplyItem("errors", errors, [], False, body)]
    if action in ("update", "push") and isinstance(body.get("view"), dict):
        return [view_item(body["view"])]
    if body.get("text") or body.get("blocks"):
        ephemeral = body.get("response_type") != "in_channel"
        return [message_item("body", body.get("text"), body.get("blocks"), ephemeral, body)]
    return []


def response_item(record: dict[str, Any]) -> ReplyItem:
    """A post to the request's response_url."""
    body = record["body"]
    ephemeral = body.get("response_type") != "in_channel"
    return message_item("response", body.get("text"), body.get("blocks"), ephemeral, record)


def call_item(origin: Origin, call: ApiCall) -> ReplyItem | None:
    """The reply a successful Web API call represents for this request, if any."""
    o, a, method = origin, call.args, call.method
    view = call.response.get("view") or {}
    if (
        method in ("views.open", "views.push")
        and o.trigger_id
        and a.get("trigger_id") == o.trigger_id
    ):
        return view_item(view)
    if method == "views.update" and o.view_id and view.get("id") == o.view_id:
        return view_item(view)
    if method in ("chat.update", "chat.delete") and o.message_ts and a.get("ts") == o.message_ts:
        return message_item("update", a.get("text"), a.get("blocks"), False, a)
    if method == "chat.postEphemeral" and o.user_id and a.get("user") == o.user_id:
        return message_item("ephemeral", a.get("text"), a.get("blocks"), True, a)
    if o.kind not in ("event", "submission") or not o.user_id:
        return None
    if method == "views.publish" and a.get("user_id") == o.user_id:
        return view_item(view)
    targets = {o.user_id, o.channel_id, "D" + o.user_id.lstrip("UW")}
    if method == "chat.postMessage" and targets & {a.get("channel"), call.response.get("channel")}:
        message = call.response.get("message")
        return message_item("message", a.get("text"), a.get("blocks"), False, message)
    return None
