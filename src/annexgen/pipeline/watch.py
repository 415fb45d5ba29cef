"""`annexgen watch`: rebuild on every save, as loudly as build; keep the last good outputs."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from annexgen.core.diagnostics import ContentError, Diagnostic, Report
from annexgen.core.errors import CannotWrite
from annexgen.load.files import OUTCOMES_DIR, YAML_SUFFIXES
from annexgen.pipeline.build import BuildFailed, BuildResult, RenderFailed, build

if TYPE_CHECKING:
    from annexgen.render.renderer import Renderer

# How long a round waits for an outcome file that the last published round read, and that
# is gone, to come back (an editor that deletes a file, then writes it anew), and for the
# outcomes folder to stop changing.
SETTLE_SECONDS = 1.0
_SETTLE_POLL_S = 0.05


@dataclass(frozen=True)
class Round:
    """What one round did: "built" (office files only, as asked), "rendered", "invalid"
    (the content's problems) or "failed" (why, in `failure`); its diagnostics; the build's
    result when it published; the meetings that lost every outcome since the last round
    that published (meeting, outcomes it had); and when it ended."""

    kind: str
    diagnostics: tuple[Diagnostic, ...] = ()
    result: BuildResult | None = None
    failure: str = ""
    lost: tuple[tuple[str, int], ...] = ()
    at: float = field(default_factory=time.time)

    @property
    def outcomes(self) -> dict[str, int] | None:
        """Each meeting's outcomes in what was published (None: nothing was)."""
        if self.result is None or self.result.unchanged:
            return None
        return self.result.outcomes


def rebuild(content: Path, styles: Path, out: Path, render: bool,
            renderer: Renderer | None = None, render_timeout: float | None = None,
            tune_gc: bool = False) -> Round:
    """One round, one build, reporting what `annexgen build` reports: out/ keeps the last
    outputs, PDFs and resolved paper included, until the new ones are published together
    (with `renderer`, kept warm between rounds)."""
    report = Report()
    try:
        result = build(content, styles, out, report, render=render, renderer=renderer,
                       render_timeout=render_timeout, tune_gc=tune_gc)
    except ContentError:
        return Round("invalid", tuple(report.sorted()))
    except BuildFailed as exc:
        if renderer is not None and isinstance(exc, RenderFailed):
            renderer.close(wait=False)  # a fresh LibreOffice for the next round
        return Round("failed", tuple(report.sorted()), failure=str(exc))
    except CannotWrite as exc:
        return Round("failed", tuple(report.sorted()), failure=str(exc))
    return Round("rendered" if render else "built", tuple(report.sorted()), result)


class _Rounds:
    """The rounds of one watch: each waits for a half-saved outcomes folder to settle,
    builds, and says loudly when a meeting lost every outcome since the last round that
    published."""

    def __init__(self, content: Path, build_round: Callable[[], Round], settle: float):
        self.content, self.build_round, self.settle = content, build_round, settle
        self.files = frozenset(outcome_files(content))
        self.outcomes: dict[str, int] | None = None

    def next(self) -> Round:
        wait_for_outcome_files(self.content, self.files, self.settle)
        files = frozenset(outcome_files(self.content))
        event = self.build_round()
        if event.outcomes is None:  # nothing published: the last round's state stands
            return event
        lost = lost_meetings(self.outcomes, event.outcomes)
        self.files, self.outcomes = files, event.outcomes
        return replace(event, lost=lost)


def lost_meetings(before: dict[str, int] | None,
                  now: dict[str, int]) -> tuple[tuple[str, int], ...]:
    """Each meeting that had outcomes before and has none now, with how many it had."""
    return tuple((meeting, count) for meeting, count in (before or {}).items()
                 if count and now.get(meeting) == 0)


def outcome_files(content: Path) -> dict[str, tuple[int, int]]:
    """The outcome files there are now, each with its size and modification time."""
    found = {}
    with contextlib.suppress(OSError), os.scandir(content / OUTCOMES_DIR) as entries:
        for entry in entries:
            if entry.name.lower().endswith(YAML_SUFFIXES):
                with contextlib.suppress(OSError):
                    info = entry.stat()
                    found[entry.name] = (info.st_size, info.st_mtime_ns)
    return found


def wait_for_outcome_files(content: Path, expected: Iterable[str], seconds: float) -> None:
    """Returns at once when every `expected` outcome file is there; otherwise waits, at
    most `seconds`, until they are and the folder has stopped changing."""
    wanted = frozenset(expected)
    seen = outcome_files(content)
    if wanted <= seen.keys():
        return
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(_SETTLE_POLL_S)
        now = outcome_files(content)
        if wanted <= now.keys() and now == seen:
            return
        seen = now


# Two LibreOffices render the two annexes side by side (0.54x the time of one, warm).
WARM_RENDERERS = 2


class Session:
    """A long-lived build of one content folder: LibreOffices kept warm between rounds, each
    round one build reported as an Round; `watch` runs rounds on every save. Close it (or
    use it as a context manager) to stop its LibreOffices."""

    def __init__(self, content: Path, styles: Path, out: Path, render: bool = True,
                 render_timeout: float | None = None, settle: float = SETTLE_SECONDS,
                 tune_gc: bool = False):
        from annexgen.render.renderer import Pool
        from annexgen.render.uno_backend import UnoRenderer

        self.content, self.styles, self.out = content, styles, out
        self._warm = [UnoRenderer() for _ in range(WARM_RENDERERS if render else 0)]
        renderer = Pool(self._warm) if render else None
        self._rounds = _Rounds(content, lambda: rebuild(content, styles, out, render, renderer,
                                                        render_timeout, tune_gc), settle)

    def rebuild(self) -> Round:
        """One round now: a build, once the outcomes folder has settled."""
        return self._rounds.next()

    def watch(self, on_event: Callable[[Round], None], stop: threading.Event | None = None,
              debounce_ms: int = 200) -> None:
        """A round now, then one after every change under the content or styles folder,
        until `stop` is set."""
        import watchfiles

        on_event(self.rebuild())
        for _changes in watchfiles.watch(self.content, self.styles, debounce=debounce_ms,
                                         stop_event=stop, raise_interrupt=False, step=50):
            on_event(self.rebuild())

    def close(self) -> None:
        """Stops the LibreOffices at once: nothing of theirs is left to keep."""
        for each in self._warm:
            each.close(False)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def watch(content: Path, styles: Path, out: Path, on_event: Callable[[Round], None],
          render: bool = True, stop: threading.Event | None = None, debounce_ms: int = 200,
          render_timeout: float | None = None, settle: float = SETTLE_SECONDS,
          tune_gc: bool = False) -> None:
    """Builds once, then after every change under the content or styles folder."""
    with Session(content, styles, out, render, render_timeout, settle, tune_gc) as session:
        session.watch(on_event, stop, debounce_ms)
