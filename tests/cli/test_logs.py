"""LOG_FORMAT=json: one JSON object per line (ts, level, logger, message, extras), tokens never written."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from tests.test_cli import tandem

EMIT = """
import logging, sys
from bot.config import Settings
Settings.from_env().apply_logging()
log = logging.getLogger("bot.example")
log.warning("posting with %s failed", "xoxb-123-456-abcdef", extra={"team_id": "T1", "seconds": 0.25,
            "note": "token xapp-1-A0-99-ff"})
try:
    raise ValueError("token xoxb-999-secret in an error")
except ValueError:
    log.exception("sweep failed")
"""


def emit(log_format: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", EMIT], capture_output=True, text=True, timeout=60,
                            env={"LOG_FORMAT": log_format, "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return result.stderr.splitlines()


def test_json_lines_carry_the_fields_and_extras_and_no_token() -> None:
    lines = emit("json")
    first = json.loads(lines[0])
    assert {k: first[k] for k in ("level", "logger", "message", "team_id", "seconds")} == {
        "level": "WARNING", "logger": "bot.example", "message": "posting with xoxb-… failed",
        "team_id": "T1", "seconds": 0.25}
    assert first["note"] == "token xapp-…"
    assert datetime.fromisoformat(first["ts"]).utcoffset().total_seconds() == 0
    second = json.loads(lines[1])  # the traceback stays inside its line's object
    assert len(lines) == 2 and second["message"] == "sweep failed" and "ValueError" in second["exc"]
    everything = "\n".join(lines)
    assert "123-456" not in everything and "999-secret" not in everything and "A0-99" not in everything


def test_plain_text_stays_the_default() -> None:
    lines = emit("")
    assert " WARNING bot.example: posting with xoxb-… failed" in lines[0]
    assert not lines[0].startswith("{")


ROTATING = """
import logging
from bot.config import Settings
Settings.from_env().apply_logging()
logging.getLogger("slack_sdk.web.base_client").warning(
    "body_params: {'grant_type': 'refresh_token', 'refresh_token': 'xoxe-1-My0xLTIy_Qk5hX2Zk-c2Vj/cmV0+dA=='}, "
    "answer: {\\"access_token\\": \\"xoxe.xoxb-1-MS0yLTIy_b3Rh-dGlvbg\\"}")
"""


def test_rotating_tokens_are_cut_whole_whatever_base64_they_carry() -> None:
    """Slack's refresh (xoxe-1-...) and rotating access tokens (xoxe.xoxb-1-...) carry base64, `_` and `/` too."""
    for log_format in ("text", "json"):
        result = subprocess.run([sys.executable, "-c", ROTATING], capture_output=True, text=True, timeout=60,
                                env={"LOG_FORMAT": log_format, "PATH": "/usr/bin:/bin"})
        assert result.returncode == 0, result.stderr
        for secret in ("Qk5hX2Zk", "c2Vj", "cmV0", "dA==", "b3Rh", "dGlvbg"):
            assert secret not in result.stderr, (log_format, result.stderr)
        assert "'refresh_token': 'xoxe-…'" in result.stderr


def test_every_line_a_real_command_logs_is_json(tmp_path: Path) -> None:
    result = tandem("db", "upgrade", env={"DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}", "LOG_FORMAT": "json",
                                          "LOG_LEVEL": "DEBUG"})
    assert result.returncode == 0
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert any(r["logger"].startswith("alembic") and r["level"] == "INFO" for r in records)  # DEBUG shows them


def test_an_unknown_log_format_is_one_line() -> None:
    result = tandem("db", "current", env={"LOG_FORMAT": "xml"})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "LOG_FORMAT='xml'" in result.stderr
