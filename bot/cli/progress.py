"""A plain-text progress bar on stderr, redrawn in place only when stderr is a terminal."""

from __future__ import annotations

from typing import TextIO

WIDTH = 30


class Progress:
    """`[##########....................]  33%  1,000/3,000 rows  payments`; silent when piped."""

    def __init__(self, total: int, stream: TextIO, enabled: bool | None = None) -> None:
        self.total, self.done, self.stream = max(total, 1), 0, stream
        # Logs and CI capture stderr: a bar redrawn with \r would fill them with noise.
        self.enabled = stream.isatty() if enabled is None else enabled

    def advance(self, rows: int, label: str = "") -> None:
        """Count `rows` more and redraw."""
        self.done += rows
        if self.enabled:
            filled = min(WIDTH, WIDTH * self.done // self.total)
            percent = min(100, 100 * self.done // self.total)
            bar = "#" * filled + "." * (WIDTH - filled)
            self.stream.write(f"\r[{bar}] {percent:3d}%  {self.done:,}/{self.total:,} rows  {label:<20.20}")
            self.stream.flush()

    def finish(self) -> None:
        """End the bar's line so later output starts on a fresh one."""
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
