"""A local Slack for tests and the sandbox: Web API + Socket Mode emulator and a request driver.

with SlackEmulator() as emu:
    emu.add_user("U0OWNER", name="olivia")
    drv = SlackDriver(emu, bot_url="http://127.0.0.1:3000/slack/events")
"""

from bot.emulator.driver import SlackDriver
from bot.emulator.reply import Reply
from bot.emulator.server import DEFAULT_SCOPES, SlackEmulator
from bot.emulator.signing import signature
from bot.emulator.view_state import DriverError
from bot.emulator.webapi import ApiCall

__all__ = [
    "DEFAULT_SCOPES",
    "ApiCall",
    "DriverError",
    "Reply",
    "SlackDriver",
    "SlackEmulator",
    "signature",
]
