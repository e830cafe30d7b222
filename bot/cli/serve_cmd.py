"""`tandem serve`: migrate, then answer Slack over HTTP (gunicorn) or Socket Mode, with the scheduler."""

from __future__ import annotations

import argparse
import shutil
import sys

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import ports
from bot.config import Settings
from bot.db import migrate
from bot.observability import metrics
from bot.runtime import Runtime
from bot.server import ServeOptions, serve_http, serve_socket_mode
from bot.text.urls import redact


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register `tandem serve`."""
    parser = verbs.add_parser(
        "serve", help="run the bot",
        description="Run the bot: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP "
        "(POST /slack/events, GET /healthz, GET /metrics for Prometheus). Applies pending migrations first.",
    )
    parser.add_argument("--port", type=int, help="HTTP port (default: $PORT or 3000)")
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0)")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn worker processes (default 1)")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (default 8)")
    parser.add_argument("--no-migrate", action="store_true", help="do not apply pending migrations on start")
    parser.add_argument("--no-scheduler", action="store_true", help="do not run the scheduled duties in this process")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    missing = settings.missing_for_serving()
    if missing:
        print("tandem serve: missing Slack settings (put them in .env or the environment):", file=sys.stderr)
        for item in missing:
            print(f"  - {item}", file=sys.stderr)
        print("See README.md > Create the Slack app; `tandem manifest` prints the app manifest.", file=sys.stderr)
        return 2
    port = args.port or settings.port
    problem = ports.busy(args.host, port)
    if problem:  # before gunicorn, which would retry, log a trace and exit
        print(f"tandem serve: {problem}; stop it, or pick another with --port or PORT (e.g. --port {port + 1})",
              file=sys.stderr)
        return 2
    if not settings.oauth_mode and not token_works(settings):  # OAuth mode: each workspace's token, at install
        return 2
    if not args.no_migrate:
        migrate.upgrade(settings.database_url)
    options = ServeOptions(host=args.host, port=port, workers=args.workers,
                           threads=args.threads, scheduler=not args.no_scheduler)
    runtime = Runtime.build(settings)
    # Before any worker forks: every process writes its metrics where /metrics, in any worker, sums them.
    made = metrics.prepare_multiprocess()
    try:
        if settings.socket_mode:
            serve_socket_mode(runtime, options)
        else:
            serve_http(runtime, options)
    finally:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
    return 0


def token_works(settings: Settings) -> bool:
    """Fail fast, in one line, when Slack rejects the bot token (Bolt would raise a traceback)."""
    try:
        WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10).auth_test()
    except SlackApiError as error:
        print(f"tandem serve: Slack rejected SLACK_BOT_TOKEN ({error.response.get('error')}); "
              "copy the Bot User OAuth Token again from your app's OAuth & Permissions page.", file=sys.stderr)
        return False
    except Exception as error:  # noqa: BLE001 - network errors of every kind end the same way
        print(redact(f"tandem serve: cannot reach the Slack API at {settings.slack_api_url} ({error})."),
              file=sys.stderr)
        return False
    return True
