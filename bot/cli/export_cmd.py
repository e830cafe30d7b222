"""`tandem export`: every table of a workspace (or one contractor's history) as CSV or JSON files."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from bot.cli.progress import Progress
from bot.config import Settings
from bot.db import presence
from bot.domain.privacy import export, export_scope
from bot.runtime import Runtime

PROGRESS_EVERY = 500
# A cell starting with one of these is read as a formula by spreadsheets (CSV injection); OWASP's advice
# is to prefix it with a single quote, which shows the text as typed and runs nothing.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register `tandem export`."""
    parser = verbs.add_parser(
        "export", help="export the data to CSV or JSON files",
        description="Write one file per table (CSV with a header row, or JSON) that a spreadsheet can read: "
        "times in ISO 8601 UTC, money in minor units plus a formatted column.",
    )
    parser.add_argument("--team", help="only this workspace (team id, e.g. T0123)")
    parser.add_argument("--contractor", help="only this contractor's history (Slack user id, e.g. U0123)")
    parser.add_argument("--include-private", action="store_true",
                        help="with --contractor: also the owner's private data (payments, budget, rates, "
                        "unshared ratings, contingency plan)")
    parser.add_argument("--since", type=date.fromisoformat, help="from this date (YYYY-MM-DD, UTC, inclusive)")
    parser.add_argument("--until", type=date.fromisoformat, help="up to this date (YYYY-MM-DD, UTC, inclusive)")
    parser.add_argument("--format", choices=("csv", "json"), default="csv", help="file format (default: csv)")
    parser.add_argument("--out", type=Path, default=Path("tandem-export"),
                        help="directory to write (default: ./tandem-export)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Export table by table in one read-only session, with a progress bar on stderr."""
    scope = export.Scope(args.team, (args.contractor or "").strip("<@>") or None, args.since, args.until,
                         include_private=args.include_private)
    absent = presence.missing(settings.database_url)
    if absent is not None:  # connecting would create an empty database and export its empty tables
        print(f"tandem export: there is no database at {absent}; set DATABASE_URL to Tandem's database "
              f"(e.g. DATABASE_URL=sqlite:///path/to/tandem.db). Nothing was written.", file=sys.stderr)
        return 1
    runtime = Runtime.build(settings)
    with runtime.sessions() as session:
        nobody = export_scope.unmatched(session, scope)
        if nobody:
            print(f"tandem export: {nobody}. Nothing was written.", file=sys.stderr)
            runtime.engine.dispose()
            return 1
        args.out.mkdir(parents=True, exist_ok=True)
        plans = export.plans(session, scope)
        progress = Progress(sum(export.count(session, p) for p in plans), sys.stderr)
        written = {}
        for plan in plans:
            path = args.out / f"{plan.table.name}.{args.format}"
            with path.open("w", encoding="utf-8", newline="") as stream:
                rows = counted(export.rows(session, plan), progress, plan.table.name)
                write = write_csv if args.format == "csv" else write_json
                written[plan.table.name] = write(stream, plan.columns, rows)
        progress.finish()
    runtime.engine.dispose()
    for name, total in written.items():
        print(f"{name}: {total} rows")
    print(f"Wrote {len(written)} {args.format.upper()} files to {args.out}/")
    return 0


def counted(rows: Iterator[dict[str, Any]], progress: Progress, label: str) -> Iterator[dict[str, Any]]:
    """Pass rows through, advancing the bar every few hundred."""
    pending = 0
    for row in rows:
        pending += 1
        if pending == PROGRESS_EVERY:
            progress.advance(pending, label)
            pending = 0
        yield row
    progress.advance(pending, label)


def write_csv(stream: TextIO, columns: list[str], rows: Iterator[dict[str, Any]]) -> int:
    """A header row, then one line per row (empty cells for nulls, formulas neutralised)."""
    writer = csv.DictWriter(stream, fieldnames=columns)
    writer.writeheader()
    total = 0
    for row in rows:
        writer.writerow({name: neutralised(value) for name, value in row.items()})
        total += 1
    return total


def neutralised(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, made plain text with a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_json(stream: TextIO, columns: list[str], rows: Iterator[dict[str, Any]]) -> int:
    """A JSON array of objects, written row by row so a large table never sits in memory."""
    stream.write("[")
    total = 0
    for row in rows:
        stream.write(("," if total else "") + "\n  " + json.dumps(row, ensure_ascii=False))
        total += 1
    stream.write("\n]\n" if total else "]\n")
    return total
