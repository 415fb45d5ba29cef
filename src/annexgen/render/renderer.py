"""The renderer interface: an office file in, its PDF (and where its anchors fell) out."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Protocol

from annexgen.core.deliverables import Anchor

# A render may take this long whatever its size (LibreOffice's start on a loaded machine),
# and this much longer per kilobyte of office file: about ten times what Writer and Calc
# take per kilobyte on a quiet 2-core machine (40 ms a page, 1.3 kB a page).
BASE_TIMEOUT_S = 120.0
TIMEOUT_S_PER_KB = 0.25


@dataclass(frozen=True)
class Job:
    """One file to render: `name` is the PDF's stem, `kind` the office format (docx, xlsx),
    `anchors` the places whose pages the renderer should report if it can, `timeout` how
    long its render may take once the renderer begins it."""

    name: str
    kind: str
    source: bytes
    anchors: tuple[Anchor, ...] = ()
    timeout: float = BASE_TIMEOUT_S

    @property
    def file_name(self) -> str:
        return f"{self.name}.{self.kind}"


@dataclass(frozen=True)
class Rendering:
    """A PDF as the renderer made it, with its page count and the page of each anchor (by
    cluster id) when the renderer could tell them; None where it could not."""

    pdf: bytes
    pages: int | None = None
    anchor_pages: dict[str, int] | None = None
    reproducible: bool = False  # its dates and ids are set already (a joined PDF)


class Renderer(Protocol):
    """What the render stage needs of LibreOffice (or of a fake)."""

    def start(self) -> None:
        """Begins starting up in the background and returns at once (RendererMissing when
        there is nothing to start); idempotent."""

    def submit(self, jobs: Sequence[Job]) -> list[Future[Rendering]]:
        """Queues `jobs`, sent together, and returns without waiting: a future for each,
        which fails with RenderError."""

    def close(self, wait: bool = True) -> None:
        """Stops whatever runs (at once, without a clean shutdown, unless `wait`); pending
        jobs fail; the next `submit` starts afresh."""


def timeout_for(source: bytes, override: float | None = None) -> float:
    """How long rendering `source` may take: set by the user, or grown with its size."""
    if override is not None:
        return override
    return BASE_TIMEOUT_S + TIMEOUT_S_PER_KB * len(source) / 1000


@dataclass
class Pool:
    """Several renderers side by side: each job goes to the one with the least work queued
    (bytes not yet rendered), so that two annexes render at once on two LibreOffices."""

    renderers: Sequence[Renderer]
    _queued: dict[int, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        for renderer in self.renderers:
            renderer.start()

    def submit(self, jobs: Sequence[Job]) -> list[Future[Rendering]]:
        return [self._submit_one(job) for job in jobs]

    def _submit_one(self, job: Job) -> Future[Rendering]:
        with self._lock:
            index = min(range(len(self.renderers)), key=lambda i: self._queued.get(i, 0))
            self._queued[index] = self._queued.get(index, 0) + len(job.source)
        try:
            [future] = self.renderers[index].submit([job])
        except BaseException:
            self._done(index, len(job.source))
            raise
        future.add_done_callback(lambda _: self._done(index, len(job.source)))
        return future

    def close(self, wait: bool = True) -> None:
        for renderer in self.renderers:
            renderer.close(wait)

    def _done(self, index: int, size: int) -> None:
        with self._lock:
            self._queued[index] -= size
