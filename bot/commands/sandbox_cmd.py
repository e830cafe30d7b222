"""`tandem sandbox`: try Tandem in the browser with no Slack workspace, tokens or public URL."""

from __future__ import annotations

import argparse
import signal
import threading
import webbrowser

from bot.config import Settings


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register `tandem sandbox`."""
    parser = verbs.add_parser(
        "sandbox",
        help="a local Slack in the browser, with the real bot in it",
        description="Start a local Slack workspace (people, channels, the Tandem app) and the real "
        "bot in one process, and serve it at http://localhost:PORT/. It uses its own database "
        "(tandem-sandbox.db, recreated on each start) and never reaches the internet.",
    )
    parser.add_argument("--port", type=int, default=3000, help="port of the page (default 3000)")
    parser.add_argument("--open", action="store_true", help="open the page in a web browser")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve until Ctrl-C; the Slack settings in .env are ignored on purpose."""
    from bot.sandbox import Sandbox  # the emulator and the page load only for this command

    try:
        sandbox = Sandbox(port=args.port).start()
    except OSError as error:
        print(f"tandem sandbox: cannot listen on port {args.port} ({error}); try --port 3001")
        return 2
    print(f"Tandem sandbox: {sandbox.url}  (Ctrl-C to stop)", flush=True)
    if args.open:
        webbrowser.open(sandbox.url)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    finally:
        sandbox.stop()
    return 0
