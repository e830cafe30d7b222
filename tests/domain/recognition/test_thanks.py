"""Thanks: recorded with their channel and engagement; never to oneself, never without a reason."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db.models import Thanks
from bot.domain.errors import DomainError
from bot.domain.recognition import thanks
from tests.domain.conftest import MARIA, NOW, OWNER, TEAM


def record(session, engagement=None, frm=OWNER, to=MARIA, reason="for shipping"):  # type: ignore[no-untyped-def]
    return thanks.record(session, team_id=TEAM, channel_id="C0PROJECT", from_user=frm, to_user=to,
                         reason=reason, engagement=engagement, now=NOW)


def test_thanks_are_recorded_with_their_engagement(session, engagement) -> None:
    row = record(session, engagement, reason="  for shipping the homepage ")
    assert (row.engagement_id, row.from_user, row.to_user, row.reason, row.channel_id, row.created_at) == (
        engagement.id, OWNER, MARIA, "for shipping the homepage", "C0PROJECT", NOW)


def test_thanks_outside_an_engagement(session) -> None:
    assert record(session).engagement_id is None


@pytest.mark.parametrize(("frm", "to", "reason", "message"), [
    (MARIA, MARIA, "for me", "yourself"),
    (OWNER, MARIA, "   ", "what you are thanking"),
    (OWNER, MARIA, "for", "what you are thanking"),
    (OWNER, MARIA, "x" * 1001, "under 1000"),
])
def test_refusals_change_nothing(session, frm, to, reason, message) -> None:
    with pytest.raises(DomainError, match=message) as raised:
        record(session, frm=frm, to=to, reason=reason)
    assert raised.value.example == thanks.EXAMPLE
    assert session.scalars(select(Thanks)).all() == []
