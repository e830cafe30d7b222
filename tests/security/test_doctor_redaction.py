"""`tandem doctor` output is pasted into tickets: URLs show their user and host, never the password."""

from __future__ import annotations

from pathlib import Path

from bot.emulator.server import SlackEmulator
from bot.text.urls import redact, redact_url
from tests.test_cli import tandem

API_PASSWORD = "api-pw-5f2e9c"
DB_PASSWORD = "db-pw-81d0aa"


def with_password(url: str, user: str, password: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{user}:{password}@{rest}"


def test_doctor_shows_the_urls_without_their_passwords(tmp_path: Path) -> None:
    with SlackEmulator(bot_token="xoxb-good", signing_secret="s") as emulator:
        api_url = with_password(emulator.api_url, "proxyuser", API_PASSWORD)
        env = {
            "SLACK_API_URL": api_url,
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_BOT_TOKEN": "xoxb-good",
            # Nothing listens on port 1: the database check fails, with the URL at hand.
            "DATABASE_URL": f"postgresql://tandem:{DB_PASSWORD}@127.0.0.1:1/tandem",
        }
        result = tandem("doctor", env=env, cwd=tmp_path)
    output = result.stdout + result.stderr
    assert "PASS  settings" in output, output
    assert API_PASSWORD not in output and DB_PASSWORD not in output, output
    assert "proxyuser:***@127.0.0.1" in output and "tandem:***@127.0.0.1:1/tandem" in output


def test_a_failing_check_is_redacted_too(tmp_path: Path) -> None:
    # No emulator: the Slack checks fail and their errors may quote the URL.
    env = {
        "SLACK_API_URL": f"http://robot:{API_PASSWORD}@127.0.0.1:1/api/",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_BOT_TOKEN": "xoxb-good",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'd.db'}",
    }
    result = tandem("doctor", env=env, cwd=tmp_path)
    assert result.returncode == 1 and "FAIL  slack auth.test" in result.stdout
    assert API_PASSWORD not in result.stdout + result.stderr


def test_redaction_keeps_what_helps_and_hides_what_does_not() -> None:
    assert redact_url("https://user:secret@host:8443/api/") == "https://user:***@host:8443/api/"
    assert redact_url("postgresql+psycopg://me:p%40ss@db/t") == "postgresql+psycopg://me:***@db/t"
    assert redact_url("https://slack.com/api/") == "https://slack.com/api/"
    assert redact_url("sqlite:////var/lib/tandem.db") == "sqlite:////var/lib/tandem.db"
    assert redact("failed: mysql://a:b@c/d and https://x:y@z/") == "failed: mysql://a:***@c/d and https://x:***@z/"
