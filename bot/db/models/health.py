"""What the scheduler last did for each workspace: read by `tandem status` and `/metrics`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UtcDateTime


class WorkspaceHealth(Base):
    """One row per workspace the scheduler has served: its last tick and whether Slack refuses its token.

    The ledger says what is due and what failed; only this says when a worker last looked, which is
    what tells an operator that no scheduler is running at all.
    """

    __tablename__ = "workspace_health"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_tick_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Since when Slack has refused the token serving this workspace (invalid_auth, token_revoked…); None: accepted.
    token_refused_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    token_error: Mapped[str | None] = mapped_column(String(64))


class SweepMark(Base):
    """How far a sweep's once-only bookkeeping has got: the instant of its last complete run.

    The check-in sweep records slots missed beyond the grace window as skipped. Once a run has recorded
    every such slot up to its instant, the next run only has to look back from there: a minute between
    runs instead of two days of slots, 100,000 engagements each. A missing or stale mark only costs time.
    """

    __tablename__ = "sweep_marks"

    sweep: Mapped[str] = mapped_column(String(64), primary_key=True)
    done_through: Mapped[datetime] = mapped_column(UtcDateTime())
