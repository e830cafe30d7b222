"""Bulk-seed a migrated database: many workspaces, owners, contractors, engagements and tasks.

Inserted in bulk (not the Slack path): COPY on PostgreSQL, executemany in chunks on SQLite. 100,000
engagements (610,000 rows with their people and tasks) take seconds; the benchmarks measure reading
them, not creating them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert

from bot.db.models import Contractor, Engagement, Person, Task

T0 = datetime(2026, 1, 1, tzinfo=UTC)
DUE_AT, LATER = time(10, 0), time(15, 0)


@dataclass(frozen=True)
class Shape:
    """What to seed: sizes, and how engagements map to channels."""

    engagements: int
    workspaces: int = 50
    owners_per_workspace: int = 10
    due: int = 0  # engagements whose check-in is at 10:00 UTC (the rest at 15:00)
    channels: int | None = None  # None: one channel per engagement
    tasks_per_engagement: int = 3
    start_on: date = date(2026, 1, 1)
    # The first `in_zone` engagements have their contractor in `zone`, checking in at `zone_time` local
    # time, `zone_per_channel` of a workspace's engagements sharing a channel (issue 15's Monday 09:00).
    in_zone: int = 0
    zone: str = "Europe/Berlin"
    zone_time: time = time(9, 0)
    zone_per_channel: int = 1


def team(w: int) -> str:
    return f"T{w:04d}"


def owner(w: int, o: int) -> str:
    return f"U{w:03d}OWN{o:03d}"


def contractor(index: int) -> str:
    return f"U{index:07d}C"


def channel_of(shape: Shape, index: int) -> str:
    """A channel per engagement, or `channels` channels with consecutive engagements sharing one; the
    zone's engagements share theirs `zone_per_channel` at a time within their workspace."""
    if index < shape.in_zone and shape.zone_per_channel > 1:
        return f"CZ{index % shape.workspaces:05d}{index // shape.workspaces // shape.zone_per_channel:04d}"
    if shape.channels is None:
        return f"C{index:07d}"
    per = max(1, shape.engagements // shape.channels)
    return f"C{min(index // per, shape.channels - 1):07d}"


def seed(engine: Engine, shape: Shape) -> None:
    """Insert the whole shape; engagement i lives in workspace i % workspaces."""
    stamp = {"created_at": T0, "updated_at": T0}
    everyday = {"tz": "UTC", "country": None, "work_days": "1234567", "work_start": time(0), "work_end": time(23, 59)}
    owners, people, contractors, engagements, tasks = [], [], [], [], []
    for w in range(shape.workspaces):
        for o in range(shape.owners_per_workspace):
            owners.append({"id": len(owners) + 1, "team_id": team(w), "user_id": owner(w, o), "name": f"owner {o}",
                           **everyday, **stamp})
    for i in range(shape.engagements):
        w = i % shape.workspaces
        person_id = len(owners) + i + 1
        zoned = i < shape.in_zone
        people.append({"id": person_id, "team_id": team(w), "user_id": contractor(i), "name": f"contractor {i}",
                       **everyday, **({"tz": shape.zone} if zoned else {}), **stamp})
        contractors.append({"id": i + 1, "team_id": team(w), "person_id": person_id, **stamp})
        owner_id = w * shape.owners_per_workspace + (i // shape.workspaces) % shape.owners_per_workspace + 1
        engagements.append({
            "id": i + 1, "team_id": team(w), "owner_id": owner_id, "contractor_id": i + 1,
            "channel_id": channel_of(shape, i), "title": f"Project {i}", "objectives": "o", "deliverables": "d",
            "start_on": shape.start_on, "deadline": shape.start_on + timedelta(days=3650),
            "checkin_days": "1234567", "sla_hours": 8,
            "checkin_time": shape.zone_time if zoned else DUE_AT if i < shape.due else LATER,
            "payment_terms_days": 14, "feedback_every_days": 14, "trial": False, "confidential": False,
            "contingency": "", "status": "active", **stamp,
        })
        for n in range(shape.tasks_per_engagement):
            tasks.append({"engagement_id": i + 1, "number": n + 1, "title": f"Task {n + 1}", "status": "open",
                          "due_on": shape.start_on + timedelta(days=30 * n), "blocked_reason": "", "created_by": "",
                          **stamp})
    with engine.begin() as connection:
        for model, rows in ((Person, owners + people), (Contractor, contractors), (Engagement, engagements),
                            (Task, tasks)):
            insert_all(connection, model, rows)
        if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in ("people", "contractors", "engagements"):
                connection.exec_driver_sql(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")


def insert_all(connection: Connection, model: type, rows: list[dict[str, Any]]) -> None:
    """COPY on PostgreSQL (~10x executemany at 100,000 engagements), executemany in chunks elsewhere."""
    if not rows:
        return
    if connection.dialect.name != "postgresql":
        for start in range(0, len(rows), 5000):
            connection.execute(insert(model), rows[start:start + 5000])
        return
    table = model.__table__  # type: ignore[attr-defined]
    # The model's Python-side defaults, which an INSERT through SQLAlchemy would have filled in.
    defaults = {c.key: c.default.arg for c in table.columns
                if c.key not in rows[0] and c.default is not None and c.default.is_scalar}
    rows = [row | defaults for row in rows] if defaults else rows
    names = list(rows[0])
    columns = ", ".join(f'"{table.c[name].name}"' for name in names)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[name] for name in names])


def seed_emulator(emu: Any, shape: Shape) -> None:
    """The seeded owners, contractors and channels in the emulator, so the worker's posts land as in Slack.

    Without them every DM and channel post is refused (user_not_found, channel_not_found) and the
    worker's tick measures failed posts rather than delivered ones.
    """
    for w in range(shape.workspaces):
        for o in range(shape.owners_per_workspace):
            emu.add_user(owner(w, o), name=f"owner-{w}-{o}", real_name=f"Owner {o}", tz="UTC")
    members: dict[str, list[str]] = {}
    for i in range(shape.engagements):
        w = i % shape.workspaces
        emu.add_user(contractor(i), name=f"contractor-{i}", real_name=f"Contractor {i}", tz="UTC")
        members.setdefault(channel_of(shape, i), []).extend(
            [owner(w, (i // shape.workspaces) % shape.owners_per_workspace), contractor(i)])
    for channel_id, people in members.items():
        emu.add_channel(channel_id, name=f"project-{channel_id.lower()}", members=people)
