"""SlackDriver plays Slack towards the bot: slash commands, clicks, modal submissions, events.

Requests are built like Slack's (payloads.py), delivered signed over HTTP or as Socket Mode
envelopes (transport.py), and the emulator applies what Slack would do with the answer (e.g. an
empty view_submission ack closes the modal). Each call returns a Reply to assert on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.emulator import payloads
from bot.emulator.driver_events import EventsMixin
from bot.emulator.escaping import escape_command_text
from bot.emulator.interaction_payloads import closing, message_click, submission, view_click
from bot.emulator.interactions import apply_submission_answer
from bot.emulator.reply import Origin, Reply
from bot.emulator.transport import Delivery, send_http, send_socket
from bot.emulator.view_state import DriverError

if TYPE_CHECKING:
    from bot.emulator.server import SlackEmulator


def _retarget(payload: dict[str, Any], team_id: str, home: str) -> None:
    """Make a request look like it comes from an installation in another workspace (`home` is the emulator's).

    Every field naming the installation names it: the events' authorization and context, the view's
    installed team, and the team fields that named `home`. A Slack Connect member of another
    organisation (add_user(team_id=...)) keeps their own organisation where Slack sends it.
    """
    if "context_team_id" in payload:
        payload["context_team_id"] = team_id
    if payload.get("team_id") == home:
        payload["team_id"] = team_id
    team, user = payload.get("team"), payload.get("user")
    if isinstance(team, dict) and team.get("id") == home:
        team["id"] = team_id
    if isinstance(user, dict) and user.get("team_id") == home:
        user["team_id"] = team_id
    view = payload.get("view")
    if isinstance(view, dict):
        view["app_installed_team_id"] = team_id
        if view.get("team_id") == home:
            view["team_id"] = team_id
    for authorization in payload.get("authorizations") or []:
        authorization["team_id"] = team_id


class SlackDriver(EventsMixin):
    """Sends Slack-made requests to the bot under test (mode "http" or "socket")."""

    def __init__(
        self,
        emu: SlackEmulator,
        bot_url: str = "http://127.0.0.1:3000/slack/events",
        signing_secret: str | None = None,
        team_id: str | None = None,
        mode: str = "http",
        timeout: float = 10.0,
    ) -> None:
        if mode not in ("http", "socket"):
            raise ValueError("mode must be 'http' or 'socket'")
        self.emu, self.bot_url, self.mode, self.timeout = emu, bot_url, mode, timeout
        self.signing_secret = emu.signing_secret if signing_secret is None else signing_secret
        self.team_id = team_id or emu.team_id

    def deliver(self, delivery: Delivery, origin: Origin) -> Reply:
        """Send one request and wrap the outcome in a Reply."""
        if self.team_id != self.emu.team_id:
            _retarget(delivery.payload, self.team_id, self.emu.team_id)
        started = Reply.now()
        if self.mode == "socket":
            outcome = send_socket(self.emu, delivery, self.timeout)
        else:
            outcome = send_http(self.bot_url, self.signing_secret, delivery, self.timeout)
        reply = Reply(self.emu, origin, outcome.status, outcome.body, outcome.elapsed, started)
        reply.payload = delivery.payload
        if origin.kind == "command" and reply.status == 200:
            # Slack shows a slash command's ack message, or says the app failed if it cannot.
            self.emu.refuse(f"ack of {delivery.payload.get('command')}", reply.message_problems)
        return reply

    def slash(
        self,
        command: str,
        text: str = "",
        *,
        user: str,
        channel: str,
        signature: str | None = None,
        timestamp_offset: int = 0,
        escape: bool = True,
    ) -> Reply:
        """Invoke a slash command as `user` in `channel` (text escaped like should_escape=true).

        Slack offers an app's slash commands only to members of the workspace that installed it: a
        Slack Connect member of another organisation has none of them (DriverError); and only in a
        conversation the user is in (DriverError for a known conversation they are not in).
        """
        org = payloads.org_of(self.emu, user)
        if org not in (self.emu.team_id, self.team_id):
            raise DriverError(f"{user} belongs to another organisation ({org}): Slack does not offer "
                              f"{command} there, only the app's buttons, forms and thread replies")
        with self.emu.workspace.lock:
            conversation = self.emu.workspace.channels.get(channel)
            if conversation is not None and user not in conversation.members:
                # A non-member previewing a public channel gets "Join channel" instead of a message
                # box, and never sees a private one: no command can be typed there.
                raise DriverError(f"{user} is not in {channel}: Slack offers no message box there")
        response_url = self.emu.new_response_url(channel, user)
        trigger = self.emu.mint_trigger(user)
        sent_text = escape_command_text(self.emu.workspace, text) if escape else text
        form = payloads.slash_form(
            self.emu, command, sent_text, user, channel, response_url, trigger
        )
        delivery = Delivery("command", form, True, signature, timestamp_offset)
        return self.deliver(delivery, Origin("command", user, channel, response_url, trigger))

    def click(
        self,
        action_id: str,
        *,
        user: str,
        message: dict[str, Any] | None = None,
        view_id: str | None = None,
        value: Any = None,
        block_id: str | None = None,
        signature: str | None = None,
        timestamp_offset: int = 0,
    ) -> Reply:
        """Click or pick the element `action_id` in a message/ephemeral/response or an open view.

        `value` picks an option (selects, overflow, radio...), a user/channel/date for pickers, or
        chooses among same-named buttons; `block_id` disambiguates further.
        """
        if (message is None) == (view_id is None):
            raise DriverError("click() needs exactly one of message= or view_id=")
        if view_id is not None:
            payload, origin = view_click(self.emu, action_id, user, view_id, value, block_id)
        else:
            payload, origin = message_click(
                self.emu, action_id, user, message or {}, value, block_id
            )
        return self.deliver(
            Delivery("interactive", payload, False, signature, timestamp_offset), origin
        )

    def submit_view(
        self,
        view_id: str,
        values: dict[str, dict[str, Any]] | None = None,
        *,
        user: str | None = None,
        strict: bool = False,
        force: bool = False,
        signature: str | None = None,
        timestamp_offset: int = 0,
    ) -> Reply:
        """Press a modal's submit button with `values` = {block_id: {action_id: raw value}}.

        Unknown block/action ids raise DriverError (unless force); strict=True also refuses what
        Slack's client refuses (empty required inputs, lengths, non-numbers). The emulator then
        does what Slack does with the ack (empty: close; update/push/clear; errors: keep open).
        """
        payload, origin = submission(self.emu, view_id, values or {}, user, strict, force)
        reply = self.deliver(
            Delivery("interactive", payload, True, signature, timestamp_offset), origin
        )
        apply_submission_answer(self.emu, view_id, origin.user_id or "", reply)
        return reply

    def close_view(self, view_id: str, *, user: str | None = None) -> Reply | None:
        """Press a modal's close button; sends view_closed only if the view set notify_on_close."""
        closed = closing(self.emu, view_id, user)
        return (
            None if closed is None else self.deliver(Delivery("interactive", closed[0]), closed[1])
        )
