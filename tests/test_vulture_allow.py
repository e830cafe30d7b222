"""The dead-code check's allow-list names only things that exist."""

from __future__ import annotations

import runpy
from pathlib import Path

ALLOW = Path(__file__).resolve().parents[1] / "scripts" / "vulture_allow.py"


def test_every_allowed_name_exists() -> None:
    runpy.run_path(str(ALLOW))  # an AttributeError here names the entry to delete
