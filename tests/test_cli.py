"""The `tandem` command as a user runs it: help, settings errors, manifest, database, doctor."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.emulator.server import SlackEmulator


def tandem(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "TANDEM_"))}
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=60,
                          env=base | (env or {}), cwd=cwd)


@pytest.mark.parametrize("args", [[], ["serve"], ["db"], ["db", "upgrade"], ["db", "downgrade"], ["doctor"],
                                  ["manifest"], ["jobs"], ["jobs", "run-due"], ["jobs", "run"],
                                  ["export"], ["forget"], ["sandbox"]])
def test_every_command_explains_itself(args: list[str]) -> None:
    result = tandem(*args, "--help")
    assert result.returncode == 0
    assert "usage: tandem" in result.stdout and len(result.stdout) > 150


def test_serve_without_slack_settings_names_what_is_missing(tmp_path: Path) -> None:
    result = tandem("serve", cwd=tmp_path)
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN" in result.stderr and "SLACK_SIGNING_SECRET" in result.stderr
    assert "OAuth & Permissions" in result.stderr and "Traceback" not in result.stderr


def test_invalid_setting_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = tandem("db", "current", env={"TANDEM_DEFAULT_TIMEZONE": "Mars/Base"}, cwd=tmp_path)  # doctor goes on
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "TANDEM_DEFAULT_TIMEZONE" in result.stderr


def test_manifest_fills_in_the_url() -> None:
    result = tandem("manifest", "--url", "https://bot.example.org/")
    manifest = yaml.safe_load(result.stdout)
    assert manifest["settings"]["event_subscriptions"]["request_url"] == "https://bot.example.org/slack/events"
    assert all(c["url"] == "https://bot.example.org/slack/events" for c in manifest["features"]["slash_commands"])


def test_db_upgrade_and_downgrade(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}"}
    up = tandem("db", "upgrade", env=env)
    assert up.returncode == 0 and "Database at 0" in up.stdout  # at the newest revision
    down = tandem("db", "downgrade", "base", env=env)
    assert down.returncode == 0 and "base" in down.stdout


def test_doctor_passes_against_the_emulator_and_fails_on_a_bad_token(tmp_path: Path) -> None:
    with SlackEmulator(bot_token="xoxb-good", signing_secret="s") as emulator:
        env = {"SLACK_API_URL": emulator.api_url, "SLACK_SIGNING_SECRET": "s",
               "DATABASE_URL": f"sqlite:///{tmp_path / 'd.db'}"}
        tandem("db", "upgrade", env=env)
        good = tandem("doctor", env=env | {"SLACK_BOT_TOKEN": "xoxb-good"})
        assert good.returncode == 0, good.stdout
        assert good.stdout.count("PASS") == 4
        bad = tandem("doctor", env=env | {"SLACK_BOT_TOKEN": "xoxb-bad"})
        assert bad.returncode == 1 and "FAIL  slack auth.test" in bad.stdout
