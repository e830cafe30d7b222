"""Fixtures for the emulator's own tests: a seeded emulator and a real slack_sdk client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.emulator import SlackEmulator

OWNER, ALICE, GUEST = "U0OWNER", "U0ALICE", "U0GUEST"
PROJ, SECRET, ELSEWHERE = "C0PROJ", "C0SECRET", "C0ELSE"


@pytest.fixture
def emu() -> Iterator[SlackEmulator]:
    """A started emulator: three people, a project channel, a private one, one without the bot."""
    with SlackEmulator() as emulator:
        emulator.add_user(OWNER, name="olivia", real_name="Olivia Owner", tz="Europe/London")
        emulator.add_user(ALICE, name="alice", real_name="Alice Contractor", tz="America/New_York")
        emulator.add_user(
            GUEST, name="gus", real_name="Gus Guest", tz="Asia/Kolkata", is_restricted=True
        )
        emulator.add_channel(PROJ, name="proj-site", members=[OWNER, ALICE])
        emulator.add_channel(SECRET, name="secret", is_private=True, members=[OWNER])
        emulator.add_channel(ELSEWHERE, name="elsewhere", members=[OWNER], bot_member=False)
        yield emulator


@pytest.fixture
def client(emu: SlackEmulator) -> WebClient:
    """slack_sdk's own WebClient pointed at the emulator, as the bot builds it."""
    return WebClient(token=emu.bot_token, base_url=emu.api_url)
