"""The newcomer's walk through the sandbox in a real browser, one screenshot per step."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot.sandbox import Sandbox
from bot.sandbox.seed import FREELANCER, OWNER
from tests.sandbox.browser import Steps, browser_page, require_browser

JUMP_TIMEOUT = 90_000  # a week's jump replays the sweeps hour by hour


@pytest.fixture
def page(sandbox: Sandbox) -> Iterator[Any]:
    require_browser()
    sandbox.reset()
    yield from browser_page(sandbox.url)


def sign_in(page: Any, person: str) -> None:
    page.select_option("#who", person)
    page.wait_for_function(f"document.querySelector('#who').value === '{person}'")


def send(page: Any, text: str, box: str = "#composer-text") -> None:
    page.fill(box, text)
    page.press(box, "Enter")


def jump(page: Any, preset: str) -> None:
    page.click(f"[data-jump='{preset}']")
    page.wait_for_selector(f"[data-jump='{preset}']:not([disabled])", timeout=JUMP_TIMEOUT)


def messages(page: Any) -> Any:
    return page.locator("#messages")


def test_newcomer_walk(page: Any, sandbox: Sandbox) -> None:
    steps = Steps(page, "newcomer")
    expect = require_browser().expect
    expect(page.locator("#channels")).to_contain_text("proj-website")
    expect(page.locator("#channels")).to_contain_text("agency-shared")
    expect(page.locator("#guide")).to_contain_text("Kick off an engagement")
    expect(page.locator("#clock-now")).to_contain_text("Mon 1 Feb")
    steps.shot("open the page")

    send(page, '/kickoff @maria "Website redesign" due in 4 weeks sla=8h')
    modal = page.locator(".modal")
    expect(modal).to_contain_text("Kick off an engagement")
    expect(modal.locator("[data-input=title] input")).to_have_value("Website redesign")
    page.click("[data-modal=submit]")
    expect(modal.locator("[data-input=objectives] .error")).to_be_visible()
    steps.shot("kickoff modal says what is missing")
    modal.locator("[data-input=objectives] [data-type]").fill("A faster site that sells")
    modal.locator("[data-input=deliverables] [data-type]").fill("Homepage and three pages")
    page.click("[data-modal=submit]")
    expect(page.locator("#modal")).to_be_hidden()
    expect(messages(page)).to_contain_text("Kickoff: Website redesign")
    expect(messages(page)).to_contain_text("Only visible to you")
    expect(page.locator("[data-step=kickoff]")).to_have_class("done")
    steps.shot("kickoff brief in the channel")

    jump(page, "+1d")
    prompt = page.locator(".msg", has_text="time for your check-in").first
    expect(prompt).to_contain_text("@maria")
    sign_in(page, FREELANCER.id)
    expect(messages(page)).not_to_contain_text("Only visible to you")  # Olivia's, not Maria's
    prompt.locator("[data-thread]").click()
    expect(page.locator("#thread")).to_be_visible()
    send(page, "on-track 30% mockups done, copy next", box="#thread-text")
    expect(page.locator("#thread-messages")).to_contain_text("mockups done")
    expect(page.locator("[data-step=checkin]")).to_have_class("done")
    expect(page.locator("#thread-messages .reaction").first).to_be_visible()
    steps.shot("contractor checks in from the thread")

    page.click("#thread-close")
    jump(page, "+1w")
    expect(page.locator("[data-step=jump]")).to_have_class("done")
    thursday = page.locator(".msg", has_text="time for your check-in").filter(has_text="Thu 4 Feb")
    thursday.locator("div[data-thread]").click()  # "1 reply": nobody answered that prompt
    expect(page.locator("#thread-messages")).to_contain_text("a gentle reminder")
    steps.shot("a week later the missed check-in gets a follow-up")

    sign_in(page, OWNER.id)
    expect(page.locator("#thread")).to_be_hidden()
    send(page, "/payment add 500 USD due tomorrow ref=INV-1")
    expect(messages(page)).to_contain_text("USD 500.00")
    expect(page.locator("[data-step=payment]")).to_have_class("done")
    steps.shot("the owner adds a payment privately")

    jump(page, "monday")
    page.click("#dms li")
    expect(page.locator("#pane-head")).to_contain_text("Messages")
    mark_paid = page.locator("button", has_text="Mark paid")
    alert = messages(page).locator(".msg", has_text="overdue", has=mark_paid).last
    expect(alert).to_contain_text("USD 500.00")
    expect(page.locator("[data-step=overdue]")).to_have_class("done")
    alert.scroll_into_view_if_needed()
    steps.shot("the overdue alert in the owner's DMs")
    alert.locator(mark_paid).first.click()
    expect(messages(page)).to_contain_text("was marked paid by @olivia")
    expect(page.locator("[data-step=overdue]")).to_have_class("done")
    steps.shot("mark paid updates the alert")

    page.click("#apps li")  # once: a poll answered after the click must not undo it
    expect(page.locator("#pane-head .on")).to_have_text("Home")
    if sandbox.instance.emulator.home_views(OWNER.id) is None:
        # No app_home_opened listener yet: the page says so instead of showing an empty pane.
        expect(messages(page)).to_contain_text("has not published a Home tab")
    else:
        expect(messages(page).locator(".home")).not_to_be_empty()
    steps.shot("the home tab")
