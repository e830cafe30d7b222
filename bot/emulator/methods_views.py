"""views.open / push / update / publish, with Slack's trigger_id rules.

A trigger_id is single use and expires a few seconds after the interaction (3 s in Slack; the
emulator's trigger_ttl), which is why bots must open modals before doing slow work.
"""

from __future__ import annotations

import time
from typing import Any

from bot.emulator.blockkit import validate_view
from bot.emulator.normalize import normalize_blocks
from bot.emulator.registry import ApiError, Context, invalid_arguments, method, text_arg
from bot.emulator.views import ViewError
from bot.emulator.workspace import Trigger


def _trigger(ctx: Context, args: dict[str, Any]) -> Trigger:
    trigger_id = text_arg(args, "trigger_id")
    if not trigger_id:
        raise invalid_arguments("missing required field: trigger_id")
    trigger = ctx.ws.triggers.get(trigger_id)
    if trigger is None:
        raise ApiError("invalid_trigger_id")
    if trigger.exchanged:
        raise ApiError("exchanged_trigger_id")
    if time.monotonic() > trigger.expires_at:
        raise ApiError("expired_trigger_id")
    return trigger


def view_payload(args: dict[str, Any], kinds: tuple[str, ...]) -> dict[str, Any]:
    """The validated `view` argument (else ApiError), blocks normalized as Slack stores them."""
    view = args.get("view")
    if view is None or view == "":
        raise invalid_arguments("missing required field: view")
    if isinstance(view, str):
        raise invalid_arguments("failed to parse view: invalid JSON")
    problems = validate_view(view)
    if not problems and view.get("type") not in kinds:
        problems = ["must be a valid enum value [json-pointer:/view/type]"]
    if problems:
        raise invalid_arguments(*problems)
    payload = dict(view)
    payload["blocks"] = normalize_blocks(view.get("blocks"))
    for key in ("title", "submit", "close"):
        if isinstance(payload.get(key), dict):
            payload[key] = {**payload[key], "emoji": payload[key].get("emoji", True)}
    return payload


def _answer(view: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "view": dict(view)}


@method("views.open")
def views_open(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Open a modal for the user behind a fresh trigger_id."""
    trigger = _trigger(ctx, args)
    payload = view_payload(args, ("modal",))
    try:
        view = ctx.ws.views.open(payload, trigger.user_id)
    except ViewError as err:
        raise ApiError(err.code) from None
    trigger.exchanged = True
    return _answer(view)


@method("views.push")
def views_push(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Push a modal onto the stack the trigger's interaction happened in (at most 3 deep)."""
    trigger = _trigger(ctx, args)
    payload = view_payload(args, ("modal",))
    try:
        if trigger.view_id and trigger.view_id in ctx.ws.views.views:
            view = ctx.ws.views.push(payload, trigger.user_id, trigger.view_id)
        else:
            view = ctx.ws.views.open(payload, trigger.user_id)
    except ViewError as err:
        raise ApiError(err.code) from None
    trigger.exchanged = True
    return _answer(view)


@method("views.update")
def views_update(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Replace an open view by view_id or external_id; a stale hash gets hash_conflict."""
    view_id, external_id = text_arg(args, "view_id"), text_arg(args, "external_id")
    if not view_id and not external_id:
        raise invalid_arguments("missing required field: view_id or external_id")
    current = ctx.ws.views.find(view_id, external_id)
    if current is None:
        raise ApiError("not_found")
    payload = view_payload(args, (current["type"],) if current["type"] else ("modal", "home"))
    try:
        view = ctx.ws.views.update(current, payload, text_arg(args, "hash"))
    except ViewError as err:
        raise ApiError(err.code) from None
    return _answer(view)


@method("views.publish")
def views_publish(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Publish a user's App Home tab."""
    user_id = text_arg(args, "user_id")
    if not user_id:
        raise invalid_arguments("missing required field: user_id")
    if user_id not in ctx.ws.users:
        raise ApiError("user_not_found")
    payload = view_payload(args, ("home",))
    try:
        view = ctx.ws.views.publish(payload, user_id, text_arg(args, "hash"))
    except ViewError as err:
        raise ApiError(err.code) from None
    return _answer(view)
