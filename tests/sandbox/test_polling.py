"""The page's polls change only what changed: nodes, focus, typing and clicks survive them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from bot.sandbox import Sandbox, web
from bot.sandbox.seed import FREELANCER, OWNER, PROJECT
from tests.sandbox.browser import browser_page, require_browser
from tests.sandbox.conftest import PageApi

KICKOFF = '/kickoff @maria "Website redesign" due in 4 weeks sla=8h'


@pytest.fixture
def page(sandbox: Sandbox) -> Iterator[Any]:
    require_browser()
    sandbox.reset()
    yield from browser_page(sandbox.url)


class Polls:
    """Counts the page's answered GET /api/state requests, so a test can wait for real polls."""

    def __init__(self, page: Any) -> None:
        self.page, self.done = page, 0
        page.on("requestfinished", self._count)

    def _count(self, request: Any) -> None:
        if "/api/state" in request.url:
            self.done += 1

    def wait(self, count: int) -> None:
        """Let `count` more polls come back (Playwright dispatches events while it waits)."""
        target = self.done + count
        for _ in range(200):
            if self.done >= target:
                return
            self.page.wait_for_timeout(100)
        raise AssertionError(f"only {self.done - target + count} of {count} polls came back in 20 s")


def mark(page: Any, selector: str) -> None:
    """Tag the node now matching `selector` with a JS property a replaced node would not have."""
    page.eval_on_selector(selector, "node => { node.__tandemMark = true; }")


def still_marked(page: Any, selector: str) -> bool:
    return bool(page.eval_on_selector(selector, "node => node.__tandemMark === true"))


def test_polls_keep_the_sidebar_and_unchanged_messages(page: Any, sandbox: Sandbox) -> None:
    expect = require_browser().expect
    api = PageApi(sandbox.url)
    assert api.post("send", user=OWNER.id, channel=PROJECT, text="first words")[0] == 200
    expect(page.locator("#messages .msg")).to_have_count(1)
    polls = Polls(page)
    for selector in ("#channels li", "#dms li", "#apps li", "#messages .msg", "#who option"):
        mark(page, selector)

    polls.wait(4)  # idle: the same state four times
    for selector in ("#channels li", "#dms li", "#apps li", "#messages .msg", "#who option"):
        assert still_marked(page, selector), f"an idle poll replaced {selector}"

    assert api.post("send", user=FREELANCER.id, channel=PROJECT, text="second words")[0] == 200
    expect(page.locator("#messages .msg")).to_have_count(2)
    polls.wait(2)
    assert still_marked(page, "#messages .msg:first-child"), "a new message replaced the old one"
    assert still_marked(page, "#channels li")


def test_typing_and_focus_survive_polls(page: Any) -> None:
    expect = require_browser().expect
    polls = Polls(page)
    expect(page.locator("#channels li.active")).to_have_count(1)
    page.click("#composer-text")
    page.keyboard.type("half a tho")
    polls.wait(4)
    assert page.input_value("#composer-text") == "half a tho"
    assert page.evaluate("document.activeElement.id") == "composer-text"
    page.keyboard.type("ught")
    assert page.input_value("#composer-text") == "half a thought"

    page.fill("#composer-text", KICKOFF)
    page.press("#composer-text", "Enter")
    modal = page.locator(".modal")
    expect(modal).to_contain_text("Kick off an engagement")
    deliverables = modal.locator("[data-input=deliverables] [data-type]")
    deliverables.click()
    page.keyboard.type("Homepage and three pages")
    polls.wait(3)
    assert deliverables.input_value() == "Homepage and three pages"
    assert page.evaluate("document.activeElement.closest('[data-input]')?.dataset.input") == "deliverables"

    page.click("[data-modal=submit]")  # objectives left empty: the bot answers with an error on it
    expect(modal.locator("[data-input=objectives] .error")).to_be_visible()
    polls.wait(2)
    assert deliverables.input_value() == "Homepage and three pages", "the error redraw lost the typing"


class HeldPoll:
    """Holds one GET /api/state on the server until released: a slow poll, on demand."""

    def __init__(self, build: Callable[..., Any]) -> None:
        self.build = build
        self.armed, self.started, self.release = False, threading.Event(), threading.Event()
        self._lock = threading.Lock()

    def __call__(self, *args: Any) -> Any:
        with self._lock:
            hold, self.armed = self.armed, False
        state = self.build(*args)  # computed for what the page asked when it sent the poll
        if hold:
            self.started.set()
            self.release.wait(timeout=20)
        return state


def test_a_slow_poll_sent_before_a_click_does_not_undo_it(
    page: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    expect = require_browser().expect
    held = HeldPoll(web.build_state)
    monkeypatch.setattr(web, "build_state", held)
    expect(page.locator("#pane-head")).to_contain_text("proj-website")
    polls = Polls(page)

    held.armed = True
    assert held.started.wait(timeout=10), "the page stopped polling"
    page.click("#apps li")  # while a poll for #proj-website is still out
    expect(page.locator("#pane-head .on")).to_have_text("Home")
    held.release.set()
    polls.wait(3)  # the held answer has come back, and polls after it
    tab = page.locator("#pane-head .on")
    assert tab.count() == 1 and tab.text_content() == "Home", "the old poll took the page back"
    assert page.locator("#apps li").get_attribute("class") == "active"
