"""The baseline: a Bolt app that only acks, served exactly like `tandem serve` (gunicorn gthread).

Run as `python -m bench.bare_app PORT WORKERS THREADS [prompt]` with SLACK_* in the environment;
`prompt` gives it Tandem's listener runner (bot/slack/bolt_compat.py, patch 1), to show how much of the gap
between the two servers is Tandem's own work and how much is Bolt's runner.
"""

from __future__ import annotations

import os
import sys

from gunicorn.app.base import BaseApplication
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.slack import bolt_compat


def build_wsgi(prompt: bool = False):  # type: ignore[no-untyped-def]
    """Bolt with the same signature check and auth as Tandem, and listeners that ack at once."""
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"], process_before_response=False)
    if prompt:
        bolt_compat.install(app)
    for command in ("/checkin", "/task"):
        app.command(command)(lambda ack: ack())
    slack = SlackRequestHandler(app, path="/slack/events")

    def wsgi(environ, start_response):  # type: ignore[no-untyped-def]
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        return slack(environ, start_response)

    return wsgi


class BareServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, port: int, workers: int, threads: int, prompt: bool = False) -> None:
        self.port, self.workers, self.threads, self.prompt = port, workers, threads, prompt
        super().__init__()

    def load_config(self) -> None:
        # The same gunicorn settings as bot/server.py's TandemServer (keep-alive off, one connection per thread).
        for key, value in {"bind": f"127.0.0.1:{self.port}", "workers": self.workers, "threads": self.threads,
                           "worker_class": "gthread", "timeout": 60, "keepalive": 0,
                           "worker_connections": self.threads, "accesslog": None, "loglevel": "warning"}.items():
            self.cfg.set(key, value)

    def load(self):  # type: ignore[no-untyped-def]
        return build_wsgi(self.prompt)


if __name__ == "__main__":
    BareServer(*map(int, sys.argv[1:4]), prompt=sys.argv[4:5] == ["prompt"]).run()
