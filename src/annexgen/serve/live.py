"""The deliverables kept current while the workbench runs: a build session in a thread
(as `watch`, with warm LibreOffices), and what the pages are told about it."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from annexgen import api


@dataclass(frozen=True, slots=True)
class BuildState:
    """What the page says about the deliverables: "starting", "current" (the last round
    published what the files now hold), "building", "invalid" or "failed"; when the last
    round ended, whether its page references are resolved, and why it failed."""

    state: str
    at: float = 0.0
    resolved: bool = False
    failure: str = ""
    errors: int = 0


class LiveBuild:
    """Rebuilds on every save of the content or styles folder; `state()` is safe to call
    from any thread. Stop it with `stop()`."""

    def __init__(self, content: Path, styles: Path, out: Path, render: bool = True,
                 start_after: float = 0.0):
        self.content, self.styles, self.out, self.render = content, styles, out, render
        # The first build waits a moment: the first page is served before it takes the CPU.
        self.start_after = start_after
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._last: BuildState = BuildState("starting")
        self._ended = time.time()
        self._thread = threading.Thread(target=self._run, name="annexgen-live-build",
                                        daemon=True)

    def start(self) -> LiveBuild:
        self._thread.start()
        return self

    def state(self, changed_at: float) -> BuildState:
        """The last round's state, or "building" when the files changed after it ended."""
        with self._lock:
            last = self._last
        if last.state != "starting" and changed_at > self._ended:
            return BuildState("building", last.at, last.resolved)
        return last

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        if self._stop.wait(self.start_after):
            return
        try:
            with api.session(self.content, self.styles, self.out, render=self.render) as session:
                session.watch(self._record, self._stop)
        except api.AnnexgenError as exc:
            with self._lock:
                self._last = BuildState("failed", time.time(), failure=exc.in_words())

    def _record(self, round_) -> None:
        with self._lock:
            if round_.kind in ("built", "rendered") and round_.result is not None:
                self._last = BuildState("current", round_.at, round_.result.resolved)
            elif round_.kind == "invalid":
                errors = sum(d.is_error for d in round_.diagnostics)
                self._last = BuildState("invalid", round_.at, errors=errors)
            else:
                self._last = BuildState("failed", round_.at, failure=round_.failure)
            self._ended = time.time()
