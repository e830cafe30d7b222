"""The onboarding checklist: shown in the kickoff brief with buttons to tick, and in the owner's reminders."""

from __future__ import annotations

from typing import Any

from bot.db.models import Engagement, Onboarding
from bot.domain.engagement import onboarding
from bot.slack import ids
from bot.slack.blocks.common import button, context, message, mrkdwn, user_text


def checklist_blocks(checklist: Onboarding, *, with_dismiss: bool = False) -> list[dict[str, Any]]:
    """One list: each item on its own line with its tick and the button that toggles it.

    The items are not listed twice (a ⬜ list, then a row of buttons saying the same): each
    line carries its button as an accessory (action id tick_onboarding_<item>). A finished list
    is one block with no buttons.
    """
    done = not onboarding.missing(checklist)
    title = "*Onboarding checklist*" + (" — all done :tada:" if done else "")
    if done:
        lines = [f":white_check_mark: {label}" for label in onboarding.ITEMS.values()]
        return [mrkdwn(title + "\n" + "\n".join(lines))]
    blocks: list[dict[str, Any]] = [mrkdwn(title)]
    for item, label in onboarding.ITEMS.items():
        ticked = onboarding.ticked(checklist, item)
        line = mrkdwn(f"{':white_check_mark:' if ticked else ':white_square:'} {label}")
        line["block_id"] = f"onboarding_{item}"
        line["accessory"] = button("Undo" if ticked else "Mark done", f"{ids.TICK_ONBOARDING}_{item}",
                                   str(checklist.id))
        blocks.append(line)
    if with_dismiss:
        blocks.append({"type": "actions", "block_id": "onboarding",
                       "elements": [button("Stop reminding me", ids.DISMISS_ONBOARDING, str(checklist.id))]})
    return blocks


def build_onboarding_reminder(checklist: Onboarding) -> dict[str, Any]:
    """The owner's reminder: what is still missing, with the same buttons and a way to stop."""
    engagement: Engagement = checklist.engagement
    left = [onboarding.ITEMS[item] for item in onboarding.missing(checklist)]
    lead = (f":clipboard: Onboarding for *{user_text(engagement.title, 150)}* with "
            f"<@{engagement.contractor.person.user_id}> is not finished: {', '.join(left).lower()} still to do.")
    return message(f"Onboarding: {len(left)} item(s) left", [
        mrkdwn(lead), *checklist_blocks(checklist, with_dismiss=True),
        context("Only you see this. A good start saves weeks later; I'll remind you every few days."),
    ])


def build_onboarding_dismissed(checklist: Onboarding) -> dict[str, Any]:
    """What a reminder becomes when the owner stops the reminders."""
    text = f":no_bell: No more onboarding reminders for *{user_text(checklist.engagement.title, 150)}*."
    return message(text, [mrkdwn(text)])
