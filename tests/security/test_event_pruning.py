"""Handled event ids (processed_events) are pruned like remembered signatures, not kept forever."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from bot.db.models import ProcessedEvent
from bot.db.session import transaction
from bot.emulator import payloads
from bot.emulator.signing import signed_headers
from bot.slack import seen_events, seen_signatures
from tests.faults.conftest import SECRET, bot, emulator  # noqa: F401 - fixtures
from tests.faults.test_signatures import post
from tests.jobs.conftest import MARIA, PROJECT


def stored_ids(bot) -> set[str]:  # type: ignore[no-untyped-def]  # noqa: F811
    with bot.runtime.sessions() as session:
        return set(session.scalars(select(ProcessedEvent.event_id)))


def add_rows(bot, ages: dict[str, timedelta]) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    now = bot.runtime.clock()
    with transaction(bot.runtime.sessions) as session:
        for event_id, age in ages.items():
            session.add(ProcessedEvent(event_id=event_id, team_id="T1", received_at=now - age))


def test_event_claims_older_than_a_day_go_and_signatures_are_left_to_their_own_prune(bot) -> None:  # noqa: F811
    add_rows(bot, {
        "Ev_OLD": timedelta(days=2),
        "Ev_DAY": timedelta(hours=25),
        "Ev_FRESH": timedelta(hours=2),
        seen_signatures.PREFIX + "a" * 60: timedelta(days=3),  # an old signature: replays.prune's row
    })
    assert seen_events.prune(bot.runtime.sessions, now=bot.runtime.clock()) == 2
    assert stored_ids(bot) == {"Ev_FRESH", seen_signatures.PREFIX + "a" * 60}
    # A retry of a recent event is still recognised after pruning.
    assert not seen_events.claim(bot.runtime.sessions, event_id="Ev_FRESH", team_id="T1", now=bot.runtime.clock())


def test_serving_requests_prunes_old_event_claims(bot) -> None:  # noqa: F811
    add_rows(bot, {"Ev_ANCIENT": timedelta(days=30), "Ev_RECENT": timedelta(minutes=5)})
    emu = bot.slack.emu
    envelope = payloads.event_envelope(emu, {"type": "message", "user": MARIA, "text": "hello",
                                             "channel": PROJECT, "ts": "1.000200", "event_ts": "1.000200",
                                             "channel_type": "channel"}, None)
    body = json.dumps(envelope)
    assert post(bot.url, body.encode(), signed_headers(SECRET, body, "application/json")) == 200
    ids = stored_ids(bot)
    assert "Ev_ANCIENT" not in ids
    assert {"Ev_RECENT", envelope["event_id"]} <= ids
