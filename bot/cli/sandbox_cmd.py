"""`tandem sandbox`: try Tandem in the browser with no Slack workspace, tokens or public URL."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
import urllib.request
import webbrowser

from bot import ports
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


def _answers(url: str, within: float = 30.0) -> bool:
    """Whether the page answers GET / within `within` seconds (the URL is printed only then)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own localhost page
                return response.status == 200
        except OSError:
            time.sleep(0.2)
    return False


def alternative(port: int) -> int:
    """A port to suggest instead of a busy one: the next one up (3000 -> 3001)."""
    return port + 1 if port < 65535 else 3001


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve until Ctrl-C or SIGTERM; the Slack settings in .env are ignored on purpose.

    Both signals are handled explicitly: a shell starts a background job (`tandem sandbox &`)
    with SIGINT ignored, and Python then never raises KeyboardInterrupt, so Ctrl-C after `fg`
    or `kill -INT` did nothing.
    """
    problem = ports.busy("127.0.0.1", args.port)
    if problem:
        print(f"tandem sandbox: {problem}; try another, e.g. tandem sandbox --port {alternative(args.port)}",
              file=sys.stderr)
        return 2
    print("Tandem sandbox: starting the Slack emulator, the bot and a fresh database…", flush=True)
    from bot.sandbox import Sandbox  # the emulator and the page load only for this command

    try:
        sandbox = Sandbox(port=args.port).start()
    except OSError as error:
        print(f"tandem sandbox: cannot listen on port {args.port} ({error}); try --port 3001")
        return 2
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        if not _answers(sandbox.url):
            print(f"tandem sandbox: the page at {sandbox.url} does not answer; stopping")
            return 1
        print(f"Tandem sandbox is ready: {sandbox.url}  (Ctrl-C to stop)", flush=True)
        if args.open:
            webbrowser.open(sandbox.url)
        while not stop.wait(0.5):  # a timed wait lets the handlers run promptly
            pass
        print("Tandem sandbox: stopping…", flush=True)
    finally:
        sandbox.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("Tandem sandbox: stopped.", flush=True)
    return 0
