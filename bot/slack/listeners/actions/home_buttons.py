"""Home tab buttons: an engagement's scorecard in a modal, pause/resume, and paging."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain.errors import DomainError
from bot.slack import metadata
from bot.slack.listeners.common import known_today, runtime_of
from bot.slack.payloads import Click
from bot.usecases import home


def handle_home_scorecard(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                          context: dict[str, Any]) -> None:
    """Open the engagement's scorecard in a modal: the Home tab has no channel to answer in."""
    ack()
    clicked = Click.of(body, action)
    view = home.scorecard(runtime_of(context), clicked.team_id, clicked.user_id, clicked.value)
    client.views_open(trigger_id=clicked.trigger_id, view=view)


def handle_home_pause(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                      context: dict[str, Any]) -> None:
    """Pause or resume an engagement (owner only), then republish the same page of the Home tab."""
    ack()
    runtime, clicked = runtime_of(context), Click.of(body, action)
    today = known_today(runtime, clicked.team_id, clicked.user_id)
    home.toggle_pause(runtime, client, clicked.team_id, clicked.user_id, clicked.value, today, current_offset(body))


def handle_home_page(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                     context: dict[str, Any]) -> None:
    """Show another page of the owner's engagements."""
    ack()
    runtime, clicked = runtime_of(context), Click.of(body, action)
    # The page's offset rides in the button: any other value (edited) shows the first page.
    offset = int(clicked.value) if clicked.value.isascii() and clicked.value.isdigit() else 0
    home.publish(runtime, client, clicked.team_id, clicked.user_id,
                 known_today(runtime, clicked.team_id, clicked.user_id), offset=offset)


def current_offset(body: dict[str, Any]) -> int:
    """The page the Home view was showing, kept in its private_metadata."""
    try:
        return int(metadata.open((body.get("view") or {}).get("private_metadata")).get("offset", 0))
    except (DomainError, ValueError, TypeError):
        return 0
