"""Modal stacks and App Home views, kept the way Slack keeps them.

Slack gives every modal an id, a hash that changes on each update (stale writers get hash_conflict),
a root_view_id for the stack it lives in, and at most three stacked modals. Home tabs are one view
per user whose id never changes across views.publish calls.
"""

from __future__ import annotations

import copy
import time
from typing import Any

from bot.emulator import ids

MAX_STACK = 3


class ViewError(Exception):
    """A Slack error code for a view operation (not_found, hash_conflict, push_limit_reached...)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class ViewStore:
    """Live views by id, their stacks, owners and external ids. Callers hold the workspace lock."""

    def __init__(self, meta: dict[str, str] | None = None) -> None:
        self.meta = meta or {}
        self.views: dict[str, dict[str, Any]] = {}
        self.owner: dict[str, str] = {}
        self.stacks: dict[str, list[str]] = {}
        self.home: dict[str, str] = {}

    def _build(
        self, payload: dict[str, Any], view_id: str, root_id: str, previous: str | None
    ) -> dict[str, Any]:
        """The view object as Slack returns it from views.* and sends it in interaction payloads."""
        team_id = self.meta.get("team_id", "")
        return {
            "id": view_id,
            "team_id": team_id,
            "type": payload.get("type"),
            "blocks": copy.deepcopy(payload.get("blocks") or []),
            "private_metadata": payload.get("private_metadata") or "",
            "callback_id": payload.get("callback_id") or "",
            "state": {"values": {}},
            "hash": ids.view_hash(time.time()),
            "title": copy.deepcopy(payload.get("title")),
            "clear_on_close": bool(payload.get("clear_on_close", False)),
            "notify_on_close": bool(payload.get("notify_on_close", False)),
            "close": copy.deepcopy(payload.get("close")),
            "submit": copy.deepcopy(payload.get("submit")),
            "previous_view_id": previous,
            "root_view_id": root_id,
            "app_id": self.meta.get("app_id", ""),
            "external_id": payload.get("external_id") or "",
            "app_installed_team_id": team_id,
            "bot_id": self.meta.get("bot_id", ""),
        }

    def _check_external_id(self, payload: dict[str, Any], keep: str | None = None) -> None:
        external = payload.get("external_id")
        if external and any(
            v["external_id"] == external and k != keep for k, v in self.views.items()
        ):
            raise ViewError("duplicate_external_id")

    def open(self, payload: dict[str, Any], user_id: str) -> dict[str, Any]:
        """Open a new modal stack for `user_id`."""
        self._check_external_id(payload)
        view_id = ids.slack_id("V")
        view = self._build(payload, view_id, view_id, None)
        self.views[view_id] = view
        self.owner[view_id] = user_id
        self.stacks[view_id] = [view_id]
        return view

    def push(self, payload: dict[str, Any], user_id: str, under: str) -> dict[str, Any]:
        """Push a modal on top of the stack that contains view `under`."""
        if under not in self.views:
            raise ViewError("not_found")
        root = self.views[under]["root_view_id"]
        stack = self.stacks.setdefault(root, [root])
        if len(stack) >= MAX_STACK:
            raise ViewError("push_limit_reached")
        self._check_external_id(payload)
        view_id = ids.slack_id("V")
        view = self._build(payload, view_id, root, stack[-1])
        self.views[view_id] = view
        self.owner[view_id] = user_id
        stack.append(view_id)
        return view

    def find(
        self, view_id: str | None = None, external_id: str | None = None
    ) -> dict[str, Any] | None:
        """A live view by id or external_id."""
        if view_id:
            return self.views.get(view_id)
        return next(
            (v for v in self.views.values() if external_id and v["external_id"] == external_id),
            None,
        )

    def update(
        self, view: dict[str, Any], payload: dict[str, Any], expected_hash: str | None
    ) -> dict[str, Any]:
        """Replace a view's content in place: same id, new hash, state kept where blocks survive."""
        if expected_hash and expected_hash != view["hash"]:
            raise ViewError("hash_conflict")
        if payload.get("type") and payload.get("type") != view["type"]:
            raise ViewError("view_type_mismatch" if view["type"] == "home" else "invalid_arguments")
        self._check_external_id(payload, keep=view["id"])
        fresh = self._build(payload, view["id"], view["root_view_id"], view["previous_view_id"])
        fresh["external_id"] = fresh["external_id"] or view["external_id"]
        kept_blocks = {b.get("block_id") for b in fresh["blocks"]}
        old_values = view["state"]["values"]
        fresh["state"]["values"] = {k: v for k, v in old_values.items() if k in kept_blocks}
        view.clear()
        view.update(fresh)
        return view

    def publish(
        self, payload: dict[str, Any], user_id: str, expected_hash: str | None
    ) -> dict[str, Any]:
        """Publish (create or replace) the Home tab of `user_id`; its view id is stable."""
        current = self.views.get(self.home.get(user_id, ""))
        if current is not None:
            return self.update(current, payload, expected_hash)
        view_id = ids.slack_id("V")
        view = self._build(payload, view_id, view_id, None)
        self.views[view_id] = view
        self.owner[view_id] = user_id
        self.home[user_id] = view_id
        return view

    def close(self, view_id: str) -> None:
        """Close one modal (an empty submission ack): pops it off its stack."""
        view = self.views.pop(view_id, None)
        self.owner.pop(view_id, None)
        if view is None:
            return
        stack = self.stacks.get(view["root_view_id"], [])
        if view_id in stack:
            stack.remove(view_id)
        if not stack:
            self.stacks.pop(view["root_view_id"], None)

    def clear(self, view_id: str) -> None:
        """Close the whole stack containing `view_id` (response_action "clear")."""
        view = self.views.get(view_id)
        if view is None:
            return
        for member in list(self.stacks.get(view["root_view_id"], [view_id])):
            self.close(member)
