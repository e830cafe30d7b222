"""Interactive requests act only on their own workspace's records, for the person the message was for.

The real Bolt app is served in-process over HTTP (tests/jobs harness) and driven with signed
requests; forged requests are the emulator's own payloads with one field changed, as a hostile
client or a request from another workspace would send them.
"""
# ruff: noqa: F811 - the harness's fixtures are imported by name and taken as arguments

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from bot.db.models import Delivery, Engagement
from bot.db.session import transaction
from bot.domain.schedule import prompt_snoozes, snoozes
from bot.emulator.driver import SlackDriver
from bot.emulator.interaction_payloads import message_click
from bot.emulator.transport import Delivery as Request
from bot.slack import ids, metadata
from jobs import feedback_prompts, run_due
from jobs.context import start as tick
from tests.jobs.conftest import (  # noqa: F401 - fixtures
    BYSTANDER,
    MARIA,
    OWNER,
    PROJECT,
    SECRET,
    add_engagement,
    client,
    clock,
    emulator,
    runtime,
    slack,
)

MONDAY_TEN = datetime(2027, 3, 8, 2, tzinfo=UTC)  # 10:00 Manila: Maria's check-in prompt is due
TUESDAY_TEN = datetime(2027, 3, 9, 10, tzinfo=UTC)  # 10:00 London: the owner's feedback prompt is due
SECRET_ROOM = "C0SECRET"  # a channel the bot is in and the owner is not


def rows(runtime, duty: str) -> int:
    with runtime.sessions() as session:
        return session.scalar(select(func.count()).select_from(Delivery).where(Delivery.duty == duty))


def engagements(runtime) -> list[Engagement]:
    with runtime.sessions() as session:
        return list(session.scalars(select(Engagement).order_by(Engagement.id)))


def forged_click(slack: SlackDriver, action_id: str, message: dict[str, Any], as_user: str,
                 change: dict[str, Any]) -> None:
    """A click built by the emulator for `as_user`, then edited (`change` merges into the payload)."""
    payload, origin = message_click(slack.emu, action_id, as_user, message, None, None)
    for key, value in change.items():
        payload[key] = payload[key] | value if isinstance(value, dict) and isinstance(payload.get(key), dict) else value
    slack.deliver(Request("interactive", payload, False, None, 0), origin)


def checkin_prompt(runtime, client, emulator) -> dict[str, Any]:
    add_engagement(runtime, days="12345")
    list(run_due(runtime, client, now=MONDAY_TEN))
    [prompt] = [m for m in emulator.messages(PROJECT) if m["text"].startswith("Check-in time")]
    return prompt


# --- forged team_id ---------------------------------------------------------------------------

def test_buttons_clicked_from_another_workspace_change_nothing(runtime, client, emulator, clock, slack) -> None:
    prompt = checkin_prompt(runtime, client, emulator)
    clock.now = MONDAY_TEN + timedelta(minutes=5)
    elsewhere = SlackDriver(emulator, bot_url=slack.bot_url, signing_secret=SECRET, team_id="T0ELSEWHERE")
    elsewhere.click(ids.SNOOZE_CHECKIN, user=MARIA, message=prompt)
    elsewhere.click(ids.OPEN_CHECKIN, user=MARIA, message=prompt)
    assert emulator.wait_for(lambda: len(emulator.ephemerals(PROJECT, MARIA)) + len(emulator.responses) >= 2, 5)
    assert rows(runtime, snoozes.DUTY) == 0
    assert emulator.views == {} or all(v.get("type") != "modal" for v in emulator.views.values())
    # The same clicks from the engagement's own workspace work: the refusal above was the team's.
    slack.click(ids.SNOOZE_CHECKIN, user=MARIA, message=prompt)
    assert emulator.wait_for(lambda: rows(runtime, snoozes.DUTY) == 1, 5)


# --- the wrong clicker ------------------------------------------------------------------------

def test_only_the_owner_snoozes_the_owners_prompt(runtime, client, emulator, clock, slack) -> None:
    add_engagement(runtime)
    list(feedback_prompts.sweep(tick(runtime, client, now=TUESDAY_TEN)))
    [prompt] = emulator.messages(emulator.dm_channel(OWNER))
    clock.now = TUESDAY_TEN + timedelta(minutes=5)
    # Maria (a person Tandem knows) sends the click on the owner's DM prompt as herself.
    forged_click(slack, ids.SNOOZE_PROMPT, prompt, OWNER, {"user": {"id": MARIA, "username": "maria"}})
    assert emulator.wait_for(lambda: emulator.ephemerals(user=MARIA) or emulator.responses, 5)
    assert rows(runtime, prompt_snoozes.DUTY) == 0
    slack.click(ids.SNOOZE_PROMPT, user=OWNER, message=prompt)
    assert emulator.wait_for(lambda: rows(runtime, prompt_snoozes.DUTY) == 1, 5)


def test_a_checkin_snooze_pointed_at_another_channel_is_refused(runtime, client, emulator, clock, slack) -> None:
    emulator.add_channel("C0LOUNGE", name="lounge", members=[OWNER, MARIA, BYSTANDER])
    prompt = checkin_prompt(runtime, client, emulator)
    clock.now = MONDAY_TEN + timedelta(minutes=5)
    forged_click(slack, ids.SNOOZE_CHECKIN, prompt, MARIA, {"channel": {"id": "C0LOUNGE"}})
    assert emulator.wait_for(lambda: emulator.ephemerals(user=MARIA) or emulator.responses, 5)
    assert rows(runtime, snoozes.DUTY) == 0


def test_someone_else_cannot_snooze_the_contractors_checkin(runtime, client, emulator, clock, slack) -> None:
    prompt = checkin_prompt(runtime, client, emulator)
    clock.now = MONDAY_TEN + timedelta(minutes=5)
    slack.click(ids.SNOOZE_CHECKIN, user=BYSTANDER, message=prompt)
    assert emulator.wait_for(lambda: emulator.ephemerals(PROJECT, BYSTANDER) or emulator.responses, 5)
    assert rows(runtime, snoozes.DUTY) == 0


# --- forged or tampered private_metadata --------------------------------------------------------

PLAN = {"objectives": {"objectives": "A faster site"}, "deliverables": {"deliverables": "Homepage"}}


def open_kickoff_form(slack, emulator, user: str = OWNER, channel: str = PROJECT) -> str:
    slack.slash("/kickoff", f'<@{MARIA}|maria> "Website" due 2027-04-15', user=user, channel=channel).wait()
    [view_id] = [v for v, view in emulator.views.items() if view.get("callback_id") == ids.KICKOFF_MODAL]
    return view_id


def set_metadata(emulator, view_id: str, value: str) -> None:
    """What a hostile client does: submit the form with other hidden context."""
    with emulator.workspace.lock:
        emulator.workspace.views.views[view_id]["private_metadata"] = value


def refused(reply) -> bool:  # type: ignore[no-untyped-def]
    return isinstance(reply.body, dict) and reply.body.get("response_action") == "errors"


def test_forged_kickoff_metadata_is_refused_and_nothing_is_saved(runtime, emulator, slack) -> None:
    for forged in (
        json.dumps({"channel_id": PROJECT, "terms": -100000, "observers": []}),  # the old, unsigned form
        metadata.seal({"channel_id": PROJECT, "terms": 14, "observers": []})[:-2] + "AA",  # a MAC edited
        "e30.AAAA",  # "{}" with a made-up MAC
        "",
    ):
        view_id = open_kickoff_form(slack, emulator)
        set_metadata(emulator, view_id, forged)
        reply = slack.submit_view(view_id, values=PLAN, user=OWNER)
        assert refused(reply), (forged, reply.body)
        slack.close_view(view_id, user=OWNER)
    assert engagements(runtime) == [] and emulator.messages(PROJECT) == []


def test_sealed_metadata_with_out_of_range_terms_is_still_refused(runtime, emulator, slack) -> None:
    view_id = open_kickoff_form(slack, emulator)
    set_metadata(emulator, view_id, metadata.seal({"channel_id": PROJECT, "terms": -100000, "observers": []}))
    assert refused(slack.submit_view(view_id, values=PLAN, user=OWNER))
    assert engagements(runtime) == []


def test_a_kickoff_form_for_a_channel_the_submitter_is_not_in_is_refused(runtime, emulator, slack) -> None:
    emulator.add_channel(SECRET_ROOM, name="board-room", members=[BYSTANDER])  # the bot is a member too
    view_id = open_kickoff_form(slack, emulator)
    # A form opened in the board room (by someone there), its hidden context replayed by the owner.
    set_metadata(emulator, view_id, metadata.seal({"channel_id": SECRET_ROOM, "terms": 14, "observers": []}))
    reply = slack.submit_view(view_id, values=PLAN, user=OWNER)
    assert refused(reply) and "not a member" in json.dumps(reply.body)
    assert engagements(runtime) == [] and emulator.messages(SECRET_ROOM) == []


def test_a_form_for_a_channel_with_an_engagement_is_refused(runtime, emulator, slack) -> None:
    [engagement_id] = add_engagement(runtime)  # already running in PROJECT, its brief posted
    with transaction(runtime.sessions) as session:  # (one without a brief would be finished by its owner's retry)
        session.get_one(Engagement, engagement_id).brief_ts = "1700000000.000100"
    before = len(engagements(runtime))
    view_id = open_kickoff_form(slack, emulator)
    assert refused(slack.submit_view(view_id, values=PLAN, user=OWNER))
    assert len(engagements(runtime)) == before


def test_the_owner_is_told_honestly_when_the_note_cannot_be_shown(runtime, emulator, slack) -> None:
    view_id = open_kickoff_form(slack, emulator)
    emulator.fail_next("chat.postEphemeral", status=200, error="user_not_in_channel")
    reply = slack.submit_view(view_id, values=PLAN, user=OWNER)
    assert reply.status == 200 and not refused(reply)
    dm = emulator.dm_channel(OWNER)
    assert emulator.wait_for(lambda: emulator.messages(dm), 5)
    [note] = emulator.messages(dm)
    said = note["text"] + json.dumps(note["blocks"])
    assert emulator.wait_for(lambda: len(engagements(runtime)) == 1, 5)
    assert "started" in said and "nothing was saved" not in said


def test_an_honest_form_still_starts_the_engagement(runtime, emulator, slack) -> None:
    view_id = open_kickoff_form(slack, emulator)
    reply = slack.submit_view(view_id, values=PLAN, user=OWNER)
    assert reply.status == 200 and not refused(reply), reply.body
    # The engagement is committed, then its brief posted, then the brief noted on it: wait for the note.
    assert emulator.wait_for(lambda: [e.brief_ts is not None for e in engagements(runtime)] == [True], 5)
    [engagement] = engagements(runtime)
    assert len(emulator.messages(PROJECT)) == 1
    assert engagement.channel_id == PROJECT and engagement.payment_terms_days == 14


def test_seal_round_trips_and_refuses_every_edit() -> None:
    sealed = metadata.seal({"channel_id": "C1", "terms": 30})
    assert metadata.open(sealed) == {"channel_id": "C1", "terms": 30}
    body, _, mac = sealed.partition(".")
    for bad in (body + "." + mac[::-1], body[:-1] + ("A" if body[-1] != "A" else "B") + "." + mac, body, "",
                None, "." + mac, "ü.ü"):
        try:
            metadata.open(bad)
        except metadata.TamperedMetadata:
            continue
        raise AssertionError(f"accepted {bad!r}")
