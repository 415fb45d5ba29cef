"""The UNO renderer: one LibreOffice kept running, driven by `uno_driver.py` over a pipe.

LibreOffice takes a second or two to start; this renderer starts it once (in the
background, as early as the build likes) and sends it one job after another. The driver
runs under a Python that has LibreOffice's `uno` module, answers each job in order, and
reports the page of each anchor from LibreOffice's own layout. Where `uno` cannot be
imported, the renderer hands every job, once and for all, to `soffice --convert-to`.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from annexgen.render.convert import ConvertRenderer
from annexgen.render.renderer import Job, Rendering
from annexgen.render.soffice import RenderError, Tethered, find_tool, office_env

DRIVER = Path(__file__).with_name("uno_driver.py")
STARTUP_TIMEOUT_S = 120
UNAVAILABLE = 3  # the driver's exit status when `uno` cannot be imported

# The command that runs a driver: (soffice, profile URL, pipe name, startup timeout) → argv.
DriverCommand = Callable[[str, str, str, float], list[str]]


def uno_python(soffice: str) -> str | None:
    """A Python that can import `uno`: LibreOffice's own, else the system's (python3-uno)."""
    program = Path(os.path.realpath(soffice)).parent
    for candidate in (program / "python", Path("/usr/bin/python3")):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def driver_command(soffice: str, profile_url: str, pipe: str, startup: float) -> list[str]:
    """The real driver under a Python with `uno`; [] when there is none (`--convert-to`)."""
    python = uno_python(soffice)
    return [] if python is None else [python, str(DRIVER), soffice, profile_url, pipe,
                                      str(startup)]


_POLL_S = 0.2  # how often an idle reader looks for a newly sent job to time


@dataclass
class _Pending:
    job: Job
    future: Future[Rendering]
    folder: Path
    sent: float


class _Driver:
    """One running driver: its process, its profile folder, and the jobs it was sent."""

    def __init__(self, command: list[str], profile: Path):
        self.profile = profile
        self.log = profile / "annexgen-driver.log"
        self.pending: deque[_Pending] = deque()
        self.ready = False
        with open(self.log, "wb") as log:  # the child keeps its own copy of the handle
            self.process = Tethered(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=log, text=True, env=office_env(profile))
        self.stdin: IO[str] = _pipe(self.process.stdin)
        self.stdout: IO[str] = _pipe(self.process.stdout)
        self._buffer = b""
        self._ended = False

    def take_line(self) -> bytes | None:
        """A whole line already read, if there is one."""
        line, newline, rest = self._buffer.partition(b"\n")
        if not newline:
            return None
        self._buffer = rest
        return line

    def fill(self, wait: float) -> bool:
        """Reads what the driver wrote within `wait` seconds; False at end of input (read
        from the file descriptor: a buffered reader would hide a second answer from select)."""
        if self._ended:
            return False
        fd = self.stdout.fileno()
        readable, _, _ = select.select([fd], [], [], wait)
        if readable:
            data = os.read(fd, 65536)
            if not data:
                self._ended = True
                return False
            self._buffer += data
        return True

    def said(self) -> str:
        with contextlib.suppress(OSError):
            text = self.log.read_text("utf-8", "replace").strip()
            return f"\n{text}" if text else ""
        return ""


def _pipe(stream: IO[str] | None) -> IO[str]:
    if stream is None:  # started with both pipes: never None
        raise RuntimeError("the LibreOffice driver has no pipe to it")
    return stream


class UnoRenderer:
    """Renders over UNO with one LibreOffice; use it as a context manager (or `close` it)
    so that LibreOffice always stops; should annexgen be killed first, LibreOffice dies
    with it (`Tethered`)."""

    def __init__(self, command: DriverCommand = driver_command,
                 startup_timeout: float = STARTUP_TIMEOUT_S):
        self._command = command
        self._startup_timeout = startup_timeout
        self._lock = threading.Lock()
        self._driver: _Driver | None = None
        self._reader: threading.Thread | None = None
        self._fallback: ConvertRenderer | None = None  # decided once: no `uno` here
        self.launches = 0

    def __enter__(self) -> UnoRenderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def fallback(self) -> str | None:
        """Why jobs go to `soffice --convert-to`, once they do."""
        return None if self._fallback is None else self._fallback.reason

    @property
    def process(self) -> Tethered | None:
        """The running driver's process (LibreOffice runs in its group), if one runs."""
        return None if self._driver is None else self._driver.process

    def start(self) -> None:
        with self._lock:
            self._ensure_started()

    def submit(self, jobs: Sequence[Job]) -> list[Future[Rendering]]:
        with self._lock:
            driver = self._ensure_started()
            if driver is None:
                return self._fallen_back().submit(jobs)
            return [self._send(driver, job) for job in jobs]

    def _send(self, driver: _Driver, job: Job) -> Future[Rendering]:
        """Writes the job's file and sends it (under the lock)."""
        future: Future[Rendering] = Future()
        folder = Path(tempfile.mkdtemp(prefix="job-", dir=driver.profile))
        source = folder / job.file_name
        source.write_bytes(job.source)
        request = {"source": str(source), "pdf": str(folder / f"{job.name}.pdf"),
                   "anchors": [[a.cluster_id, a.mark] for a in job.anchors]}
        driver.pending.append(_Pending(job, future, folder, time.monotonic()))
        try:
            driver.stdin.write(json.dumps(request) + "\n")
            driver.stdin.flush()
        except OSError:
            pass  # the driver has stopped: the reader tells every pending job why
        return future

    def close(self, wait: bool = True) -> None:
        with self._lock:
            driver, self._driver = self._driver, None
            reader, self._reader = self._reader, None
        if driver is not None:
            _stop(driver, wait)
        if reader is not None:
            reader.join()
        if driver is not None:
            _release(driver, RenderError("the renderer was closed before it finished"))
        if self._fallback is not None:
            self._fallback.close(wait)

    # -- inside ---------------------------------------------------------------------------

    def _ensure_started(self) -> _Driver | None:
        """The running driver, launched if need be; None when jobs go to the fallback."""
        if self._fallback is not None:
            return None
        if self._driver is not None:
            return self._driver
        soffice = find_tool("soffice", "libreoffice")
        profile = Path(tempfile.mkdtemp(prefix="annexgen-lo-"))
        command = self._command(soffice, profile.as_uri(), f"annexgen-{uuid.uuid4().hex}",
                                self._startup_timeout)
        if not command:
            shutil.rmtree(profile, ignore_errors=True)
            self._fall_back("no Python with LibreOffice's uno module")
            return None
        try:
            driver = _Driver(command, profile)
        except OSError as exc:
            shutil.rmtree(profile, ignore_errors=True)
            raise RenderError(f"could not start the LibreOffice driver: {exc}") from exc
        self._driver, self.launches = driver, self.launches + 1
        self._reader = threading.Thread(target=self._read, args=(driver,), daemon=True,
                                        name="annexgen-uno-reader")
        self._reader.start()
        return driver

    def _fall_back(self, reason: str) -> ConvertRenderer:
        self._fallback = ConvertRenderer(reason)
        return self._fallback

    def _fallen_back(self) -> ConvertRenderer:
        if self._fallback is None:
            raise RuntimeError("no fallback renderer was chosen")
        return self._fallback

    def _read(self, driver: _Driver) -> None:
        """The driver's answers, in order: each completes the oldest pending job."""
        try:
            self._await_ready(driver)
            last = time.monotonic()
            while True:
                answer = self._next_answer(driver, lambda at=last: self._deadline(driver, at))
                if answer is None:
                    if self._stopping(driver):
                        return  # end of input after close()
                    status = driver.process.wait()
                    raise RenderError(f"LibreOffice stopped unexpectedly (driver exit "
                                      f"{status}){driver.said()}")
                with self._lock:
                    pending = driver.pending.popleft() if driver.pending else None
                if pending is None:
                    raise RenderError(f"the LibreOffice driver answered a job it was not "
                                      f"sent: {answer}")
                last = time.monotonic()
                _complete(pending, answer)
        except _Unavailable as exc:
            if self._detach(driver):
                self._hand_over(driver, str(exc))
        except Exception as exc:  # a bug here too must not leave a build waiting for ever
            error = exc if isinstance(exc, RenderError) else RenderError(
                f"the LibreOffice driver failed: {exc!r}")
            if self._detach(driver):  # else close() is stopping it, and cleans up
                _stop(driver, wait=False)
                _release(driver, error)

    def _detach(self, driver: _Driver) -> bool:
        """Whether the reader is the one to clean up after `driver` (close() was not called
        on it); the next job then starts a fresh LibreOffice."""
        with self._lock:
            if self._driver is not driver:
                return False
            self._driver = None
            return True

    def _await_ready(self, driver: _Driver) -> None:
        started = time.monotonic()
        answer = self._next_answer(driver, lambda: started + self._startup_timeout)
        if answer is None:
            status = driver.process.wait()
            if status == UNAVAILABLE:
                raise _Unavailable("the uno module could not be imported")
            raise RenderError(f"LibreOffice stopped before it was ready (driver exit "
                              f"{status}){driver.said()}")
        if "unavailable" in answer:
            raise _Unavailable(str(answer["unavailable"]))
        if "error" in answer:
            raise RenderError(f"LibreOffice did not start: {answer['error']}{driver.said()}")
        driver.ready = True

    def _deadline(self, driver: _Driver, last_answer: float) -> tuple[float, str] | None:
        """When the oldest pending job must be done (timed from when LibreOffice could
        begin it), and its name; None with nothing pending."""
        with self._lock:
            if not driver.pending:
                return None
            head = driver.pending[0]
        return max(last_answer, head.sent) + head.job.timeout, head.job.file_name

    def _stopping(self, driver: _Driver) -> bool:
        with self._lock:
            return self._driver is not driver

    def _next_answer(self, driver: _Driver, deadline) -> dict | None:
        """The driver's next JSON line, None at end of input. Past the deadline of the job
        it works on, LibreOffice is killed and that is a RenderError."""
        while True:
            line = driver.take_line()
            if line is not None:
                return json.loads(line)
            due = deadline()
            wait = _POLL_S
            if due is not None:
                when, what = due if isinstance(due, tuple) else (due, "starting")
                left = when - time.monotonic()
                if left <= 0:
                    driver.process.kill()
                    limit = (f"{driver.pending[0].job.timeout:.0f}" if driver.ready
                             and driver.pending else f"{self._startup_timeout:.0f}")
                    raise RenderError(f"LibreOffice did not finish {what} within {limit} s "
                                      "(a longer time can be set with --render-timeout)")
                wait = min(wait, left)
            if not driver.fill(wait):
                return None

    def _hand_over(self, driver: _Driver, reason: str) -> None:
        """No `uno` after all: every job sent goes to `soffice --convert-to`, now and later."""
        with self._lock:
            fallback = self._fall_back(reason)
            pending = list(driver.pending)
            driver.pending.clear()
        for future, item in zip(fallback.submit([item.job for item in pending]), pending,
                                strict=True):
            _chain(future, item.future)
        _stop(driver, wait=False)
        _release(driver, RenderError("the renderer was handed over"))


def _stop(driver: _Driver, wait: bool) -> None:
    """Ends LibreOffice: end of input asks the driver to quit it (waited for if `wait`),
    then whatever did not stop is killed: LibreOffice, the driver, the watchdog."""
    try:
        with contextlib.suppress(OSError):
            driver.stdin.close()
        if wait and driver.ready:
            with contextlib.suppress(subprocess.TimeoutExpired):
                driver.process.wait(timeout=20)
    finally:
        driver.process.end()


def _release(driver: _Driver, error: RenderError) -> None:
    """After the reader has stopped: the pipe, the profile folder, and a failure for any
    job still waiting."""
    with contextlib.suppress(OSError):
        driver.stdout.close()
    shutil.rmtree(driver.profile, ignore_errors=True)
    while driver.pending:
        item = driver.pending.popleft()
        if not item.future.done():
            item.future.set_exception(error)


class _Unavailable(Exception):
    """The driver cannot import `uno`."""


def _complete(pending: _Pending, answer: dict) -> None:
    try:
        if "error" in answer:
            raise RenderError(f"LibreOffice could not convert {pending.job.file_name}: "
                              f"{answer['error']}")
        pdf = (pending.folder / f"{pending.job.name}.pdf")
        data = pdf.read_bytes() if pdf.is_file() else b""
        if not data:
            raise RenderError(f"LibreOffice did not produce {pdf.name}")
        anchors = answer.get("anchors")
        rendering = Rendering(data, _count(answer.get("pages")), _anchor_pages(anchors))
    except RenderError as exc:
        pending.future.set_exception(exc)
    else:
        pending.future.set_result(rendering)
    finally:
        shutil.rmtree(pending.folder, ignore_errors=True)


def _count(value: object) -> int | None:
    return value if type(value) is int and value > 0 else None


def _anchor_pages(value: object) -> dict[str, int] | None:
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and type(v) is int and v > 0 for k, v in value.items()):
        return None
    return dict(value)


def _chain(source: Future[Rendering], target: Future[Rendering]) -> None:
    def copy(done: Future[Rendering]) -> None:
        error = done.exception()
        if error is not None:
            target.set_exception(error)
        else:
            target.set_result(done.result())
    source.add_done_callback(copy)
