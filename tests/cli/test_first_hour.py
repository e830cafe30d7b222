"""The operator's first hour with `tandem`: each rough edge a newcomer met, as they would meet it."""

from __future__ import annotations

import socket
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.test_cli import tandem

ROOT = Path(__file__).resolve().parents[2]


def test_version_is_the_packaged_one() -> None:
    expected = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    result = tandem("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"tandem {expected}"


def test_dry_run_needs_no_token_and_alembic_stays_quiet(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}"}
    dry = tandem("jobs", "run-due", "--dry-run", "--now", "2026-12-07T10:00:00+00:00", env=env)
    assert dry.returncode == 0, dry.stderr
    assert dry.stderr == ""  # no "SLACK_BOT_TOKEN is not set", no alembic "Context impl" lines
    # Posting for real still needs the token.
    real = tandem("jobs", "run-due", env=env)
    assert real.returncode == 2 and "SLACK_BOT_TOKEN" in real.stderr


def urls(node: Any) -> Iterator[str]:
    """Every value under a key naming a URL, anywhere in the manifest."""
    if isinstance(node, dict):
        for key, value in node.items():
            if "url" in key and isinstance(value, str):
                yield value
            yield from urls(value)
    elif isinstance(node, list):
        for value in node:
            yield from urls(value)


def test_socket_mode_manifest_has_no_request_urls() -> None:
    http = yaml.safe_load(tandem("manifest", "--url", "https://bot.example.org").stdout)
    assert len(list(urls(http))) >= 3  # the check below can see URLs where there are some
    result = tandem("manifest", "--socket-mode")
    assert result.returncode == 0
    manifest = yaml.safe_load(result.stdout)
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert list(urls(manifest)) == []
    # Nor the placeholder host anywhere (the OAuth redirect included: Add to Slack is HTTP only).
    assert [line for line in result.stdout.splitlines()
            if "tandem.example.com" in line and not line.startswith("#")] == []
    assert "redirect_urls" not in manifest["oauth_config"]
    # The rest is intact: every command, the events and interactivity.
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == \
        [c["command"] for c in http["features"]["slash_commands"]]
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == \
        http["settings"]["event_subscriptions"]["bot_events"]
    assert manifest["settings"]["interactivity"] == {"is_enabled": True}


@pytest.mark.parametrize("url", ["http://bot.example.org", "bot.example.org", "https://"])
def test_manifest_refuses_a_url_without_https(url: str) -> None:
    result = tandem("manifest", "--url", url)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tandem manifest: --url must be")
    assert "https://tandem.example.org" in lines[0] and repr(url) in lines[0]


def test_manifest_refuses_socket_mode_with_a_url() -> None:
    result = tandem("manifest", "--socket-mode", "--url", "https://bot.example.org")
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tandem manifest: ") and "not both" in lines[0]


def test_doctor_without_settings_fails_each_check_and_creates_nothing(tmp_path: Path) -> None:
    result = tandem("doctor", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "FAIL  settings", "FAIL  settings", "FAIL  database", "FAIL  slack auth.test", "FAIL  slack scopes"]
    assert "SLACK_BOT_TOKEN" in lines[0] and "SLACK_SIGNING_SECRET" in lines[1]
    assert "tandem db upgrade" in lines[2]
    assert list(tmp_path.iterdir()) == []  # no tandem.db left behind


def test_doctor_with_add_to_slack_settings_and_no_database_creates_none(tmp_path: Path) -> None:
    env = {"SLACK_CLIENT_ID": "1234567890.1234567890123", "SLACK_CLIENT_SECRET": "0123456789abcdef0123456789abcdef",
           "SLACK_SIGNING_SECRET": "s", "TANDEM_ENCRYPTION_KEY": "MaRwZb_p81yP5hdvhUUi1vCb5wSR42zUJaoINjk_RE8="}
    result = tandem("doctor", env=env, cwd=tmp_path)
    assert result.returncode == 1
    fails = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert [line.split(":")[0] for line in fails] == ["FAIL  database", "FAIL  slack installations"]
    assert "no database file at tandem.db" in fails[1]
    assert list(tmp_path.iterdir()) == []  # no tandem.db left behind


def test_doctor_reports_a_bad_setting_and_goes_on(tmp_path: Path) -> None:
    env = {"TANDEM_DEFAULT_TIMEZONE": "Mars/Base", "PORT": "99999", "SLACK_BOT_TOKEN": "xoxb-t",
           "SLACK_SIGNING_SECRET": "s", "DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}",
           "SLACK_API_URL": "http://127.0.0.1:9/api/"}
    result = tandem("doctor", env=env, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    fails = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert any("TANDEM_DEFAULT_TIMEZONE" in line for line in fails)
    assert any("PORT" in line for line in fails)
    assert any(line.startswith("FAIL  database") for line in fails)
    assert any(line.startswith("FAIL  slack auth.test") for line in fails)
    assert not (tmp_path / "none.db").exists()


def test_export_of_a_missing_database_says_so_and_creates_nothing(tmp_path: Path) -> None:
    result = tandem("export", "--out", str(tmp_path / "out"), env={"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    assert result.returncode == 1
    assert "no database at" in result.stderr and "x.db" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [("forget", "U0123ABCD", "--yes"), ("forget", "--team", "T0123ABCD", "--yes"),
                                  ("rotate-key",)])
def test_forget_and_rotate_key_on_a_missing_database_say_so_and_create_nothing(args: tuple[str, ...],
                                                                              tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
           "TANDEM_ENCRYPTION_KEY": "MaRwZb_p81yP5hdvhUUi1vCb5wSR42zUJaoINjk_RE8=",
           "TANDEM_NEW_ENCRYPTION_KEY": "aAhs0vkYATwQkiHymcKPhQM4MOSNNDz-TAFoPYVJYJ4="}
    result = tandem(*args, env=env, cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"tandem {args[0]}: there is no database at "), result.stderr
    assert "x.db" in lines[0] and "DATABASE_URL" in lines[0]
    assert list(tmp_path.iterdir()) == []  # no empty tandem.db, no migrated one


def test_export_of_an_unknown_contractor_or_team_matches_nobody(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}"}
    assert tandem("db", "upgrade", env=env).returncode == 0
    out = tmp_path / "out"
    nobody = tandem("export", "--contractor", "U999", "--out", str(out), env=env)
    assert nobody.returncode == 1
    assert "U999 matched nobody" in nobody.stderr and not out.exists()
    team = tandem("export", "--team", "T999", "--out", str(out), env=env)
    assert team.returncode == 1
    assert "T999 matched no workspace" in team.stderr and not out.exists()


@pytest.mark.parametrize("args", [("upgrade", "9999"), ("downgrade", "9999"), ("downgrade", "0001")])
def test_db_with_a_revision_it_cannot_reach_is_one_line(args: tuple[str, ...], tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}"}  # an empty database: 0001 is not behind it
    result = tandem("db", *args, env=env)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tandem db: "), result.stderr
    assert "tandem db current" in lines[0]


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("0.0.0.0", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.mark.parametrize("verb", ["serve", "sandbox"])
def test_a_busy_port_is_one_tandem_line(verb: str, taken_port: int, tmp_path: Path) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_SIGNING_SECRET": "s", "DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}",
           "SLACK_API_URL": "http://127.0.0.1:9/api/"}
    result = tandem(verb, "--port", str(taken_port), env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"tandem {verb}: port {taken_port} is already in use")
    assert f"--port {taken_port + 1}" in lines[0]
