"""OAuth mode's settings: on with the client id and secret, and `tandem serve` names what else it needs."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from bot.secrets import generate_key
from tests.security.test_forget import run_cli

CLIENT = {"SLACK_CLIENT_ID": "1234567890.1234567890123", "SLACK_CLIENT_SECRET": "0123456789abcdef0123456789abcdef"}


def test_oauth_mode_needs_both_client_settings() -> None:
    assert Settings.from_env(CLIENT).oauth_mode
    assert not Settings.from_env({"SLACK_CLIENT_ID": CLIENT["SLACK_CLIENT_ID"]}).oauth_mode
    assert not Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1"}).oauth_mode


def test_serve_in_oauth_mode_names_every_missing_or_conflicting_setting(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    refused = run_cli(url, "serve", env={**CLIENT, "SLACK_BOT_TOKEN": "xoxb-left-over"})
    assert refused.returncode == 2
    assert "SLACK_SIGNING_SECRET" in refused.stderr and "TANDEM_ENCRYPTION_KEY is not set" in refused.stderr
    assert "SLACK_BOT_TOKEN must be unset" in refused.stderr and "xoxb-left-over" not in refused.stderr
    assert not (tmp_path / "tandem.db").exists()  # refused before touching the database
    ok = Settings.from_env({**CLIENT, "SLACK_SIGNING_SECRET": "s", "TANDEM_ENCRYPTION_KEY": generate_key()})
    assert ok.missing_for_serving() == []


def test_half_the_client_settings_names_the_other_half_not_the_bot_token(tmp_path: Path) -> None:
    for given, absent in (("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"), ("SLACK_CLIENT_SECRET", "SLACK_CLIENT_ID")):
        refused = run_cli(f"sqlite:///{tmp_path / 'tandem.db'}", "serve",
                          env={given: CLIENT[given], "SLACK_SIGNING_SECRET": "s"})
        assert refused.returncode == 2
        items = [line for line in refused.stderr.splitlines() if line.startswith("  - ")]
        assert len(items) == 1 and items[0].startswith(f"  - {absent} (") and given in items[0], refused.stderr
        assert "SLACK_BOT_TOKEN" in items[0]  # the other way out: one workspace's token
    assert not (tmp_path / "tandem.db").exists()


def test_doctor_says_missing_only_of_what_is_missing(tmp_path: Path) -> None:
    doctor = run_cli(f"sqlite:///{tmp_path / 'tandem.db'}", "doctor",
                     env={**CLIENT, "SLACK_SIGNING_SECRET": "s", "TANDEM_ENCRYPTION_KEY": "short"})
    assert doctor.returncode == 1
    [line] = [line for line in doctor.stdout.splitlines() if line.startswith("FAIL  settings")]
    assert line.startswith("FAIL  settings: TANDEM_ENCRYPTION_KEY is not URL-safe base64"), line
