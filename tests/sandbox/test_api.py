"""The sandbox API the page polls and posts to, driving the real bot through signed requests."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest

from bot.sandbox.seed import DEVELOPER, FREELANCER, OWNER, PROJECT
from tests.sandbox.conftest import PageApi

KICKOFF = (
    '/kickoff @maria "Website" due in 4 weeks objectives="A faster site" deliverables="Homepage"'
)


def wait_for(check, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    """Poll like the page does until `check()` is truthy."""
    deadline = time.monotonic() + timeout
    while not (found := check()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def texts(state: dict) -> str:  # type: ignore[type-arg]
    return "\n".join(str(m["blocks"]) + m["text"] for m in state["messages"])


def test_state_shows_only_the_persons_conversations(api: PageApi) -> None:
    state = api.state(OWNER.id, PROJECT)
    names = [c["name"] for c in state["conversations"]]
    assert names == ["proj-website", "agency-shared", "general", "Tandem"]
    assert state["channel"] == PROJECT and state["messages"] == [] and state["modal"] is None
    assert {p["title"] for p in state["people"]} >= {"owner", "freelancer", "agency developer"}
    developer = api.state(DEVELOPER.id, PROJECT)  # not a member: falls back to a channel they see
    assert developer["channel"] != PROJECT
    assert "proj-website" not in [c["name"] for c in developer["conversations"]]


def test_a_slash_command_posts_the_brief_and_an_ephemeral_only_its_user_sees(api: PageApi) -> None:
    status, answer = api.post("send", user=OWNER.id, channel=PROJECT, text=KICKOFF)
    assert status == 200 and answer["ok"]
    owner = wait_for(lambda: (s := api.state(OWNER.id, PROJECT)) and len(s["messages"]) >= 2 and s)
    assert "Kickoff: Website" in texts(owner)
    assert any(m["ephemeral"] for m in owner["messages"]) and owner["checklist"]["kickoff"]
    maria = api.state(FREELANCER.id, PROJECT)
    assert "Kickoff: Website" in texts(maria)
    assert not any(m["ephemeral"] for m in maria["messages"])


def test_unknown_commands_and_help_answer_like_slack(api: PageApi) -> None:
    api.post("send", user=OWNER.id, channel=PROJECT, text="/nope")
    api.post("send", user=OWNER.id, channel=PROJECT, text="/payment help")
    state = wait_for(lambda: (s := api.state(OWNER.id, PROJECT)) and len(s["messages"]) >= 2 and s)
    assert "not a valid command" in texts(state) and "/payment paid" in texts(state)


def test_a_modal_keeps_the_bots_errors_until_fixed(api: PageApi) -> None:
    api.post("send", user=OWNER.id, channel=PROJECT, text='/kickoff @maria "Logo" due in 2 weeks')
    modal = wait_for(lambda: api.state(OWNER.id, PROJECT)["modal"])
    status, answer = api.post("submit", user=OWNER.id, view_id=modal["id"], values={})
    assert status == 200 and set(answer["errors"]) >= {"objectives", "deliverables"}
    assert api.state(OWNER.id, PROJECT)["modal"]["errors"] == answer["errors"]
    assert api.state(FREELANCER.id, PROJECT)["modal"] is None  # only its owner sees a modal
    values = {"objectives": {"objectives": "A logo"}, "deliverables": {"deliverables": "SVG"}}
    status, answer = api.post("submit", user=OWNER.id, view_id=modal["id"], values=values)
    assert answer["ok"] and api.state(OWNER.id, PROJECT)["modal"] is None


def test_jumping_runs_the_due_sweeps_on_the_way(api: PageApi) -> None:
    api.post("send", user=OWNER.id, channel=PROJECT, text=KICKOFF)
    wait_for(lambda: api.state(OWNER.id, PROJECT)["checklist"]["kickoff"])
    before = api.state(OWNER.id)["now"]
    status, answer = api.post("jump", user=OWNER.id, preset="+1d")
    assert status == 200 and answer["now"][:10] == "2027-02-02" and before[:10] == "2027-02-01"
    assert any("check-in prompt" in line for line in answer["sent"])
    prompt = next(
        m for m in api.state(FREELANCER.id, PROJECT)["messages"] if "check-in" in m["text"].lower()
    )
    assert prompt["at"].startswith("2027-02-01T15:")  # 10:00 in Bogota, shown at its sandbox time


def test_a_jump_to_the_past_says_time_only_moves_forward(api: PageApi) -> None:
    before = api.state(OWNER.id)["now"]
    status, answer = api.post("jump", user=OWNER.id, preset="at", at="25 Jan 09:00")
    assert status == 400 and "only moves forward" in answer["error"] and answer["offer_reset"]
    assert "Mon 1 Feb 2027" in answer["error"]  # what "now" is, in the person's day-month order
    assert api.state(OWNER.id)["now"][:16] == before[:16]  # nothing moved
    status, answer = api.post("jump", user=OWNER.id, preset="at", at="2 Feb 10:00")
    assert status == 200 and answer["now"].startswith("2027-02-02T10:00")  # London = UTC in winter


def test_refusals_are_400_with_a_reason(api: PageApi) -> None:
    status, answer = api.post("submit", user=OWNER.id, view_id="V0NOPE", values={})
    assert status == 400 and "not open" in answer["error"]
    status, answer = api.post("jump", user=OWNER.id, preset="someday")
    assert status == 400 and "unknown jump" in answer["error"]


def test_the_page_and_its_scripts_are_served_and_nothing_else(api: PageApi) -> None:
    with urllib.request.urlopen(api.base_url, timeout=10) as response:
        assert b"Tandem sandbox" in response.read()
    with urllib.request.urlopen(api.base_url + "static/js/app.js", timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/javascript")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(api.base_url + "static/../instance.py", timeout=10)
    refused.value.close()
    assert refused.value.code == 404


def test_reset_starts_again_from_the_seed(api: PageApi) -> None:
    api.post("send", user=OWNER.id, channel=PROJECT, text="hello @maria")
    assert api.state(OWNER.id, PROJECT)["messages"][0]["text"] == f"hello <@{FREELANCER.id}>"
    status, _ = api.post("reset")
    assert status == 200 and api.state(OWNER.id, PROJECT)["messages"] == []
