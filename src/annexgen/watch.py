"""`annexgen watch`: rebuild on every save, keep the last good outputs when a save is broken."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annexgen.build import BuildFailed, build
from annexgen.diagnostics import ContentError, Report


@dataclass(frozen=True)
class Event:
    """What one rebuild did: "built", "rendered", "invalid" or "failed", and what to print."""

    kind: str
    lines: tuple[str, ...]


def rebuild(content: Path, styles: Path, out: Path, render: bool, office=None) -> list[Event]:
    """One round: the office files first (fast), then, if asked, the PDFs and page numbers
    (with `office`, a LibreOffice kept running between rounds, when given)."""
    events = [_attempt(content, styles, out, render=False)]
    if render and events[0].kind == "built":
        events.append(_attempt(content, styles, out, render=True, office=office))
        if events[-1].kind == "failed" and office is not None:
            office.close()  # a fresh LibreOffice for the next round
    return events


def _attempt(content: Path, styles: Path, out: Path, render: bool, office=None) -> Event:
    report = Report()
    started = time.perf_counter()
    try:
        result = build(content, styles, out, report, render=render, office=office)
    except ContentError:
        lines = [str(d) for d in report.sorted()]
        return Event("invalid", (*lines, f"{len(report.errors)} error(s): kept the last good "
                                 "outputs; waiting for the next save"))
    except BuildFailed as exc:
        return Event("failed", (f"build failed: {exc}",))
    took = time.perf_counter() - started
    changed = [name for name in result.changed if not name.startswith(".")]
    what = ", ".join(changed) if changed else "nothing changed"
    if render:
        state = "pages resolved" if result.resolved else "not rendered: " + result.notes[-1]
        return Event("rendered", (f"{_clock()} rendered in {took:.1f} s ({state}): {what}",))
    return Event("built", (f"{_clock()} office files in {took:.2f} s: {what}",))


def _clock() -> str:
    return time.strftime("%H:%M:%S")


def watch(content: Path, styles: Path, out: Path, render: bool = True,
          on_event: Callable[[Event], None] | None = None,
          stop: threading.Event | None = None, debounce_ms: int = 200) -> None:
    """Builds once, then after every change under the content or styles folder."""
    import watchfiles

    from annexgen.render.office import Office

    emit = on_event or _print_event
    with Office() as office:  # started by the first render, kept warm for the next ones
        for event in rebuild(content, styles, out, render, office):
            emit(event)
        for _changes in watchfiles.watch(content, styles, debounce=debounce_ms,
                                         stop_event=stop, raise_interrupt=False, step=50):
            for event in rebuild(content, styles, out, render, office):
                emit(event)


def _print_event(event: Event) -> None:
    for line in event.lines:
        print(line, flush=True)
