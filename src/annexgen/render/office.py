"""The LibreOffices a command runs for itself: started early, side by side; why none rendered."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a command renders: `annexgen check` starts fast
    from annexgen.render.pipeline import Previous, Rendered, RenderPlan
    from annexgen.render.renderer import Renderer


@dataclass(frozen=True)
class NotRendered:
    """Why a command wrote no PDFs: `no-render` (asked not to render), `no-renderer`
    (LibreOffice could not be found or started; `detail` says what was tried)."""

    reason: str
    detail: str = ""


@contextlib.contextmanager
def own_renderer(given: Renderer | None, render: bool) -> Iterator[Renderer | None]:
    """The renderer of one command: the one given (left running), none, or its own: two
    LibreOffices side by side where there are two cores (two files render at once),
    stopped without waiting for a clean shutdown (their work is published by then)."""
    if not render or given is not None:
        yield given if render else None
        return
    from annexgen.render.renderer import Pool
    from annexgen.render.uno_backend import UnoRenderer

    own = Pool([UnoRenderer() for _ in range(min(2, os.cpu_count() or 1))])
    try:
        yield own
    finally:
        own.close(wait=False)


def start_early(office: Renderer | None) -> None:
    """LibreOffice starts now, in the background, while the content is read and written;
    a failure to start is met again when rendering begins."""
    from annexgen.render.soffice import RenderError

    if office is not None:
        with contextlib.suppress(RenderError, OSError):
            office.start()


def render_or_why_not(office: Renderer, plan: RenderPlan,
                      previous: Previous | None = None) -> Rendered | NotRendered:
    """The plan rendered, or why it could not be (LibreOffice or poppler missing); any
    other failure of the renderer is RenderError."""
    from annexgen.render.pipeline import render_and_resolve
    from annexgen.render.soffice import RendererMissing

    try:
        return render_and_resolve(office, plan, previous)
    except RendererMissing as exc:
        return NotRendered("no-renderer", str(exc))
