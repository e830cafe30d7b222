"""The id sweep of `forget` on a table it does not know: JSON columns (message metadata) and free text."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, Text, create_engine, insert, select
from sqlalchemy.orm import Session

from bot.domain.privacy import forget


def test_ids_are_replaced_inside_json_and_names_reported_not_changed() -> None:
    metadata = MetaData()
    notes = Table("notes", metadata, Column("id", Integer, primary_key=True), Column("team_id", String(32)),
                  Column("meta", JSON), Column("body", Text))
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with Session(engine) as session:
        session.execute(insert(notes), [
            {"id": 1, "team_id": "T1", "meta": {"event_payload": {"user": "U0MARIA", "dm": "D0MARIA"}},
             "body": "ask Maria Quintero or <@U0MARIA|maria>"},
            {"id": 2, "team_id": "T1", "meta": {"user": "U0MARIAX"}, "body": "nothing about her"},
        ])
        result = forget.Erasure(alias="forgotten-abc")
        forget.scrub_table(session, notes, [], ["U0MARIA", "D0MARIA"],
                           forget.id_patterns("U0MARIA", ["D0MARIA"], "forgotten-abc"),
                           [("Maria Quintero", "name")], result)
        rows = {r.id: (r.meta, r.body) for r in session.execute(select(notes))}
    assert rows[1] == ({"event_payload": {"user": "forgotten-abc", "dm": "forgotten-abc-dm"}},
                       "ask Maria Quintero or <@forgotten-abc>")
    assert rows[2] == ({"user": "U0MARIAX"}, "nothing about her"), "another id that starts the same is not hers"
    assert [(m.table, m.column, m.row, m.term) for m in result.mentions] == [
        ("notes", "body", "1", "mention"), ("notes", "body", "1", "name")]
    assert result.erased == {"notes.meta": 1, "notes.body": 1}
