"""The fence: every place Tandem leans on Bolt's internals or works around Bolt's behaviour.

Nothing else in Tandem imports a private part of slack-bolt or slack-sdk. Each patch below carries one
comment saying what it works around. They were verified against the versions in `VERIFIED`, the ones
requirements.lock pins; tests/slack/test_bolt_compat.py fails when another version is installed or
pinned, and `install` logs a warning when one runs. To move to a new Bolt: `make lock
LOCK_ARGS="--upgrade-package slack-bolt"`, run tests/slack and tests/e2e, check whether each patch
is still needed (Bolt may have fixed what it works around), then update `VERIFIED`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from importlib import metadata
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.context.ack import Ack
from slack_bolt.listener import Listener
from slack_bolt.listener.thread_runner import ThreadListenerRunner
from slack_bolt.logger.messages import warning_did_not_call_ack
from slack_bolt.middleware import Middleware

logger = logging.getLogger(__name__)

# The distributions (and versions) every patch here was read against and tested with.
VERIFIED = {"slack-bolt": "1.30.0", "slack-sdk": "3.48.0"}


def unverified() -> dict[str, tuple[str, str]]:
    """Each distribution installed at another version than `VERIFIED`: name -> (installed, verified)."""
    found = {}
    for name, verified in VERIFIED.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "none"
        if installed != verified:
            found[name] = (installed, verified)
    return found


def install(app: App) -> None:
    """Put the patches that act on the app in place; call before registering other middleware."""
    for name, (installed, verified) in unverified().items():
        logger.warning("%s %s is installed, but bot/slack/bolt_compat.py was verified against %s only: "
                       "install requirements.lock (make install)", name, installed, verified)
    # Patch 1. Bolt's ThreadListenerRunner (a) waits for `ack()` by polling every 10 ms, so each
    # request wakes up to a hundred times a second under load and answers up to 10 ms late, and (b)
    # when a listener raises after `ack()`, sets the ack's response back to None: unless its polling
    # thread has already looked, the answer is lost and Slack gets a 404 after 3 s (the error handler
    # still replies by response_url). Bolt has no setter for its runner, so the private attribute is
    # replaced by a subclass built from the app's own (same executor and handlers) that waits on an
    # event `ack()` sets and leaves an answer alone once given; tests/slack/test_runner.py checks it
    # answers as Bolt's runner does.
    #
    # Patch 3. When the HTTP front (bot/asgi.py) puts an `ANSWER` callback in the request's context, the
    # runner runs the listener in the thread that dispatches the request instead of handing it to another
    # and waiting: `ack()` hands the answer to the callback, which sends it at once, and the listener goes
    # on in the same thread. Each request then crosses one thread, not two, and no thread wakes another
    # to say the ack came. Without the callback (Socket Mode, the in-process WSGI adapter) patch 1 applies.
    app._listener_runner = SignallingListenerRunner.replacing(app.listener_runner)  # noqa: SLF001
    app.middleware(ProvideSignallingAck())


# The context key of the callback that takes a request's answer the moment it is given (patch 3).
ANSWER = "answer_at_ack"


class ProvideSignallingAck(Middleware):
    """Give each request the ack the runner waits on (a Middleware class: no per-request argument lookup)."""

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:  # noqa: A002 - Bolt's name
        req.context["ack"] = SignallingAck(req.context.get(ANSWER))
        return next()


class SignallingAck(Ack):
    """Bolt's Ack, plus an event set when a response is stored (by `ack()` or by Bolt itself), the time of
    the first, and (patch 3) a callback given each response stored."""

    def __init__(self, on_answer: Callable[[BoltResponse], None] | None = None) -> None:
        self.answered = threading.Event()
        self.answered_at: float | None = None  # time.perf_counter() when the first response was stored
        self.on_answer = on_answer
        super().__init__()

    @property  # Ack.response is a plain attribute; a property can signal when it is set
    def response(self) -> BoltResponse | None:
        return self._response

    @response.setter
    def response(self, value: BoltResponse | None) -> None:
        self._response = value
        if value is not None:
            if self.answered_at is None:
                self.answered_at = time.perf_counter()
            self.answered.set()
            if self.on_answer is not None:
                self.on_answer(value)


class SignallingListenerRunner(ThreadListenerRunner):
    """Bolt's ThreadListenerRunner with the polling loop replaced by one wait on the ack (patch 1)."""

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

    def run(
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
        if ack.on_answer is not None:  # patch 3: the answer leaves at ack(); the listener runs here, to its end
            self._run_listener(request, response, listener)
        else:
            self.listener_executor.submit(self._run_listener, request, response, listener)
            ack.answered.wait(max(0.0, starting_time + listener.ack_timeout - time.time()))
        if ack.response is None:
            self.logger.warning(warning_did_not_call_ack(listener_name))
            return None
        self._debug_log_completion(starting_time, ack.response)
        return ack.response

    def _run_listener(self, request: BoltRequest, response: BoltResponse, listener: Listener) -> None:
        """Bolt's `run_ack_function_asynchronously`, run on the listener executor."""
        ack = request.context.ack
        try:
            self.listener_start_handler.handle(request=request, response=response)
            listener.run_ack_function(request=request, response=response)
        except Exception as error:  # noqa: BLE001 - handed to the app's error handler, as in Bolt
            if listener.auto_acknowledgement:
                self.listener_error_handler.handle(error=error, request=request, response=response)
            elif ack.response is not None:
                # Already answered: the error handler replies by response_url (it gets no response
                # to change), and the answer stays.
                self.listener_error_handler.handle(error=error, request=request, response=None)
            else:
                response = response if response is not None else BoltResponse(status=500)
                response.status = 500
                self.listener_error_handler.handle(error=error, request=request, response=response)
                ack.response = response
        finally:
            self.listener_completion_handler.handle(request=request, response=response)
            if isinstance(ack, SignallingAck):  # always, from run(); a listener that never acks ends the wait now
                ack.answered.set()


FORM = "application/x-www-form-urlencoded"


def bolt_request(raw_body: str, query: Any, headers: dict[str, Any]) -> BoltRequest:
    """Bolt's request for an HTTP body, with a form that merely mentions "payload" read as the form it is."""
    request = BoltRequest(body=raw_body, query=query, headers=headers)
    # Patch 2. Bolt (`slack_bolt.request.internals.parse_body`) takes any form body that contains
    # the word "payload" anywhere for an interactivity payload; finding no `payload` field, it reads
    # the body as empty and the request goes unhandled (404, which Slack shows as "dispatch_failed"):
    # `/task add Fix the payload parser`, or every command in #payload-api, failed. Such a form is
    # parsed here and its body and context taken from a request Bolt builds from the parsed dict
    # (public constructor: a dict body is used as is); the raw body stays, for Bolt's signature check.
    if request.body or "payload" not in raw_body or not (request.content_type or "").startswith(FORM):
        return request
    form = dict(parse_qsl(raw_body, keep_blank_values=True))
    if "payload" in form:  # a real interactivity payload Bolt could not read: leave its answer alone
        return request
    parsed = BoltRequest(body=form, mode="socket_mode")  # "http" mode refuses a dict body
    request.body, request.context = parsed.body, parsed.context
    return request


class FormSafeRequestHandler(SlackRequestHandler):
    """Bolt's WSGI adapter, building each request with `bolt_request` (patch 2)."""

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        return self.app.dispatch(bolt_request(request.get_body(), request.query_string, request.get_headers()))
