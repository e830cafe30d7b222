"""`python -m bench [--quick] [--only latency,sweep,delivery,memory,scale,monday,workers] [--db postgresql|sqlite]`.

Prints one table per benchmark, each with its ratio against the target measured in the same run.
--quick shrinks the sizes to a smoke test (minutes); the figures in bench/README.md come from a full run.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
from datetime import UTC, datetime

from tests.support.postgres import find_bindir

ALL = ("latency", "sweep", "delivery", "memory", "scale", "monday", "workers")
SCALE = ("scale", "monday", "workers")  # issue 15's, PostgreSQL only (bench/scale.py)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test, not the figures")
    parser.add_argument("--only", default=",".join(ALL), help="comma-separated subset of " + ", ".join(ALL))
    parser.add_argument("--db", choices=("postgresql", "sqlite"),
                        default="postgresql" if find_bindir() else "sqlite",
                        help="database (default: PostgreSQL if installed)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="gunicorn workers (default: cores)")
    parser.add_argument("--threads", type=int, default=4,
                        help="threads per worker (default 4: Tandem's best on 2 cores; see bench/README.md)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the sweeps log every skipped slot; the tables are the output
    chosen = args.only.split(",")
    engagements, requests = (1000, 300) if args.quick else (10_000, 2000)
    print(f"Tandem benchmarks {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}: {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, database {args.db}{' (quick)' if args.quick else ''}\n")
    from bench import common, delivery_rate, latency, memory, scale, sweep_cost
    from bench.seed import Shape

    if "latency" in chosen or "memory" in chosen:
        shape = Shape(engagements=engagements)
        with common.database(args.db, shape) as url, common.emulator() as emu:
            if "latency" in chosen:
                print(latency.run(url, emu, shape, requests, 32, args.workers, args.threads)[0], "\n", flush=True)
            if "memory" in chosen:
                print(memory.run(url, emu, shape, args.workers, args.threads, not args.quick)[0], "\n", flush=True)
    if "sweep" in chosen:
        print(sweep_cost.run(args.db, (100, 1000) if args.quick else (1000, 10_000))[0], "\n", flush=True)
    if "delivery" in chosen:
        print(delivery_rate.run(args.db, *((200, 40) if args.quick else (1000, 200)))[0], "\n", flush=True)
    if any(name in chosen for name in SCALE):
        if args.db != "postgresql":
            print("scale, monday, workers: PostgreSQL only (issue 15's targets); skipped on", args.db)
        else:
            print(scale.run(chosen, args.quick)[0], "\n", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
