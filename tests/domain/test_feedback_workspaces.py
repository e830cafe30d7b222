"""A rating finds its own workspace's feedback row, even when another workspace's prompt has the same ts.

A Slack ts is unique within one channel only: two workspaces' prompts, in their own DMs, may carry the
same one. The rating used to look its Feedback row up by ts alone and wrote onto the other workspace's.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import migrate
from bot.db.models import Base, Engagement, Feedback
from bot.db.session import make_engine
from tests.security.test_forget import TEAM, seed

TEAM_1, TEAM_2 = "T0000000001", "T0000000002"


def test_each_workspace_rates_its_own_prompt_when_both_share_a_ts(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    for team in (TEAM_1, TEAM_2):  # the same history in both, each in its own DMs, prompts at the same ts
        with Session(engine) as session, session.begin():
            seed(session, dm=f"D{team[-3:]}MARIA", owner_dm=f"D{team[-3:]}OWNER")
            for table in Base.metadata.sorted_tables:
                if "team_id" in table.c:
                    session.execute(table.update().where(table.c.team_id == TEAM).values(team_id=team))
    with Session(engine) as session:
        rows = session.execute(select(Engagement.team_id, Feedback.prompt_ts, Feedback.comment)
                               .join(Engagement, Feedback.engagement_id == Engagement.id)
                               .order_by(Engagement.team_id)).all()
    engine.dispose()
    assert [(team, ts) for team, ts, _ in rows] == [(TEAM_1, "1762095600.000300"), (TEAM_2, "1762095600.000300")]
    assert all(comment for _, _, comment in rows)
