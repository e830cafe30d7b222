"""A SlackEmulator in a child process, for measurements where it must not share the bot's interpreter.

Real Slack is a remote service. A benchmark that serves the emulator from its own process measures
the bot's sending, not the emulator competing with it for one interpreter lock (the GIL). The
parent sets the workspace up and reads what happened through a pipe: the SlackEmulator methods
named in CALLS, with their arguments and results pickled.

    with EmulatorProcess(bot_token="xoxb-bench") as emu:
        emu.add_channel("C1")
        WebClient(token="xoxb-bench", base_url=emu.api_url).chat_postMessage(channel="C1", text="hi")
        emu.calls_to("chat.postMessage")
"""

from __future__ import annotations

import functools
import multiprocessing
import threading
from multiprocessing.connection import Connection
from typing import Any

from bot.emulator.server import SlackEmulator

# Setting the workspace up, injecting faults, reading what happened.
CALLS = frozenset({"add_user", "add_channel", "enforce_rate_limits", "set_fault_rate", "fail_next",
                   "calls_to", "messages", "reset_calls"})


def serve(connection: Connection, options: dict[str, Any]) -> None:
    """The child: start an emulator, then answer calls until the parent says None or goes away."""
    emulator = SlackEmulator(**options).start()
    connection.send((emulator.api_url, emulator.base_url))
    try:
        while (request := _next(connection)) is not None:
            name, args, kwargs = request
            try:
                connection.send((True, getattr(emulator, name)(*args, **kwargs)))
            except Exception as error:  # the parent raises it
                connection.send((False, error))
    finally:
        emulator.stop()


def _next(connection: Connection) -> tuple[str, tuple[Any, ...], dict[str, Any]] | None:
    try:
        return connection.recv()
    except EOFError:
        return None


class EmulatorProcess:
    """The parent's handle: `api_url`, `base_url`, and the emulator methods in CALLS."""

    def __init__(self, **options: Any) -> None:
        self.options = options  # SlackEmulator's keyword arguments
        self.api_url = self.base_url = ""
        self._lock = threading.Lock()
        self._connection: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None

    def start(self) -> EmulatorProcess:
        """Spawn the child (a fresh interpreter, not a fork of this one) and wait until it serves."""
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=serve, args=(child, self.options), name="slack-emulator", daemon=True)
        self._process.start()
        child.close()
        self.api_url, self.base_url = self._connection.recv()
        return self

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        return self._process.pid if self._process is not None else None

    def call(self, method: str, /, *args: Any, **kwargs: Any) -> Any:
        """Run `SlackEmulator.<method>(*args, **kwargs)` in the child and return (or raise) its outcome."""
        if method not in CALLS or self._connection is None:
            raise AttributeError(f"{method} cannot be called on an emulator in another process")
        with self._lock:
            self._connection.send((method, args, kwargs))
            ok, result = self._connection.recv()
        if not ok:
            raise result
        return result

    def __getattr__(self, name: str) -> Any:
        if name in CALLS:
            return functools.partial(self.call, name)
        raise AttributeError(name)

    def stop(self) -> None:
        """Ask the child to stop its servers and exit; end it if it does not within 10 s."""
        if self._process is None or self._connection is None:
            return
        try:
            with self._lock:
                self._connection.send(None)
        except OSError:
            pass  # it is gone already
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()
        self._connection.close()
        self._process = self._connection = None

    def __enter__(self) -> EmulatorProcess:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
