"""The scheduled duties: each is one sweep in its own module; jobs.schedule shows the whole schedule.

The entry points (`tandem serve`, `tandem jobs`, the sandbox) use `run_due` (every duty once, for an
instant), `build_scheduler` (one APScheduler job per duty) and `jobs.leader` (one scheduler per
deployment); nothing else in `bot/` imports `jobs/`.
"""

from __future__ import annotations

from jobs.schedule import DUTIES, run_due
from jobs.scheduler import build_scheduler

__all__ = ["DUTIES", "build_scheduler", "run_due"]
