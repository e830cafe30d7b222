"""Slack answers 429, 500 or slowly for a random 20 % of calls for a week: every due message lands exactly once."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from bot.emulator.server import SlackEmulator
from bot.slack.app import make_client
from tests.faults.simulation import add_contractors, posted_keys, simulate
from tests.faults.test_soak import START, expected
from tests.support.duties import Clock, migrated_runtime


def flaky_week(tmp_path, emulator: SlackEmulator, engagements: int, seed: int) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(START)
    runtime = migrated_runtime(f"sqlite:///{tmp_path / f'flaky-{seed}.db'}", clock, emulator.api_url)
    emulator.set_fault_rate(0.2, seed=seed, kinds=("429", "500", "slow"))
    try:
        add_contractors(runtime, emulator, engagements)
        end, step = START + timedelta(days=7), timedelta(hours=1)
        simulate(runtime, make_client(runtime), clock, START, end, step)
    finally:
        runtime.engine.dispose()
    failed = [c for c in emulator.calls if not c.ok]
    assert failed, "the emulator injected no faults"
    keys = posted_keys(emulator)
    assert {key: n for key, n in keys.items() if n > 1} == {}
    by_duty = Counter(key.split(":")[0] for key in keys)
    per_engagement = expected(end, step)
    assert {duty: by_duty[duty] for duty in per_engagement} == {
        duty: n * engagements for duty, n in per_engagement.items()}


def test_a_flaky_week_delivers_everything_once(tmp_path, emulator: SlackEmulator) -> None:
    flaky_week(tmp_path, emulator, engagements=3, seed=5)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(5))
def test_many_flaky_weeks_deliver_everything_once(tmp_path, emulator: SlackEmulator, seed: int) -> None:
    flaky_week(tmp_path, emulator, engagements=10, seed=seed)
