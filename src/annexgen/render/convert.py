"""The `soffice --convert-to` renderer: a LibreOffice process per batch of waiting jobs."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path

from annexgen.render.renderer import Job, Rendering
from annexgen.render.soffice import RenderError, convert_to_pdf, find_tool

# What one `soffice --convert-to` process may take to start, beyond its files' own time.
STARTUP_S = 120


class ConvertRenderer:
    """Renders where there is no UNO: the jobs of one `submit` go to one `soffice
    --convert-to` process (LibreOffice starts once per batch, not per file), one batch
    after another. It cannot report anchors: the pipeline reads those from the PDFs' text."""

    def __init__(self, reason: str = "soffice --convert-to"):
        self.reason = reason
        self._lock = threading.Lock()
        self._waiting: list[list[tuple[Job, Future[Rendering]]]] = []
        self._worker: threading.Thread | None = None
        self._running: subprocess.Popen | None = None
        self._closing = False

    def __enter__(self) -> ConvertRenderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        """Nothing to start ahead (each batch starts its own LibreOffice); RendererMissing
        if there is no LibreOffice to start."""
        find_tool("soffice", "libreoffice")

    def submit(self, jobs: Sequence[Job]) -> list[Future[Rendering]]:
        futures: list[Future[Rendering]] = [Future() for _ in jobs]
        with self._lock:
            self._closing = False
            self._waiting.append(list(zip(jobs, futures, strict=True)))
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, daemon=True,
                                                name="annexgen-convert")
                self._worker.start()
        return futures

    def close(self, wait: bool = True) -> None:
        """Waits for the batches sent (`wait`), or ends the running one and fails the rest."""
        with self._lock:
            worker = self._worker
            if not wait:
                self._closing = True
                dropped, self._waiting = self._waiting, []
                running = self._running
        if not wait:
            for batch in dropped:
                _fail(batch, RenderError("the renderer was closed before it finished"))
            if running is not None:
                running.kill()  # a tethered process: LibreOffice's whole group
        if worker is not None:
            worker.join()

    def _work(self) -> None:
        while True:
            with self._lock:
                if not self._waiting:
                    self._worker = None
                    return
                batch = self._waiting.pop(0)
            _convert(batch, self._started)
            with self._lock:
                self._running = None

    def _started(self, process: subprocess.Popen) -> None:
        with self._lock:
            self._running = process
            closing = self._closing
        if closing:
            process.kill()


def _fail(batch: list[tuple[Job, Future[Rendering]]], error: RenderError) -> None:
    for _, future in batch:
        if not future.done():
            future.set_exception(error)


def _convert(batch: list[tuple[Job, Future[Rendering]]],
             started: Callable[[subprocess.Popen], None]) -> None:
    folder = None
    try:
        # Made here, so that a failure to make it fails the jobs instead of leaving them
        # waiting for ever.
        folder = Path(tempfile.mkdtemp(prefix="annexgen-convert-"))
        sources = []
        for index, (job, _) in enumerate(batch):
            source = folder / str(index) / job.file_name
            source.parent.mkdir()
            source.write_bytes(job.source)
            sources.append(source)
        timeout = STARTUP_S + sum(job.timeout for job, _ in batch)
        # One process per folder of distinct names: LibreOffice names each PDF by its stem.
        for group in _distinct_names(sources):
            convert_to_pdf(group, folder / "pdf", timeout, started)
            for source in group:
                pdf = folder / "pdf" / f"{source.stem}.pdf"
                pdf.rename(source.with_suffix(".pdf"))
        for (_, future), source in zip(batch, sources, strict=True):
            future.set_result(Rendering(source.with_suffix(".pdf").read_bytes()))
    except RenderError as exc:
        _fail(batch, exc)
    except OSError as exc:
        where = folder or "the temporary folder"
        _fail(batch, RenderError(f"cannot write LibreOffice's files in {where}: "
                                 f"{exc.strerror or exc}"))
    except Exception as exc:  # a bug must not leave a build waiting for ever
        _fail(batch, RenderError(f"converting failed: {exc!r}"))
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _distinct_names(sources: list[Path]) -> list[list[Path]]:
    groups: list[list[Path]] = []
    for source in sources:
        group = next((g for g in groups if all(p.stem != source.stem for p in g)), None)
        if group is None:
            groups.append([source])
        else:
            group.append(source)
    return groups
