"""The HTTP front `tandem serve` runs: an ASGI app that reads bodies on the event loop, Bolt on a few threads.

Under gunicorn's gthread worker a thread read each request's body itself, so eight clients sending
a header and then a byte every few seconds held all eight threads and the server answered nothing.
Here the event loop (gunicorn's own asgi worker) holds any number of slow connections at the cost
of a socket each; a body must arrive whole within BODY_TIMEOUT and within MAX_BODY bytes, or it is
refused without waiting for the rest. Only then, and only once the gate (bot/slack/gate.py) has
verified Slack's signature, does the request take one of `threads` threads, where Bolt parses it
(a signed body Bolt cannot parse is refused with 400, not answered 500) and dispatches it (the
database and Slack calls are blocking code).

Every refusal answers a short JSON error and logs one line: method, path, reason, size. Never the body.

Each worker also says how much more it can take on (`Admission`): the worker (bot/server.py) accepts a
connection only while the requests on or waiting for its threads, and the connections accepted but not
yet read, are fewer than its limit. The rest wait in the listening socket's queue, which every worker
draws from, so the next request goes to the first worker with room instead of to whichever won the
race to accept it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator, MutableMapping, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any, TypeVar

from slack_bolt import App, BoltRequest, BoltResponse
from sqlalchemy import Engine

from bot.db.session import ping
from bot.observability import metrics
from bot.slack.bolt_compat import ANSWER, bolt_request
from bot.slack.gate import MAX_BODY, OAUTH_PATHS, Gate, Refusal, unsigned_allowed
from bot.slack.oauth import for_plain_http

logger = logging.getLogger(__name__)

# Seconds a Slack request waits for its listener's ack, as Bolt's runner waits (its ack_timeout): then
# it is answered as Bolt answers a request no listener acknowledged, 404.
ACK_TIMEOUT = 3.0
BODY_TIMEOUT = 10.0  # seconds for the whole body; Slack sends a few KB at once and wants its answer in 3 s
# Seconds from a connection's accept to the end of its request's head (bot/server.py, HeadDeadline): a
# client still silent, or still sending header lines, by then is let go instead of holding a descriptor.
HEAD_TIMEOUT = 10.0
SLACK_PATH, HEALTH_PATH, METRICS_PATH = "/slack/events", "/healthz", "/metrics"

# Requests a worker takes on per thread: those on its threads and as many again waiting for one.
ADMITTED_PER_THREAD = 2
# Seconds an accepted connection counts against the limit before its request's head has arrived:
# Slack sends a request whole, so one still silent by then is slow and waits on the event loop at the
# cost of a socket, as slow bodies do, and stops holding back the next connection.
FRESH_FOR = 0.25

T = TypeVar("T")

# The ASGI spec's types (asgiref's and gunicorn's): mappings, which a server may implement as it likes.
Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class _Gone(Exception):
    """The client went away before its body arrived: nothing to answer."""


class Admission:
    """How much more one worker takes on: the requests on or waiting for its threads, and the connections
    it accepted whose request has not yet arrived (each for FRESH_FOR at most), against `limit`.

    Used from the event loop's thread only. `on_room` callbacks run each time a request leaves the pool.
    """

    def __init__(self, limit: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.busy = 0
        self._fresh: deque[float] = deque()  # when each connection not yet heard from was accepted
        self._clock = clock
        self._room: list[Callable[[], None]] = []

    def has_room(self) -> bool:
        horizon = self._clock() - FRESH_FOR
        fresh = self._fresh
        while fresh and fresh[0] < horizon:
            fresh.popleft()
        return self.busy + len(fresh) < self.limit

    def waiting_connections(self) -> int:
        """Accepted connections still counted against the limit (as of the last `has_room`)."""
        return len(self._fresh)

    def accepted(self) -> None:
        """A connection was accepted: it counts until its request arrives, or for FRESH_FOR."""
        self._fresh.append(self._clock())

    def arrived(self) -> None:
        """A request's head arrived (one connection, one request: keep-alive is off)."""
        if self._fresh:
            self._fresh.popleft()

    def on_room(self, callback: Callable[[], None]) -> None:
        self._room.append(callback)

    @contextlib.contextmanager
    def holding(self) -> Iterator[None]:
        """Count one request as busy for the block."""
        self.busy += 1
        try:
            yield
        finally:
            self.busy -= 1
            for callback in self._room:
                callback()

    async def run(self, pool: Executor, call: Callable[..., T], *args: Any) -> T:
        """`call(*args)` on the pool, counted as busy from now until it returns."""
        with self.holding():
            return await asyncio.get_running_loop().run_in_executor(pool, call, *args)


class TandemASGI:
    """Route /healthz, /metrics, /slack/events and (OAuth mode) Add to Slack's two GET pages; refuse the rest.

    /healthz and /metrics are answered unsigned to everyone: GETs that read and never reach Bolt.
    """

    def __init__(self, app: App, engine: Engine, *, signing_secret: str, threads: int,
                 gate: Gate | None = None) -> None:
        self.app, self.engine = app, engine
        self.gate = gate or Gate(signing_secret)
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="dispatch")
        self.admission = Admission(ADMITTED_PER_THREAD * threads)
        # Slack's requests run on the app's listener threads, `threads` at a time until their ack
        # (bolt_compat, patch 3): what a listener does after its ack runs there too, as it did before,
        # without holding up the next request's ack.
        runner = getattr(app, "listener_runner", None)
        self.listeners: Executor = getattr(runner, "listener_executor", None) or self.pool
        self.acking = asyncio.Semaphore(threads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return  # lifespan is off; websockets are not served (gunicorn refuses the upgrade)
        self.admission.arrived()
        method, path = scope["method"], scope["path"]
        if path == HEALTH_PATH:
            if method not in ("GET", "HEAD"):
                return await refuse(send, scope, Refusal(405, "method not allowed"), 0, allow="GET, HEAD")
            status, body = await self.admission.run(self.pool, health, self.engine)
            return await respond(send, status, body)
        if path == METRICS_PATH:
            if method not in ("GET", "HEAD"):
                return await refuse(send, scope, Refusal(405, "method not allowed"), 0, allow="GET, HEAD")
            scrape = functools.partial(metrics.exposition, self.engine, oauth_mode=self.app.oauth_flow is not None)
            text = await self.admission.run(self.pool, scrape)
            return await respond_text(send, 200, text, metrics.CONTENT_TYPE)
        if path in OAUTH_PATHS and self.app.oauth_flow is not None:
            if not unsigned_allowed(method, path, oauth_mode=True):
                return await refuse(send, scope, Refusal(405, "method not allowed"), 0, allow="GET")
            return await self.oauth_page(scope, send)
        if path != SLACK_PATH:
            return await refuse(send, scope, Refusal(404, "no such path"), 0)
        if method != "POST":
            return await refuse(send, scope, Refusal(405, "method not allowed"), 0, allow="POST")
        await self.slack(scope, receive, send)

    async def slack(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = header_map(scope)
        announced = headers.get("content-length", "")
        if announced and not (announced.isascii() and announced.isdigit()):
            return await refuse(send, scope, Refusal(400, "bad Content-Length"), 0)
        if announced and int(announced) > MAX_BODY:
            return await refuse(send, scope, Refusal(413, "body over 1 MB"), int(announced))
        refusal = self.gate.check_headers(headers)
        if refusal is not None:
            return await refuse(send, scope, refusal, int(announced or 0))
        try:
            async with asyncio.timeout(BODY_TIMEOUT):
                body = await read_body(receive)
        except TimeoutError:
            return await refuse(send, scope, Refusal(408, "body not received in time"), 0)
        except _Gone:
            return None
        if len(body) > MAX_BODY:
            return await refuse(send, scope, Refusal(413, "body over 1 MB"), len(body))
        text, refusal = self.gate.check(body, headers)
        if refusal is not None:
            return await refuse(send, scope, refusal, len(body))
        query = scope.get("query_string", b"").decode("latin-1")
        try:
            response = await self._answer(text, query, bolt_headers(scope))
        except Exception:  # a verified request: a traceback is ours to read, not an attacker's doing
            logger.exception("dispatching a verified Slack request failed")
            return await respond(send, 500, {"error": "internal error"})
        if isinstance(response, Refusal):
            return await refuse(send, scope, response, len(body))
        await send_bolt(send, response)

    async def oauth_page(self, scope: Scope, send: Send) -> None:
        """Add to Slack's install page or redirect (OAuth mode), answered by Bolt's OAuthFlow on the pool.

        No body is read: both are browser GETs, their inputs in the query string and the state cookie.
        """
        query, headers = scope.get("query_string", b"").decode("latin-1"), bolt_headers(scope)
        try:
            response = await self.admission.run(self.pool, self._oauth, scope["path"], query, headers)
        except Exception:  # noqa: BLE001 - never show a traceback to a browser
            logger.exception("the Add to Slack page %s failed", scope["path"])
            return await respond(send, 500, {"error": "internal error"})
        await send_bolt(send, response if over_https(scope.get("scheme"), headers) else for_plain_http(response))

    def _oauth(self, path: str, query: str, headers: dict[str, list[str]]) -> BoltResponse:
        flow = self.app.oauth_flow
        if flow is None:  # __call__ routes here only when the app has one (OAuth mode)
            raise RuntimeError(f"{path} is served only in OAuth mode")
        as_bolt: dict[str, str | Sequence[str]] = dict(headers)
        request = BoltRequest(body="", query=query, headers=as_bolt)
        if path == flow.install_path:
            return flow.handle_installation(request)
        return flow.handle_callback(request)

    async def _answer(self, text: str, query: str, headers: dict[str, list[str]]) -> BoltResponse | Refusal:
        """Bolt's answer as soon as the listener acks (or Bolt answers without one), while the listener
        may still be running: one thread takes the request from its middleware to the listener's end."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[BoltResponse | Refusal] = loop.create_future()

        def deliver(response: BoltResponse | Refusal) -> None:  # from the listener's thread
            loop.call_soon_threadsafe(_settle, answer, response)

        def failed(job: asyncio.Future[None]) -> None:
            error = None if job.cancelled() else job.exception()
            if error is None:
                return
            if not answer.done():
                answer.set_exception(error)
            else:  # after the answer left: nobody else will say it
                logger.error("a verified Slack request failed after it was answered", exc_info=error)

        with self.admission.holding():
            async with self.acking:
                job = loop.run_in_executor(self.listeners, self._dispatch, text, query, headers, deliver)
                job.add_done_callback(failed)
                try:
                    return await asyncio.wait_for(asyncio.shield(answer), ACK_TIMEOUT)
                except TimeoutError:
                    logger.warning("no listener acknowledged a Slack request within %.0f s: answered 404", ACK_TIMEOUT)
                    return BoltResponse(status=404, body={"error": "unhandled request"})

    def _dispatch(self, text: str, query: str, headers: dict[str, list[str]],
                  deliver: Callable[[BoltResponse | Refusal], None]) -> None:
        """Bolt's answer to `deliver`, or a refusal when Bolt cannot read the (signed) body: bad JSON, a
        JSON array. A listener's ack delivers its answer before this returns (bolt_compat, patch 3)."""
        try:
            request = bolt_request(text, query, headers)  # parses the body, and builds context from it
        except Exception as error:  # noqa: BLE001 - whatever Bolt's parser raises, the body is unreadable
            deliver(Refusal(400, f"unreadable body ({type(error).__name__})"))
            return
        request.context[ANSWER] = deliver
        deliver(self.app.dispatch(request))  # the same answer again when the ack gave it: the first one counts


def _settle(answer: asyncio.Future[BoltResponse | Refusal], response: BoltResponse | Refusal) -> None:
    if not answer.done():
        answer.set_result(response)


async def read_body(receive: Receive) -> bytes:
    """The whole body, stopping as soon as it passes MAX_BODY (the caller then answers 413)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Gone
        chunk = message.get("body", b"")
        size += len(chunk)
        chunks.append(chunk)
        if size > MAX_BODY or not message.get("more_body", False):
            return b"".join(chunks)


def header_map(scope: Scope) -> dict[str, str]:
    """Lower-case header names to their first value (ASGI servers already lower-case them)."""
    result: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        result.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
    return result


def over_https(scheme: str | None, headers: dict[str, list[str]]) -> bool:
    """Whether the browser reached Tandem over https: directly, or through a proxy that says so."""
    forwarded = ",".join(headers.get("x-forwarded-proto", [])).split(",")[0].strip().lower()
    proto = re.search(r"proto=\"?(\w+)", ",".join(headers.get("forwarded", [])).split(",")[0], re.IGNORECASE)
    return "https" in (scheme, forwarded, proto and proto.group(1).lower())


def bolt_headers(scope: Scope) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for name, value in scope.get("headers", []):
        result.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
    return result


def health(engine: Engine) -> tuple[int, dict[str, Any]]:
    """200 when the database answers, 503 (with the kind of failure) when it does not."""
    try:
        ping(engine)
        return 200, {"ok": True, "database": "ok"}
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy
        logger.warning("health check failed: %s", error)
        return 503, {"ok": False, "database": type(error).__name__}


async def refuse(send: Send, scope: Scope, refusal: Refusal, size: int, allow: str | None = None) -> None:
    """Answer a refusal and log it in one line; the path is cut short and escaped, the body never shown."""
    path = scope.get("path", "")
    logger.warning("refused %s %r: %s (%d bytes)", scope.get("method", "?")[:16], path[:80], refusal.reason, size)
    if path == SLACK_PATH:  # refused before Bolt read it: of no known kind
        metrics.request_answered("unknown", refusal.status, None)
    extra = [(b"allow", allow.encode())] if allow else []
    await respond(send, refusal.status, {"error": refusal.reason}, extra)


async def respond(send: Send, status: int, body: dict[str, Any],
                  extra: list[tuple[bytes, bytes]] | None = None) -> None:
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": payload})


async def respond_text(send: Send, status: int, payload: bytes, content_type: str) -> None:
    headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(payload)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def send_bolt(send: Send, response: BoltResponse) -> None:
    payload = (response.body or "").encode("utf-8")
    headers = [(name.encode("latin-1"), value.encode("latin-1"))
               for name, values in response.headers.items() if name.lower() != "content-length"
               for value in values]
    headers.append((b"content-length", str(len(payload)).encode()))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
