"""`annexgen watch`: rebuild on every save, keep the last good outputs when a save is broken."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from annexgen.build import BuildFailed, RenderFailed, build
from annexgen.diagnostics import ContentError, Report
from annexgen.output import CannotWrite

if TYPE_CHECKING:
    from annexgen.render.renderer import Renderer


@dataclass(frozen=True)
class Event:
    """What one rebuild did: "built" (office files only, as asked), "rendered", "invalid" or
    "failed", and what to print."""

    kind: str
    lines: tuple[str, ...]


def rebuild(content: Path, styles: Path, out: Path, render: bool,
            renderer: Renderer | None = None, render_timeout: float | None = None) -> Event:
    """One round, one build: out/ keeps the last outputs, PDFs and resolved paper included,
    until the new ones are published together (with `renderer`, kept warm between rounds)."""
    report = Report()
    started = time.perf_counter()
    try:
        result = build(content, styles, out, report, render=render, renderer=renderer,
                       render_timeout=render_timeout)
    except ContentError:
        lines = [str(d) for d in report.sorted()]
        return Event("invalid", (*lines, f"{len(report.errors)} error(s): kept the last good "
                                 "outputs; waiting for the next save"))
    except BuildFailed as exc:
        if renderer is not None and isinstance(exc, RenderFailed):
            renderer.close(wait=False)  # a fresh LibreOffice for the next round
        return Event("failed", (f"build failed: {exc}; kept the last good outputs",))
    except CannotWrite as exc:
        return Event("failed", (f"build failed: {exc}; out/ keeps the last good outputs",))
    took = time.perf_counter() - started
    changed = [name for name in result.changed if not name.startswith(".")]
    what = ", ".join(changed) if changed else "nothing changed"
    if not render:
        return Event("built", (f"{_clock()} office files in {took:.2f} s: {what}",))
    state = "pages resolved" if result.resolved else "not rendered: " + result.notes[-1]
    return Event("rendered", (f"{_clock()} built in {took:.1f} s ({state}): {what}",))


def _clock() -> str:
    return time.strftime("%H:%M:%S")


# Two LibreOffices render the two annexes side by side (0.54x the time of one, warm).
WARM_RENDERERS = 2


def watch(content: Path, styles: Path, out: Path, render: bool = True,
          on_event: Callable[[Event], None] | None = None,
          stop: threading.Event | None = None, debounce_ms: int = 200,
          render_timeout: float | None = None) -> None:
    """Builds once, then after every change under the content or styles folder."""
    import watchfiles

    from annexgen.render.renderer import Pool
    from annexgen.render.uno_backend import UnoRenderer

    emit = on_event or _print_event
    with contextlib.ExitStack() as stack:
        warm = [UnoRenderer() for _ in range(WARM_RENDERERS if render else 0)]
        for each in warm:  # stopped at once on the way out: nothing is left to keep
            stack.callback(each.close, False)
        renderer = Pool(warm) if render else None
        emit(rebuild(content, styles, out, render, renderer, render_timeout))
        for _changes in watchfiles.watch(content, styles, debounce=debounce_ms,
                                         stop_event=stop, raise_interrupt=False, step=50):
            emit(rebuild(content, styles, out, render, renderer, render_timeout))


def _print_event(event: Event) -> None:
    for line in event.lines:
        print(line, flush=True)
