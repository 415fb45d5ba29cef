"""What a long command is doing, on one line of stderr, only on a terminal and only once
the work has taken a couple of seconds (quiet otherwise, as compilers and git are)."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

SHOW_AFTER_S = 2.0
_TICK_S = 0.25


class Progress:
    """Told the phase as it begins; shows "annexgen: rendering… 4.1 s" and keeps the clock
    running while the phase lasts. Use as a context manager: the line is cleared at the end."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self.phase = ""
        self._shown = False
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, daemon=True)

    def __call__(self, phase: str) -> None:
        self.phase = phase

    def __enter__(self) -> Progress:
        if self.enabled:
            self._ticker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._ticker.is_alive():
            self._ticker.join(timeout=1)
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def _tick(self) -> None:
        while not self._stop.wait(_TICK_S):
            elapsed = time.monotonic() - self.started
            if elapsed >= SHOW_AFTER_S and self.phase:
                self.stream.write(f"\r\033[Kannexgen: {self.phase}… {elapsed:.1f} s")
                self.stream.flush()
                self._shown = True
