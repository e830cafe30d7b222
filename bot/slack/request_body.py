"""Build Bolt's request from an HTTP body, reading a slash command's form whole.

Bolt 1.x (`slack_bolt.request.internals.parse_body`) takes any form body that contains the word
"payload" anywhere for an interactivity payload; finding no `payload` field, it reads the body as
empty and the request goes unhandled (404, which Slack shows as "dispatch_failed"). So
`/task add Fix the payload parser`, or every command in a channel named #payload-api, failed.
The raw body is kept as it came: Bolt still verifies its signature.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import BoltContext, BoltRequest
from slack_bolt.request.internals import build_context

FORM = "application/x-www-form-urlencoded"


def bolt_request(raw_body: str, query: Any, headers: dict[str, Any]) -> BoltRequest:
    """Bolt's request for an HTTP body, with a form that merely mentions "payload" read as the form it is."""
    request = BoltRequest(body=raw_body, query=query, headers=headers)
    if request.body or "payload" not in raw_body or not (request.content_type or "").startswith(FORM):
        return request
    form = dict(parse_qsl(raw_body, keep_blank_values=True))
    if "payload" in form:  # a real interactivity payload Bolt could not read: leave its answer alone
        return request
    request.body = form
    request.context = build_context(BoltContext({}), form)
    return request
