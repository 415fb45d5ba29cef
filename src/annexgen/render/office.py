"""One LibreOffice for a whole build: started early, asked for PDFs as often as needed.

LibreOffice takes a second or two to start. A build that renders the annexes, reads their
pages and then renders the paper would start it twice with `soffice --convert-to`; here
it starts once, in the background while the office files are written, and is driven over
UNO by `uno_driver.py` (run by a Python that has LibreOffice's `uno` module). Where there
is no such Python, requests are batched into `soffice --convert-to` processes instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import IO

from annexgen.render.soffice import (
    DEFAULT_TIMEOUT,
    RenderError,
    Tethered,
    convert_to_pdf,
    find_tool,
    office_env,
)

DRIVER = Path(__file__).with_name("uno_driver.py")
STARTUP_TIMEOUT = 120
UNAVAILABLE = 3  # the driver's exit status when `uno` cannot be imported


def uno_python(soffice: str) -> str | None:
    """A Python that can import `uno`: LibreOffice's own, else the system's (python3-uno)."""
    program = Path(os.path.realpath(soffice)).parent
    for candidate in (program / "python", Path("/usr/bin/python3")):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def _pipe(stream: IO[str] | None) -> IO[str]:
    """One of the driver's pipes (it is started with stdin and stdout piped)."""
    if stream is None:
        raise RuntimeError("the LibreOffice driver has no pipe to it")
    return stream


class Request:
    """Files sent to LibreOffice; `pdfs()` waits for their PDFs."""

    def __init__(self, office: Office, files: list[Path], out_dir: Path):
        self.office, self.files, self.out_dir = office, files, out_dir
        self.targets = [out_dir / f"{path.stem}.pdf" for path in files]
        self.done = False

    def pdfs(self) -> list[Path]:
        self.office._finish(self)
        missing = [pdf.name for pdf in self.targets
                   if not pdf.is_file() or pdf.stat().st_size == 0]
        if missing:
            raise RenderError(f"LibreOffice did not produce {', '.join(missing)}")
        return self.targets


class Office:
    """Converts office files to PDF; use it as a context manager so LibreOffice always stops
    (should annexgen be killed first, LibreOffice is killed with it: see `Tethered`)."""

    def __init__(self, timeout: int = DEFAULT_TIMEOUT):
        self.timeout = timeout
        self.driver: Tethered | None = None
        self.fallback: str | None = None  # why requests go to `soffice --convert-to`
        self._ready = False
        self._queue: list[Request] = []
        self._profile = contextlib.ExitStack()  # removes LibreOffice's profile folder
        self._log: Path | None = None

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        """Starts LibreOffice in the background unless it runs already; returns at once."""
        if self.driver is not None or self.fallback is not None:
            return
        soffice = find_tool("soffice", "libreoffice")
        python = uno_python(soffice)
        if python is None:
            self.fallback = "no Python with LibreOffice's uno module"
            return
        self._launch(python, soffice)

    def submit(self, files: list[Path], out_dir: Path) -> Request:
        """Sends `files` for conversion into `out_dir` and returns without waiting."""
        self.start()
        out_dir.mkdir(parents=True, exist_ok=True)
        request = Request(self, files, out_dir)
        self._queue.append(request)
        if self.driver is not None:
            pairs = [[str(source.resolve()), str(pdf.resolve())]
                     for source, pdf in zip(files, request.targets, strict=True)]
            self._send({"convert": pairs})
        return request

    def convert(self, files: list[Path], out_dir: Path) -> list[Path]:
        """The PDFs of `files`, written into `out_dir` with the same stems."""
        return self.submit(files, out_dir).pdfs()

    def close(self) -> None:
        """Stops LibreOffice (end of input tells the driver to), forcibly if it hangs; the
        next request starts it again."""
        try:
            self._stop_driver()
        finally:  # also when a stop signal cuts the wait short
            self._queue.clear()
            self._log = None
            self._profile.close()  # the profile folder, the driver's log with it

    def _live(self) -> Tethered:
        """The running driver; only asked for while there is one."""
        if self.driver is None:
            raise RuntimeError("the LibreOffice driver is not running")
        return self.driver

    def _stop_driver(self) -> None:
        driver = self.driver
        if driver is None:
            return
        try:
            with contextlib.suppress(OSError):
                _pipe(driver.stdin).close()
            if self._ready:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    driver.wait(timeout=20)
        finally:
            driver.end()  # what did not stop: LibreOffice, the driver, the watchdog
            _pipe(driver.stdout).close()
            self.driver, self._ready = None, False

    def _use_fallback(self, reason: str) -> None:
        """No UNO after all: what was sent is converted by `soffice --convert-to`."""
        self.fallback = reason
        self._stop_driver()

    def _launch(self, python: str, soffice: str) -> None:
        profile = Path(self._profile.enter_context(
            tempfile.TemporaryDirectory(prefix="annexgen-lo-")))
        self._log = profile / "annexgen-driver.log"
        with open(self._log, "wb") as log:  # the child keeps its own copy of the handle
            self.driver = Tethered(
                [python, str(DRIVER), soffice, profile.as_uri(), f"annexgen-{uuid.uuid4().hex}",
                 str(STARTUP_TIMEOUT)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
                env=office_env(profile))

    def _finish(self, request: Request) -> None:
        """Waits for the answers up to `request`'s (LibreOffice answers in order)."""
        if request.done:
            return
        if self.driver is not None and not self._ready:
            self._await_ready()
        if self.driver is None:
            self._convert_queued()
            return
        while not request.done:
            first = self._queue.pop(0)
            answer = self._receive(self.timeout)
            first.done = True
            if "error" in answer:
                names = ", ".join(path.name for path in first.files)
                raise RenderError(f"LibreOffice could not convert {names}: {answer['error']}")

    def _convert_queued(self) -> None:
        """Without a driver: every waiting file in one `soffice --convert-to` per folder."""
        waiting, self._queue = self._queue, []
        for out_dir in dict.fromkeys(request.out_dir for request in waiting):
            batch = [request for request in waiting if request.out_dir == out_dir]
            convert_to_pdf([path for request in batch for path in request.files], out_dir,
                           self.timeout)
            for request in batch:
                request.done = True

    def _await_ready(self) -> None:
        answer = self._receive(STARTUP_TIMEOUT)
        if "unavailable" in answer:
            self._use_fallback(answer["unavailable"])
            return
        if "error" in answer:
            raise RenderError(f"LibreOffice did not start: {answer['error']}{self._said()}")
        self._ready = True

    def _send(self, message: dict) -> None:
        driver = self._live()
        stdin = _pipe(driver.stdin)
        try:
            stdin.write(json.dumps(message) + "\n")
            stdin.flush()
        except OSError as exc:
            if driver.wait() == UNAVAILABLE:
                self._use_fallback("the uno module could not be imported")
                return
            raise RenderError(f"LibreOffice stopped unexpectedly{self._said()}") from exc

    def _receive(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        driver = self._live()
        stream = _pipe(driver.stdout)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                driver.kill()
                raise RenderError(f"LibreOffice did not answer within {timeout} s")
            readable, _, _ = select.select([stream], [], [], left)
            if readable:
                line = stream.readline()
                if not line:  # the driver says why before it stops; this is a crash
                    status = driver.wait()
                    raise RenderError(f"LibreOffice stopped unexpectedly (driver exit {status})"
                                      f"{self._said()}")
                return json.loads(line)

    def _said(self) -> str:
        if self._log is None or not self._log.exists():
            return ""
        said = self._log.read_text("utf-8", "replace").strip()
        return f"\n{said}" if said else ""
