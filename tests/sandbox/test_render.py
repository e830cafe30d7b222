"""The page's mrkdwn and Block Kit rendering, checked in the browser that runs it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot.sandbox import Sandbox
from tests.sandbox.browser import browser_page, require_browser

PEOPLE = [{"id": "U0MARIA", "name": "maria", "real_name": "Maria F", "is_bot": False}]
MESSAGE = {
    "text": "fallback",
    "blocks": [
        {"type": "header", "text": {"type": "plain_text", "text": "Kickoff :tada:"}},
        {
            "type": "section",
            "block_id": "s1",
            "text": {"type": "mrkdwn", "text": "Hi <@U0MARIA>"},
            "fields": [{"type": "mrkdwn", "text": "*Due*\n1 Mar"}],
            "accessory": {
                "type": "static_select",
                "action_id": "pick",
                "options": [{"text": {"type": "plain_text", "text": "A"}, "value": "a"}],
            },
        },
        {"type": "divider"},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "_small print_"}]},
        {
            "type": "actions",
            "block_id": "a1",
            "elements": [
                {
                    "type": "button",
                    "action_id": "go",
                    "value": "7",
                    "style": "primary",
                    "text": {"type": "plain_text", "text": "Go"},
                }
            ],
        },
    ],
}


@pytest.fixture(scope="module")
def page(sandbox: Sandbox) -> Iterator[Any]:
    require_browser()
    yield from browser_page(sandbox.url)


def render(page: Any, module: str, call: str, *args: Any) -> str:
    script = f"async (args) => (await import('/static/js/{module}.js')).{call}(...args)"
    return page.evaluate(script, list(args))


def test_mrkdwn(page: Any) -> None:
    text = (
        "*bold* _it_ ~no~ `a*b*` <@U0MARIA> <https://example.com|site> :tada: &lt;tag&gt;\n> quoted"
    )
    html = render(page, "mrkdwn", "mrkdwn", text, PEOPLE, [])
    assert "<b>bold</b>" in html and "<i>it</i>" in html and "<s>no</s>" in html
    assert "<code>a*b*</code>" in html  # no bold inside code
    assert '<span class="mention">@maria</span>' in html
    assert '<a href="https://example.com"' in html and ">site</a>" in html
    assert "🎉" in html and "&lt;tag&gt;" in html and "<blockquote>quoted</blockquote>" in html


def test_script_in_text_is_shown_not_run(page: Any) -> None:
    html = render(page, "mrkdwn", "mrkdwn", "<script>alert(1)</script> <img src=x>", [], [])
    assert "<script>" not in html and "<img" not in html


def test_block_kit_message(page: Any) -> None:
    ctx = {"people": PEOPLE, "channels": [], "user": "U0MARIA"}
    html = render(page, "blocks", "renderMessageBody", MESSAGE, ctx)
    assert '<div class="b-header">Kickoff 🎉</div>' in html
    assert "@maria" in html and '<div class="b-fields">' in html and "<b>Due</b>" in html
    assert 'data-action-id="pick"' in html and '<option value="a"' in html
    assert '<hr class="b-divider">' in html and "<i>small print</i>" in html
    assert 'class="primary" data-action-id="go" data-block-id="a1" data-value="7"' in html
