"""`python -m bot` is the same as `tandem`."""

import sys

from bot.cli import main

sys.exit(main())
