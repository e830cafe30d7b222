"""Run listeners as Bolt does, but wake the request thread the moment `ack()` is called.

Bolt answers Slack once the listener calls `ack()` and lets the listener go on in its executor.
Its own runner finds out by polling: the request thread sleeps 10 ms, looks at the ack, sleeps
again. Each look has to take the interpreter lock from the threads doing real work, and each
request waits for the next look, up to 10 ms after its answer is ready. Under load that is most
of what the runner costs (up to a hundred wake-ups a second per waiting request). Here the
request thread waits on an event that `ack()` sets, so it wakes once, when there is an answer.

Everything else (auto-acknowledged events, lazy listeners, the error and completion handlers,
`process_before_response`) is Bolt's own code, called as Bolt calls it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.context.ack import Ack
from slack_bolt.listener import Listener
from slack_bolt.listener.thread_runner import ThreadListenerRunner
from slack_bolt.logger.messages import warning_did_not_call_ack
from slack_bolt.middleware import Middleware


def install(app: App) -> None:
    """Make `app` use the prompt runner; call before registering other middleware.

    Bolt has no public setter for its listener runner, so the private attribute is replaced; the
    runner is built from Bolt's own (same executor and handlers) and tests/slack/test_runner.py
    checks it answers as Bolt's does.
    """
    app._listener_runner = SignallingListenerRunner.replacing(app.listener_runner)  # noqa: SLF001
    app.middleware(ProvideSignallingAck())


class ProvideSignallingAck(Middleware):
    """Give each request the ack the runner waits on (a Middleware class: no per-request argument lookup)."""

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:  # noqa: A002 - Bolt's name
        req.context["ack"] = SignallingAck()
        return next()


class SignallingAck(Ack):
    """Bolt's Ack, plus an event set when a response is stored (by `ack()` or by Bolt itself)."""

    def __init__(self) -> None:
        self.answered = threading.Event()
        super().__init__()

    @property  # type: ignore[override]
    def response(self) -> BoltResponse | None:
        return self._response

    @response.setter
    def response(self, value: BoltResponse | None) -> None:
        self._response = value
        if value is not None:
            self.answered.set()


class SignallingListenerRunner(ThreadListenerRunner):
    """Bolt's ThreadListenerRunner with the 10 ms polling loop replaced by one wait on the ack."""

    @classmethod
    def replacing(cls, runner: ThreadListenerRunner) -> SignallingListenerRunner:
        """The same runner (same executor and handlers) with the prompt wait."""
        return cls(
            logger=runner.logger,
            process_before_response=runner.process_before_response,
            listener_error_handler=runner.listener_error_handler,
            listener_start_handler=runner.listener_start_handler,
            listener_completion_handler=runner.listener_completion_handler,
            listener_executor=runner.listener_executor,
            lazy_listener_runner=runner.lazy_listener_runner,
        )

    def run(  # type: ignore[override]
        self,
        request: BoltRequest,
        response: BoltResponse,
        listener_name: str,
        listener: Listener,
        starting_time: float | None = None,
    ) -> BoltResponse | None:
        if self.process_before_response or request.lazy_only or listener.lazy_functions:
            return super().run(request, response, listener_name, listener, starting_time)
        starting_time = starting_time if starting_time is not None else time.time()
        ack = request.context.ack
        if not isinstance(ack, SignallingAck):
            return super().run(request, response, listener_name, listener, starting_time)
        if listener.auto_acknowledgement:
            ack()  # events are acknowledged at once, as Bolt does
        self.listener_executor.submit(self._run_listener, request, response, listener)
        ack.answered.wait(max(0.0, starting_time + listener.ack_timeout - time.time()))
        if ack.response is None:
            self.logger.warning(warning_did_not_call_ack(listener_name))
            return None
        self._debug_log_completion(starting_time, ack.response)
        return ack.response

    def _run_listener(self, request: BoltRequest, response: BoltResponse | None, listener: Listener) -> None:
        """Bolt's `run_ack_function_asynchronously`, run on the listener executor."""
        ack = request.context.ack
        try:
            self.listener_start_handler.handle(request=request, response=response)
            listener.run_ack_function(request=request, response=response)
        except Exception as error:  # noqa: BLE001 - handed to the app's error handler, as in Bolt
            if listener.auto_acknowledgement:
                self.listener_error_handler.handle(error=error, request=request, response=response)
            elif ack.response is not None:
                # Already answered: the error handler gets no response to change. (Bolt's runner
                # also sets the ack's response to None here, which loses the answer when its
                # polling thread has not yet looked: Slack then waits 3 s and gets a 404.)
                self.listener_error_handler.handle(error=error, request=request, response=None)
            else:
                response = response if response is not None else BoltResponse(status=500)
                response.status = 500
                self.listener_error_handler.handle(error=error, request=request, response=response)
                ack.response = response
        finally:
            self.listener_completion_handler.handle(request=request, response=response)
            ack.answered.set()  # a listener that never acks ends the wait now, not at the timeout
