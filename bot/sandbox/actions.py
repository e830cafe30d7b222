"""What the page's buttons do: each turns a person's gesture into the request Slack would send.

SlackDriver builds and signs the requests; this module adds the few things Slack's *client* does
that the emulator's test API leaves to the test: showing a command's ack body to its invoker,
answering unknown commands, turning typed @names into mentions, keeping modal errors on screen.
"""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

from bot.emulator.escaping import escape_command_text
from bot.sandbox import reads, timetravel
from bot.sandbox.instance import SandboxInstance

_NAMED_MENTION = re.compile(r"<@(U[A-Z0-9]+)\|[^>]*>")


def _post_json(url: str, body: dict[str, Any]) -> None:
    """POST to an emulator response_url, as Slack itself does with a command's ack body."""
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10):  # noqa: S310 - the local emulator
        pass


def send(
    sandbox: SandboxInstance, user: str, channel: str, text: str, thread_ts: str | None
) -> dict[str, Any]:
    """The composer: "/command args" runs a slash command, anything else posts a message."""
    text = text.strip()
    if not text:
        return {"ok": False, "error": "empty message"}
    if text.startswith("/"):
        command, _, rest = text.partition(" ")
        reply = sandbox.driver.slash(command, rest.strip(), user=user, channel=channel)
        url = reply.origin.response_url or ""
        if reply.status == 404:
            note = f"`{command}` is not a valid command: no app here offers it."
            _post_json(url, {"text": note})
        elif isinstance(reply.body, dict) and (reply.body.get("text") or reply.body.get("blocks")):
            _post_json(url, reply.body)
        elif isinstance(reply.body, str) and reply.body.strip():
            _post_json(url, {"text": reply.body})
        return {"ok": reply.status == 200, "status": reply.status}
    escaped = escape_command_text(sandbox.emulator.workspace, text)
    message = _NAMED_MENTION.sub(r"<@\1>", escaped)  # messages carry <@U..>, commands <@U..|name>
    reply = sandbox.driver.post_message(user, channel, message, thread_ts=thread_ts)
    return {"ok": reply.status == 200, "ts": (reply.posted or {}).get("ts")}


def click(sandbox: SandboxInstance, user: str, body: dict[str, Any]) -> dict[str, Any]:
    """A button or select in a message, an ephemeral, a modal or the Home tab."""
    target: dict[str, Any] = {}
    if body.get("view_id"):
        target["view_id"] = body["view_id"]
    else:
        target["message"] = {
            "channel": body["channel"],
            "ts": body["ts"],
            "is_ephemeral": bool(body.get("ephemeral")),
        }
    reply = sandbox.driver.click(
        body["action_id"],
        user=user,
        value=body.get("value"),
        block_id=body.get("block_id"),
        **target,
    )
    return {"ok": reply.status == 200}


def submit(
    sandbox: SandboxInstance, user: str, view_id: str, values: dict[str, Any]
) -> dict[str, Any]:
    """Press a modal's submit button; errors from the bot stay on screen beside their inputs."""
    reply = sandbox.driver.submit_view(view_id, values, user=user)
    body = reply.body if isinstance(reply.body, dict) else {}
    if body.get("response_action") == "errors":
        sandbox.modal_errors[view_id] = dict(body.get("errors") or {})
        return {"ok": False, "errors": sandbox.modal_errors[view_id]}
    sandbox.modal_errors.pop(view_id, None)
    return {"ok": reply.status == 200, "problems": reply.view_problems}


def close(sandbox: SandboxInstance, user: str, view_id: str) -> dict[str, Any]:
    """Press a modal's close button."""
    sandbox.driver.close_view(view_id, user=user)
    sandbox.modal_errors.pop(view_id, None)
    return {"ok": True}


def open_home(sandbox: SandboxInstance, user: str) -> dict[str, Any]:
    """The person opens the app's Home tab (the bot publishes it on app_home_opened)."""
    reply = sandbox.driver.open_home(user)
    return {"ok": reply.status == 200}


def jump(sandbox: SandboxInstance, user: str, preset: str, at: str | None) -> dict[str, Any]:
    """Move the clock (in the signed-in person's zone for "next Monday" and typed times)."""
    tz = next(p["tz"] for p in reads.people(sandbox.emulator) if p["id"] == user)
    target = timetravel.target_of(preset, sandbox.clock(), tz, at)
    sent = timetravel.jump_to(sandbox, target)
    return {"ok": True, "now": sandbox.clock().isoformat(), "sent": sent}
