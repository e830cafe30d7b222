"""`tandem sandbox`: a local Slack in the browser, driving the real bot through the Slack emulator.

Sandbox(port=3000).start() serves the page; everything the page shows is produced by the same
bot and jobs code that runs against real Slack.
"""

from bot.sandbox.server import Sandbox

__all__ = ["Sandbox"]
