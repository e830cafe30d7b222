"""A tiny real slack_bolt App wired to the emulator, served over HTTP (wsgiref) or Socket Mode.

It proves the driver's requests pass Bolt's verification and parsing: each listener records the
arguments Bolt gave it, and replies the way a real bot does (ack body, respond, views.*, chat.*).
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.emulator import SlackEmulator

logger = logging.getLogger(__name__)


def section(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def option(value: str) -> dict[str, Any]:
    return {"text": plain(value.title()), "value": value}


def _input(block_id: str, element: dict[str, Any], optional: bool = False) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": plain(block_id.title()),
        "element": {"action_id": block_id, **element},
    }


FORM = {
    "type": "modal",
    "callback_id": "form",
    "title": plain("New engagement"),
    "submit": plain("Save"),
    "private_metadata": "C0PROJ",
    "blocks": [
        _input("title", {"type": "plain_text_input"}),
        _input("kind", {"type": "static_select", "options": [option("design"), option("build")]}),
        _input("due", {"type": "datepicker"}),
        _input("who", {"type": "users_select"}, optional=True),
        _input("notes", {"type": "plain_text_input", "initial_value": "none"}, optional=True),
        {
            "type": "actions",
            "block_id": "extra",
            "elements": [{"type": "button", "action_id": "more", "text": plain("More")}],
        },
    ],
}
APPROVAL = [
    section("Kickoff ready"),
    {
        "type": "actions",
        "elements": [
            {"type": "button", "action_id": "approve", "text": plain("OK"), "value": "42"}
        ],
    },
]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        logger.debug(format, *args)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def build_app(emu: SlackEmulator) -> tuple[App, dict[str, list[Any]]]:
    """The app and what its listeners saw."""
    seen: dict[str, list[Any]] = defaultdict(list)
    app = App(
        client=WebClient(token=emu.bot_token, base_url=emu.api_url),
        signing_secret=emu.signing_secret,
    )

    @app.command("/kickoff")
    def kickoff(ack, command, respond) -> None:  # type: ignore[no-untyped-def]
        ack()
        seen["command"].append(command)
        respond(text=f"Kickoff saved: {command['text']}", blocks=APPROVAL)

    @app.command("/echo")
    def echo(ack, command) -> None:  # type: ignore[no-untyped-def]
        ack(text=f"echo {command['text']}")

    def wide(ack) -> None:  # type: ignore[no-untyped-def]
        ack(text="too wide", blocks=[{"type": "divider"}] * 51)  # Slack shows at most 50 blocks

    app.command("/wide")(wide)

    @app.command("/form")
    def form(ack, body, client) -> None:  # type: ignore[no-untyped-def]
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=FORM)

    @app.action("approve")
    def approve(ack, action, body, respond) -> None:  # type: ignore[no-untyped-def]
        ack()
        seen["action"].append((action, body))
        respond(replace_original=True, text="Approved")

    @app.action("more")
    def more(ack, body, client) -> None:  # type: ignore[no-untyped-def]
        ack()
        seen["more"].append(body)
        view = body["view"]
        blocks = [*FORM["blocks"], section("Extra details")]
        client.views_update(view_id=view["id"], hash=view["hash"], view={**FORM, "blocks": blocks})

    @app.view("form")
    def submitted(ack, view) -> None:  # type: ignore[no-untyped-def]
        values = view["state"]["values"]
        seen["submission"].append(view)
        if values["title"]["title"]["value"] == "bad":
            ack(response_action="errors", errors={"title": "Too short"})
        elif values["title"]["title"]["value"] == "ghost":
            ack(response_action="errors", errors={"nowhere": "No such input"})
        else:
            ack()

    @app.event("message")
    def message(event, client, request) -> None:  # type: ignore[no-untyped-def]
        seen["message"].append((event, request.headers))
        client.chat_postMessage(
            channel=event["channel"], thread_ts=event.get("thread_ts") or event["ts"], text="Got it"
        )

    @app.event("app_home_opened")
    def home(event, client) -> None:  # type: ignore[no-untyped-def]
        seen["home"].append(event)
        client.views_publish(
            user_id=event["user"], view={"type": "home", "blocks": [section("Welcome home")]}
        )

    return app, seen


class HttpBot:
    """The app behind Bolt's WSGI adapter on 127.0.0.1:<free port>/slack/events."""

    def __init__(self, app: App) -> None:
        self.server = make_server(
            "127.0.0.1",
            0,
            SlackRequestHandler(app),
            server_class=ThreadingWSGIServer,
            handler_class=QuietHandler,
        )
        self.url = f"http://127.0.0.1:{self.server.server_port}/slack/events"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
