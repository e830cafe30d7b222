"""The per-channel pacer: a burst, then one post a second; a 429's Retry-After holds the channel."""

from __future__ import annotations

from bot.runtime import SlackPace
from jobs.pacing import Pacer


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_channel_gets_its_burst_at_once_then_one_post_a_second():
    ticks = Ticks()
    pacer = Pacer(SlackPace(per_channel_per_sec=1.0, burst=3), clock=ticks)
    assert pacer.ready_at("C1") <= ticks.now  # never posted to: at once
    for at in (100.0, 100.01, 100.02):
        assert pacer.ready_at("C1") <= at
        pacer.spent("C1", at)
    assert pacer.ready_at("C1") == 101.0  # the bucket refills from the first post, as Slack's does
    pacer.spent("C1", 101.0)
    assert pacer.ready_at("C1") == 102.0
    assert pacer.ready_at("C2") <= ticks.now  # another channel is not held back


def test_a_quiet_channel_gets_its_burst_back_but_no_more():
    pacer = Pacer(SlackPace(per_channel_per_sec=1.0, burst=3), clock=Ticks())
    for at in (100.0, 100.0, 100.0):
        pacer.spent("C1", at)
    for at in (160.0, 160.0, 160.0):  # a minute later: three again
        assert pacer.ready_at("C1") <= at
        pacer.spent("C1", at)
    assert pacer.ready_at("C1") == 161.0


def test_charging_when_slack_answered_never_lets_a_post_go_earlier_than_slack_allows():
    pacer = Pacer(SlackPace(per_channel_per_sec=2.0, burst=1), clock=Ticks())
    pacer.spent("C1", 100.3)  # Slack counted it at 100.0 and answered at 100.3
    assert pacer.ready_at("C1") == 100.8  # Slack itself would allow 100.5: we are later, never earlier


def test_retry_after_holds_the_channel_even_with_tokens_left():
    ticks = Ticks()
    pacer = Pacer(SlackPace(per_channel_per_sec=1.0, burst=3), clock=ticks)
    pacer.spent("C1", 100.0)
    pacer.hold("C1", 30.0)
    assert pacer.ready_at("C1") == 130.0
    pacer.hold("C1", 5.0)  # a shorter hold later does not shorten the first
    assert pacer.ready_at("C1") == 130.0
    assert pacer.ready_at("C2") <= ticks.now
