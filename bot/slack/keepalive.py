"""A WebClient whose Web API calls reuse kept-alive HTTP connections instead of opening one per call.

slack-sdk's WebClient sends every call through `urllib.request.urlopen`, which asks for
`Connection: close`: each call pays a TCP (and, against slack.com, a TLS) handshake, and the server
a connection. A sweep posting thousands of messages spends more on that than on the messages.
`KeepAliveClient` replaces only the step that moves one request over the wire
(`_perform_urllib_http_request_internal`, the method slack-sdk's own retry loop calls for each try),
with the standard library's `http.client` over a small pool of idle connections. Everything around
it is slack-sdk's: building the request, the retry handlers (429 + Retry-After, 5xx, dropped
connections), the parsed SlackResponse. The step keeps urllib's contract, which those handlers
rely on: an answer that is not 2xx raises `urllib.error.HTTPError` with its status, headers and
body; an error while sending raises `URLError`; one while reading the answer propagates as is
(`RemoteDisconnected`, a timeout).

A pooled connection the server has closed meanwhile (its idle timeout) is noticed before it is used
(its socket reads as ready: end of stream) and replaced, so a call is not sent into a closed
connection. A connection whose call failed in any way is closed, never reused. Calls with a proxy
go through slack-sdk's urllib path unchanged.
"""

from __future__ import annotations

import io
import logging
import select
import threading
import weakref
from http.client import HTTPConnection, HTTPSConnection
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_sdk import WebClient

logger = logging.getLogger(__name__)

# Idle connections a client keeps (more are closed when they come back): one per thread that posts at
# once (jobs.lanes.WORKERS) and a few more.
MAX_IDLE = 16
_Key = tuple[str, str, int]


class KeepAliveClient(WebClient):
    """A WebClient that keeps its HTTP connections alive between calls (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._idle: list[tuple[_Key, HTTPConnection]] = []  # most recently used last
        self._idle_lock = threading.Lock()
        # Closes the idle connections when the client goes (or the interpreter exits): a socket left
        # to the garbage collector would warn (ResourceWarning).
        weakref.finalize(self, _close_all, self._idle, self._idle_lock)

    def close(self) -> None:
        """Close the idle connections now (calls after this open new ones)."""
        _close_all(self._idle, self._idle_lock)

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if self.proxy is not None or scheme not in ("http", "https") or not parts.hostname:
            return super()._perform_urllib_http_request_internal(url, req)
        key = (scheme, parts.hostname, parts.port or (443 if scheme == "https" else 80))
        selector = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {name.title(): value for name, value in req.header_items()}
        connection = self._take(key)
        try:
            try:
                connection.request(req.get_method(), selector or "/", req.data, headers)
            except OSError as error:  # as urllib: an error while sending is a URLError
                raise URLError(error) from error
            response = connection.getresponse()
            status, reason, response_headers = response.status, response.reason, response.headers
            raw = response.read()
        except BaseException:
            connection.close()
            raise
        if response.will_close:
            connection.close()
        else:
            self._give(key, connection)
        if not 200 <= status < 300:  # as urllib's HTTPErrorProcessor (the Web API does not redirect)
            raise HTTPError(url, status, reason, response_headers, io.BytesIO(raw))
        if response_headers.get_content_type() == "application/gzip":  # admin.analytics.getFile
            return {"status": status, "headers": response_headers, "body": raw}
        body = raw.decode(response_headers.get_content_charset() or "utf-8")
        if self._logger.level <= logging.DEBUG:
            self._logger.debug(f"Received the following response - status: {status}, "
                               f"headers: {dict(response_headers)}, body: {body}")
        return {"status": status, "headers": response_headers, "body": body}

    def _take(self, key: _Key) -> HTTPConnection:
        """An idle connection to `key` still open at the server's end, else a new (unconnected) one."""
        while True:
            with self._idle_lock:
                found = next((i for i in range(len(self._idle) - 1, -1, -1) if self._idle[i][0] == key), None)
                connection = self._idle.pop(found)[1] if found is not None else None
            if connection is None:
                scheme, host, port = key
                if scheme == "https":
                    return HTTPSConnection(host, port, timeout=self.timeout, context=self.ssl)
                return HTTPConnection(host, port, timeout=self.timeout)
            if _usable(connection):
                return connection
            connection.close()

    def _give(self, key: _Key, connection: HTTPConnection) -> None:
        """Keep a connection whose answer was read in full for the next call (or close it: pool full)."""
        with self._idle_lock:
            if len(self._idle) < MAX_IDLE:
                self._idle.append((key, connection))
                return
        connection.close()


def _usable(connection: HTTPConnection) -> bool:
    """Whether a kept connection may carry the next request: connected, and nothing to read on it.

    Between an answer and the next request the server sends nothing; a socket that reads as ready
    then has reached end of stream (the server closed it) or holds bytes nobody asked for.
    """
    sock = connection.sock
    if sock is None:
        return False
    try:
        if hasattr(select, "poll"):
            poller = select.poll()
            poller.register(sock, select.POLLIN)
            return not poller.poll(0)
        return not select.select([sock], [], [], 0)[0]
    except (OSError, ValueError):
        return False


def _close_all(idle: list[tuple[_Key, HTTPConnection]], lock: threading.Lock) -> None:
    with lock:
        connections = [connection for _, connection in idle]
        idle.clear()
    for connection in connections:
        connection.close()
