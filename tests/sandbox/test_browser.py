"""The newcomer's walk through the sandbox in a real browser, at 1440, 1280 and 1024 px.

At every step the top bar is checked for controls that wrap or overlap (bounding boxes), every
click is made once (a click swallowed by a poll's re-render would fail the step), and a
screenshot is saved per step per width under test-artifacts/sandbox/.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from bot.sandbox import Sandbox
from bot.sandbox.seed import FREELANCER, OWNER
from tests.sandbox.browser import Steps, browser_page, require_browser

JUMP_TIMEOUT = 90_000  # a week's jump replays the sweeps hour by hour
WIDTHS = (1440, 1280, 1024)
HEIGHT = 860

# Every visible top-bar control's box, for the checks below (the clock's children are controls
# of their own; the clock group itself is only a container).
TOPBAR_BOXES = """() => [...document.querySelectorAll('header.topbar > *, .topbar .clock > *')]
  .filter((n) => !n.classList.contains('clock') && n.getClientRects().length > 0)
  .map((n) => { const r = n.getBoundingClientRect();
    return { name: n.id || n.className || n.tagName, left: r.left, right: r.right, top: r.top,
             bottom: r.bottom, clipped: n.scrollWidth > n.clientWidth + 1 && n.id === 'clock-now' }; })"""


@pytest.fixture
def page(sandbox: Sandbox, request: pytest.FixtureRequest) -> Iterator[Any]:
    require_browser()
    sandbox.reset()
    yield from browser_page(sandbox.url, width=getattr(request, "param", 1440), height=HEIGHT)


def topbar_problems(page: Any) -> list[str]:
    """Controls that wrap onto a second row, overlap a neighbour, leave the window or are cut."""
    boxes = page.evaluate(TOPBAR_BOXES)
    width = page.evaluate("window.innerWidth")
    problems = []
    names = {b["name"] for b in boxes}
    if not {"clock-now", "reset", "who"} <= names:  # the checks below must see the whole bar
        return [f"top bar controls not found: {sorted(names)}"]
    middles = [(b["top"] + b["bottom"]) / 2 for b in boxes]
    if max(middles) - min(middles) > 4:
        problems.append(f"not one row: {[(b['name'], round(b['top'])) for b in boxes]}")
    ordered = sorted(boxes, key=lambda b: b["left"])
    for left, right in zip(ordered, ordered[1:], strict=False):
        if left["right"] > right["left"] + 0.5:
            problems.append(f"{left['name']} overlaps {right['name']}")
    for box in boxes:
        if box["bottom"] - box["top"] > 30:
            problems.append(f"{box['name']} wraps inside ({box['bottom'] - box['top']:.0f} px tall)")
        if box["right"] > width or box["left"] < 0:
            problems.append(f"{box['name']} leaves the window")
        if box["clipped"]:
            problems.append("the time is cut off")
    return problems


class Walk:
    """One width's walk: checks the top bar and saves a screenshot at every step."""

    def __init__(self, page: Any, width: int) -> None:
        self.page, self.width = page, width
        self.steps = Steps(page, f"newcomer-{width}")
        self.expect = require_browser().expect

    def shot(self, name: str) -> None:
        assert topbar_problems(self.page) == [], f"top bar at {self.width} px, step {name!r}"
        self.steps.shot(name)

    def sign_in(self, person: str) -> None:
        self.page.select_option("#who", person)
        self.page.wait_for_function(f"document.querySelector('#who').value === '{person}'")

    def send(self, text: str, box: str = "#composer-text") -> None:
        self.page.fill(box, text)
        self.page.press(box, "Enter")

    def jump(self, preset: str) -> None:
        self.page.click(f"[data-jump='{preset}']")
        self.page.wait_for_selector(f"[data-jump='{preset}']:not([disabled])", timeout=JUMP_TIMEOUT)

    def done(self, step: str) -> None:
        self.expect(self.page.locator(f"[data-step={step}]")).to_have_class("done")

    def not_done(self, step: str) -> None:
        self.expect(self.page.locator(f"[data-step={step}]")).not_to_have_class("done")

    def kickoff(self, title: str) -> None:
        """Type /kickoff and fill in what the form asks for."""
        self.send(f'/kickoff @maria "{title}" due in 4 weeks sla=8h')
        modal = self.page.locator(".modal")
        self.expect(modal).to_contain_text("Kick off an engagement")
        self.expect(modal.locator("[data-input=title] input")).to_have_value(title)
        self.page.click("[data-modal=submit]")
        self.expect(modal.locator("[data-input=objectives] .error")).to_be_visible()
        deadline = modal.locator("[data-input=deadline] [data-type]").input_value()
        assert deadline and deadline[0].isdigit() and not deadline[:4].isdigit(), deadline  # "1 Mar 2027"
        self.shot(f"{title} kickoff form says what is missing")
        modal.locator("[data-input=objectives] [data-type]").fill("A faster site that sells")
        modal.locator("[data-input=deliverables] [data-type]").fill("Homepage and three pages")
        self.page.click("[data-modal=submit]")
        self.expect(self.page.locator("#modal")).to_be_hidden()
        self.expect(messages(self.page)).to_contain_text(f"Kickoff: {title}")


def messages(page: Any) -> Any:
    return page.locator("#messages")


def channel_readable_beside_thread(page: Any) -> None:
    """With a thread open the channel keeps half the window, and its last message stays in view."""
    pane = page.locator("main.pane").bounding_box()
    width = page.evaluate("window.innerWidth")
    assert pane["width"] >= width * 0.45, f"channel squeezed to {pane['width']:.0f} of {width} px"
    assert page.locator("#guide").is_hidden(), "the guide and the thread share one side panel"
    page.wait_for_function(
        """() => { const box = document.querySelector('#messages').getBoundingClientRect();
                   const last = [...document.querySelectorAll('#messages .msg')].pop();
                   return last && last.getBoundingClientRect().bottom <= box.bottom + 1; }""",
        timeout=5_000,
    )


@pytest.mark.parametrize("page", WIDTHS, indirect=True, ids=[f"{w}px" for w in WIDTHS])
def test_newcomer_walk(page: Any, sandbox: Sandbox) -> None:
    started = time.monotonic()
    width = page.evaluate("window.innerWidth")
    walk = Walk(page, width)
    expect = walk.expect
    expect(page.locator("#channels")).to_contain_text("proj-website")
    expect(page.locator("#channels")).to_contain_text("agency-shared")
    expect(page.locator("#guide")).to_contain_text("Kick off an engagement")
    expect(page.locator("#clock-now")).to_contain_text("Mon 1 Feb")
    walk.shot("open the page")

    walk.kickoff("Website redesign")
    expect(messages(page)).to_contain_text("Only visible to you")
    brief = messages(page).locator(".msg", has_text="Kickoff: Website redesign")
    expect(brief.get_by_text("Documents shared")).to_have_count(1)  # one checklist, not two
    walk.done("kickoff")
    walk.shot("kickoff brief in the channel")

    walk.jump("+1d")
    prompt = page.locator(".msg", has_text="time for your check-in").first
    expect(prompt).to_contain_text("@maria")
    walk.sign_in(FREELANCER.id)
    expect(messages(page)).not_to_contain_text("Only visible to you")  # Olivia's, not Maria's
    walk.not_done("checkin")
    prompt.locator("[data-thread]").click()
    expect(page.locator("#thread")).to_be_visible()
    channel_readable_beside_thread(page)
    walk.send("on-track 30% mockups done, copy next", box="#thread-text")
    expect(page.locator("#thread-messages")).to_contain_text("mockups done")
    expect(page.locator("#thread-messages .reaction")).to_contain_text("✅")
    walk.not_done("note")
    walk.send("thanks, the copy comes tomorrow", box="#thread-text")
    expect(page.locator("#thread-messages .reaction").nth(1)).to_contain_text("📝")
    channel_readable_beside_thread(page)
    walk.shot("contractor checks in from the thread and chats after it")
    page.click("#thread-close")
    expect(page.locator("#guide")).to_be_visible()
    walk.done("checkin")
    walk.done("note")

    walk.send("/checkin blocked 40% homepage | blocked: need the logo files")
    expect(messages(page)).to_contain_text("need the logo files")
    walk.not_done("blocker")  # raised is not cleared
    walk.send("/checkin unblock")
    walk.done("blocker")
    walk.send("/availability hours=09:00-18:00 days=mon-fri")
    walk.done("availability")
    walk.shot("a blocker raised and cleared, hours set")

    walk.jump("+1w")
    thursday = page.locator(".msg", has_text="time for your check-in").filter(has_text="Thu 4 Feb")
    thursday.locator("div[data-thread]").click()  # "1 reply": nobody answered that prompt
    expect(page.locator("#thread-messages")).to_contain_text("a gentle reminder")
    walk.not_done("missed")  # the owner has not seen her alert yet
    walk.shot("a week later the missed check-in gets a follow-up")

    walk.sign_in(OWNER.id)
    expect(page.locator("#thread")).to_be_hidden()
    walk.send("/payment add 500 USD due tomorrow ref=INV-1")
    expect(messages(page)).to_contain_text("USD 500.00")
    walk.done("payment")
    walk.shot("the owner adds a payment privately")

    walk.jump("monday")
    walk.not_done("overdue")  # the alert is sent, but not seen yet
    page.click("#dms li")
    expect(page.locator("#pane-head")).to_contain_text("Messages")
    mark_paid = page.locator("button", has_text="Mark paid")
    alert = messages(page).locator(".msg", has_text="overdue", has=mark_paid).last
    expect(alert).to_contain_text("USD 500.00")
    walk.done("overdue")
    walk.done("missed")
    alert.scroll_into_view_if_needed()
    walk.shot("the overdue alert in the owner's DMs")
    alert.locator(mark_paid).first.click()
    expect(messages(page)).to_contain_text("was marked paid by @olivia")
    walk.done("overdue")
    walk.shot("mark paid updates the alert")

    page.click("#apps li")  # once: a poll answered after the click must not undo it
    expect(page.locator("#pane-head .on")).to_have_text("Home", timeout=3_000)
    expect(messages(page).locator(".home")).not_to_be_empty()
    walk.shot("the home tab")

    page.click("#channels li[data-channel=C0PROJWEB]")
    expect(page.locator("#pane-head")).to_contain_text("proj-website")
    walk.send("/engagement end wrapped up")
    expect(messages(page)).to_contain_text("wrapped up")
    walk.not_done("end")
    walk.kickoff("Phase two")
    walk.done("end")
    expect(page.locator("#guide h3")).to_contain_text("Done!")
    walk.shot("ended and kicked off again in the freed channel")
    print(f"walk at {width} px: {time.monotonic() - started:.1f} s")


def test_the_time_controls_fold_into_a_menu_below_1024(sandbox: Sandbox) -> None:
    require_browser()
    sandbox.reset()
    for page in browser_page(sandbox.url, width=900, height=700):
        expect = require_browser().expect
        expect(page.locator("#clock-now")).to_contain_text("Mon 1 Feb")
        assert page.locator("[data-jump='+1d']").is_hidden()
        assert topbar_problems(page) == []
        page.click("#menu-toggle")
        expect(page.locator("[data-jump='+1d']")).to_be_visible()
        page.fill("#jump-at", "25 Jan 09:00")  # the past: the page explains instead of doing nothing
        page.click("[data-jump='at']")
        expect(page.locator("#toast")).to_contain_text("Time only moves forward")
        expect(page.locator("#toast [data-toast-reset]")).to_be_visible()
        expect(page.locator("#clock-now")).to_contain_text("Mon 1 Feb")
        Steps(page, "menu-900").shot("time menu open, a jump to the past explained")


def test_people_type_formatted_text_and_help_keeps_explanations_outside_code(
    sandbox: Sandbox,
) -> None:
    require_browser()
    sandbox.reset()
    for page in browser_page(sandbox.url):
        expect = require_browser().expect
        page.click("#channels li[data-channel=C0GENERAL]")
        expect(page.locator("#pane-head")).to_contain_text("general")
        page.fill("#composer-text", "hello <b>x</b> *bold* _it_ `code` & @maria")
        page.press("#composer-text", "Enter")
        typed = page.locator("#messages .msg", has_text="hello").locator(".content")
        expect(typed).to_contain_text("bold")
        html = typed.inner_html()
        assert "<b>bold</b>" in html and "<i>it</i>" in html and "<code>code</code>" in html, html
        assert '<span class="mention">@maria</span>' in html, html
        text = typed.inner_text()
        assert "hello <b>x</b>" in text and "&lt;" not in text and "&amp;" not in text, text
        assert "*" not in text and "_it_" not in text, text

        page.fill("#composer-text", "/task help")
        page.press("#composer-text", "Enter")
        help_text = page.locator("#messages .msg", has_text="Track tasks").locator(".content")
        expect(help_text).to_contain_text("a milestone; the pay is private to the owner")
        codes = help_text.locator("code").all_inner_texts()
        assert codes and all(" — " not in code for code in codes), codes
        Steps(page, "typed").shot("formatted text and help")
