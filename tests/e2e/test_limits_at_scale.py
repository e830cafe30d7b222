"""At 200 engagements with the longest titles, every message Tandem builds stays within Slack's limits.

The emulator refuses what Slack refuses: a message whose blocks carry more than ~13,000 characters
of text in all (msg_blocks_too_long), more than 50 blocks, a section over 3,000 characters.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from bot.db.models import Checkin, Contractor, Engagement, Person
from bot.db.session import make_engine
from bot.emulator.content import MAX_BLOCKS_TEXT, blocks_text_length
from tests.e2e.conftest import MARIA, OWNER, PROJECT

LONG = "Redesign of the customer onboarding flow, pricing pages and every transactional e-mail template " * 2


def seed_long(database_url: str, team_id: str, count: int, *, blocked: bool = False) -> None:
    """An owner with `count` engagements with Maria, each with a 150-character title (and, `blocked`,
    a check-in today naming a long blocker: the board shows it under the engagement)."""
    engine = make_engine(database_url)
    now = datetime.now(UTC)
    stamp = {"created_at": now, "updated_at": now}
    with Session(engine) as session, session.begin():
        owner = Person(team_id=team_id, user_id=OWNER, name="Olivia", tz="Europe/London", **stamp)
        maria = Person(team_id=team_id, user_id=MARIA, name="Maria", tz="America/Bogota", **stamp)
        contractor = Contractor(team_id=team_id, person=maria, **stamp)
        session.add_all([owner, maria, contractor])
        session.add_all([Engagement(team_id=team_id, owner=owner, contractor=contractor, channel_id=f"C1{n:05d}",
                                    title=f"{n} {LONG}"[:150], objectives="o", deliverables="d",
                                    start_on=date.today(), deadline=date.today() + timedelta(days=30 + n), **stamp)
                         for n in range(count)])
        session.flush()
        if blocked:
            engagements = session.query(Engagement).all()
            session.add_all([Checkin(engagement_id=e.id, author_id=maria.id, local_date=date.today(), status="blocked",
                                     progress=10, done="d", next="n", blockers=f"{e.id} {LONG * 2}"[:600],
                                     answered_at=now, source="command", **stamp) for e in engagements])
    engine.dispose()


def refused(emulator) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{c.method}: {c.error}" for c in emulator.calls if not c.ok]


def test_the_status_board_at_200_blocked_engagements(slack, bot, emulator) -> None:
    seed_long(bot.database_url, emulator.team_id, 200, blocked=True)
    board = slack.slash("/checkin", "status", user=OWNER, channel=PROJECT).wait()
    assert "Status board (200)" in board.text, board.text
    assert blocks_text_length(board.blocks) <= MAX_BLOCKS_TEXT and len(board.blocks) <= 50
    assert board.message_problems == []
    assert refused(emulator) == []
    shown = sum(1 for block in board.blocks if ":construction:" in str(block))
    assert shown > 5 and f"…and {200 - shown} more engagements." in str(board.blocks)


def test_the_scorecard_at_200_engagements(slack, bot, emulator) -> None:
    seed_long(bot.database_url, emulator.team_id, 200)
    card = slack.slash("/scorecard", f"<@{MARIA}|maria>", user=OWNER, channel=PROJECT).wait()
    assert "Maria" in card.text, card.text
    assert blocks_text_length(card.blocks) <= MAX_BLOCKS_TEXT and len(card.blocks) <= 50
    assert card.message_problems == []
    assert refused(emulator) == []
