"""`tandem serve` with LOG_FORMAT=json: every line the server writes (gunicorn's too) is one JSON object."""

from __future__ import annotations

import json

from bot.emulator.driver import SlackDriver
from tests.e2e.conftest import OWNER, PROJECT, SIGNING_SECRET, start_server, stop_server


def test_every_line_of_the_served_log_is_json_and_holds_no_body(emulator, tmp_path) -> None:  # type: ignore[no-untyped-def]
    server = start_server(f"sqlite:///{tmp_path / 'json.db'}", emulator, tmp_path, {"LOG_FORMAT": "json"})
    try:
        slack = SlackDriver(emulator, bot_url=server.url + "/slack/events", signing_secret=SIGNING_SECRET)
        assert slack.slash("/task", "help", user=OWNER, channel=PROJECT).status == 200
        secret_text = "do-not-log-this-body"
        refused = slack.slash("/task", secret_text, user=OWNER, channel=PROJECT, signature="v0=" + "0" * 64)
        assert refused.status == 401
    finally:
        stop_server(server)
    lines = server.log.read_text().splitlines()
    records = [json.loads(line) for line in lines]  # raises on any line that is not one JSON object
    loggers = {r["logger"] for r in records}
    assert "gunicorn.error" in loggers  # gunicorn's own lines went through the JSON handler
    assert any(r["logger"] == "bot.asgi" and "bad signature" in r["message"] for r in records)
    assert secret_text not in server.log.read_text()
    assert all({"ts", "level", "logger", "message"} <= set(r) for r in records)
