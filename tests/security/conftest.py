"""Security tests attack the running bot like the e2e tier does: the same server, emulator and driver."""

from tests.e2e.conftest import bot, emulator, slack  # noqa: F401  (fixtures shared with tests/e2e)
