"""/thanks: recognition posted in the channel for everyone to see, recorded for the scorecard."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.db.session import transaction
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError
from bot.domain.recognition import thanks
from bot.runtime import Runtime
from bot.slack.blocks.help import build_help
from bot.slack.blocks.thanks import build_thanks_modal, build_thanks_post, build_thanks_sent
from bot.slack.client import CANNOT_POST
from bot.slack.grammar import thanks as grammar
from bot.slack.listeners.common import known_today, runtime_of, team_of


def handle_thanks(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                  context: dict[str, Any]) -> None:
    """Refuse bad thanks in the ack; otherwise post it, then confirm privately last."""
    runtime = runtime_of(context)
    team_id, user_id, channel_id = team_of(command), command["user_id"], command["channel_id"]
    parsed = grammar.parse(command.get("text", ""))
    if parsed.action == "help":
        ack(**build_help("/thanks", known_today(runtime_of(context), team_of(command), command["user_id"])))
        return
    if parsed.action == "modal":
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=build_thanks_modal(channel_id))
        return
    assert parsed.user_id is not None
    thanks.check(from_user=user_id, to_user=parsed.user_id, reason=parsed.reason, app_user=context.get("bot_user_id"))
    ack()
    respond(**send(runtime, client, team_id, user_id, channel_id, parsed), response_type="ephemeral")


def send(runtime: Runtime, client: WebClient, team_id: str, user_id: str, channel_id: str,
         parsed: grammar.ThanksCommand) -> dict[str, Any]:
    """Record and post the thanks in one transaction: if Slack refuses, nothing is recorded."""
    assert parsed.user_id is not None
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement = engagements.active_in_channel(session, team_id=team_id, channel_id=channel_id)
        row = thanks.record(session, team_id=team_id, channel_id=channel_id, from_user=user_id,
                            to_user=parsed.user_id, reason=parsed.reason, engagement=engagement, now=now)
        row.message_ts = post(client, channel_id, build_thanks_post(user_id, row.to_user, row.reason))
        return build_thanks_sent(row.to_user)


def post(client: WebClient, channel_id: str, payload: dict[str, Any]) -> str:
    """Post the thanks; a channel the bot cannot post in becomes a friendly error (and a rollback)."""
    try:
        return client.chat_postMessage(channel=channel_id, **payload)["ts"]
    except SlackApiError as error:
        if error.response.get("error") in CANNOT_POST:
            raise DomainError(
                "I can't post in this channel. Invite me first with `/invite @Tandem`, "
                "then send your thanks again."
            ) from None
        raise
