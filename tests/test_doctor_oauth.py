"""`tandem doctor` in OAuth mode: the key, the client id's shape, an https redirect, and the installations."""

from __future__ import annotations

from pathlib import Path

from bot.secrets import generate_key
from tests.security.test_forget import run_cli

GOOD = {"SLACK_CLIENT_ID": "1234567890.1234567890123", "SLACK_CLIENT_SECRET": "0123456789abcdef0123456789abcdef",
        "SLACK_SIGNING_SECRET": "signing-secret-of-the-app", "SLACK_REDIRECT_URI":
        "https://tandem.example.org/slack/oauth_redirect"}


def test_doctor_passes_good_oauth_settings_on_a_migrated_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    assert run_cli(url, "db", "upgrade").returncode == 0
    key = generate_key()
    done = run_cli(url, "doctor", env={**GOOD, "TANDEM_ENCRYPTION_KEY": key})
    lines = [line for line in done.stdout.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert "PASS  oauth settings: client id 1234567890.1234567890123, key of 32 bytes" in done.stdout, done.stdout
    assert "PASS  slack installations: no workspace has installed Tandem yet" in done.stdout
    assert not [line for line in lines if line.startswith("FAIL")], done.stdout
    assert key not in done.stdout and GOOD["SLACK_CLIENT_SECRET"] not in done.stdout


def test_doctor_names_every_bad_oauth_setting_in_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    bad = {**GOOD, "SLACK_CLIENT_ID": "my-app", "TANDEM_ENCRYPTION_KEY": "YWJjZA",
           "SLACK_REDIRECT_URI": "http://tandem.example.org/slack/oauth_redirect"}
    done = run_cli(url, "doctor", env=bad)
    [line] = [line for line in done.stdout.splitlines() if line.startswith("FAIL  oauth settings")]
    assert "SLACK_CLIENT_ID does not look like Slack's client id" in line
    assert "TANDEM_ENCRYPTION_KEY decodes to 4 bytes, not 32" in line
    assert "SLACK_REDIRECT_URI must be an https URL" in line
    assert done.returncode == 1
