"""The UNO renderer: one LibreOffice kept running, driven by `uno_driver.py` over a pipe.

LibreOffice takes a second or two to start; this renderer starts it once (in the
background, as early as the build likes) and sends it one job after another. The driver
runs under a Python that has LibreOffice's `uno` module, answers each job in order, and
reports the page of each anchor from LibreOffice's own layout. Where `uno` cannot be
imported, the renderer hands every job, once and for all, to `soffice --convert-to`.

Three threads share a driver: the caller's (`submit`, `close`), a writer that sends the
queued requests (a full pipe blocks it, never the lock), and a reader that completes the
jobs' futures in order, times each job, and on a crash, a time-out or a garbled answer
kills LibreOffice and fails every job still waiting.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
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

from annexgen.proc.stopping import stops_deferred
from annexgen.render.convert import ConvertRenderer
from annexgen.render.pdf_export import EXPORT_OPTIONS
from annexgen.render.profile import keep_as_template, new_profile
from annexgen.render.renderer import Job, Rendering
from annexgen.render.soffice import (
    RenderError,
    Tethered,
    find_tool,
    office_env,
    office_sockets,
)

DRIVER = Path(__file__).with_name("uno_driver.py")
STARTUP_TIMEOUT_S = 120
UNAVAILABLE = 3  # the driver's exit status when `uno` cannot be imported
_POLL_S = 0.2  # how often an idle reader looks again for a job to time
_EXIT_WAIT_S = 10  # how long a driver whose output ended may take to exit

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


@dataclass
class _Pending:
    job: Job
    number: int  # the job's number with its driver, which the answer repeats
    future: Future[Rendering]
    folder: Path
    sent: float


class _Ended(Exception):
    """The driver's output ended."""


class _Unavailable(Exception):
    """The driver cannot import `uno`."""


class _Driver:
    """One running driver: its process, its profile folder, the jobs it was sent, and the
    thread that writes their requests."""

    def __init__(self, command: list[str], profile: Path, sockets: list[Path]):
        self.profile = profile
        self.log = profile / "annexgen-driver.log"
        self.pending: deque[_Pending] = deque()
        self.ready = False
        with open(self.log, "wb") as log:  # the child keeps its own copy of the handle
            self.process = Tethered(command, sockets, stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=log, env=office_env(profile))
        self.stdin: IO[bytes] = _pipe(self.process.stdin)
        self.stdout: IO[bytes] = _pipe(self.process.stdout)
        self.requests: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.numbers = itertools.count(1)
        self.writer = threading.Thread(target=self._write, daemon=True,
                                       name="annexgen-uno-writer")
        self.writer.start()
        self._buffer = b""
        self._ended = False

    def _write(self) -> None:
        """Sends the requests in the order they were queued; None ends the driver's input."""
        while (line := self.requests.get()) is not None:
            try:
                self.stdin.write(line)
                self.stdin.flush()
            except (OSError, ValueError):
                break  # the driver has gone: the reader says why to every waiting job
        with contextlib.suppress(OSError, ValueError):
            self.stdin.close()

    def answer(self, wait: float) -> dict | None:
        """The next answer if one comes within `wait` seconds (None if not); _Ended at end
        of input; RenderError for a line that is no JSON object. Read from the file
        descriptor: a buffered reader would hide a second answer from select."""
        while True:
            line, newline, rest = self._buffer.partition(b"\n")
            if newline:
                self._buffer = rest
                return _parsed(line)
            if self._ended:
                raise _Ended
            fd = self.stdout.fileno()
            readable, _, _ = select.select([fd], [], [], max(wait, 0))
            if not readable:
                return None
            data = os.read(fd, 65536)
            if not data:
                self._ended = True
            self._buffer += data
            wait = 0  # take what is there, then come back

    def said(self) -> str:
        with contextlib.suppress(OSError):
            text = self.log.read_text("utf-8", "replace").strip()
            return f"\n{text}" if text else ""
        return ""


def _parsed(line: bytes) -> dict:
    try:
        answer = json.loads(line)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise RenderError(f"the LibreOffice driver answered {line[:200]!r}, which annexgen "
                          "does not understand")
    return answer


def _pipe(stream: IO[bytes] | None) -> IO[bytes]:
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
        self._lock = threading.Lock()  # never held while blocking
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
        driver = self._driver
        return None if driver is None else driver.process

    def start(self) -> None:
        with stops_deferred(), self._lock:
            self._ensure_started()

    def submit(self, jobs: Sequence[Job]) -> list[Future[Rendering]]:
        # The files are written before the lock is taken: a large one takes a while.
        with stops_deferred(), self._lock:
            driver = self._ensure_started()
        if isinstance(driver, ConvertRenderer):
            return driver.submit(jobs)
        prepared = [_prepare(driver, job) for job in jobs]
        with self._lock:
            if self._driver is not driver:  # it failed meanwhile: the next one takes them
                for pending, _ in prepared:
                    shutil.rmtree(pending.folder, ignore_errors=True)
                return self.submit(jobs)
            for pending, request in prepared:
                pending.sent = time.monotonic()
                driver.pending.append(pending)
                driver.requests.put(request)
        return [pending.future for pending, _ in prepared]

    def close(self, wait: bool = True) -> None:
        with self._lock:
            driver, self._driver = self._driver, None
            reader, self._reader = self._reader, None
        if driver is not None:
            _stop(driver, wait and not driver.pending)  # a clean stop only when idle
        if reader is not None:
            reader.join()
        if driver is not None:
            _release(driver, RenderError("the renderer was closed before it finished"))
        if self._fallback is not None:
            self._fallback.close(wait)

    # -- inside ---------------------------------------------------------------------------

    def _ensure_started(self) -> _Driver | ConvertRenderer:
        """The running driver, launched if need be (under the lock), or the fallback that
        takes every job once `uno` is known to be missing."""
        if self._fallback is not None:
            return self._fallback
        if self._driver is not None:
            return self._driver
        soffice = find_tool("soffice", "libreoffice")
        profile = new_profile(soffice)
        pipe = f"annexgen-{uuid.uuid4().hex}"
        command = self._command(soffice, profile.as_uri(), pipe, self._startup_timeout)
        if not command:
            shutil.rmtree(profile, ignore_errors=True)
            self._fallback = ConvertRenderer("no Python with LibreOffice's uno module")
            return self._fallback
        try:
            driver = _Driver(command, profile, office_sockets(profile.as_uri(), pipe))
        except OSError as exc:
            shutil.rmtree(profile, ignore_errors=True)
            raise RenderError(f"could not start the LibreOffice driver: {exc}") from exc
        self._driver, self.launches = driver, self.launches + 1
        self._reader = threading.Thread(target=self._read, args=(driver, soffice),
                                        daemon=True, name="annexgen-uno-reader")
        self._reader.start()
        return driver

    def _read(self, driver: _Driver, soffice: str) -> None:
        """The driver's answers, in order: each completes the oldest pending job."""
        try:
            self._await_ready(driver)
            keep_as_template(soffice, driver.profile)
            last = time.monotonic()
            while True:
                try:
                    answer = self._next_answer(driver, last)
                except _Ended:
                    if self._stopping(driver):
                        return  # end of input after close()
                    status = _exit_status(driver)
                    raise RenderError(f"LibreOffice stopped unexpectedly (driver exit "
                                      f"{status}){driver.said()}") from None
                with self._lock:  # taken off only when it is the one answered
                    head = driver.pending[0] if driver.pending else None
                    if head is None or answer.get("job") != head.number:
                        raise RenderError(f"the LibreOffice driver answered a job it was "
                                          f"not sent, or out of turn: {answer}")
                    pending = driver.pending.popleft()
                last = time.monotonic()
                _complete(pending, answer)
        except _Unavailable as exc:
            self._hand_over(driver, str(exc))
        except Exception as exc:  # a bug here too must not leave a build waiting for ever
            error = exc if isinstance(exc, RenderError) else RenderError(
                f"the LibreOffice driver failed: {exc!r}")
            if self._detach(driver):  # else close() is stopping it, and cleans up
                _stop(driver, wait=False)
                _release(driver, error)

    def _await_ready(self, driver: _Driver) -> None:
        deadline = time.monotonic() + self._startup_timeout
        try:
            answer = self._answer_by(driver, lambda: deadline, "starting")
        except _Ended:
            status = _exit_status(driver)
            if status == UNAVAILABLE:
                raise _Unavailable("the uno module could not be imported") from None
            raise RenderError(f"LibreOffice stopped before it was ready (driver exit "
                              f"{status}){driver.said()}") from None
        if "unavailable" in answer:
            raise _Unavailable(str(answer["unavailable"]))
        if "error" in answer:
            raise RenderError(f"LibreOffice did not start: {answer['error']}{driver.said()}")
        driver.ready = True

    def _next_answer(self, driver: _Driver, last_answer: float) -> dict:
        """The answer to the oldest pending job. Its time counts from when LibreOffice
        could begin it: sent, and the answer before it in."""
        def deadline() -> float | None:
            with self._lock:
                head = driver.pending[0] if driver.pending else None
            return None if head is None else max(last_answer, head.sent) + head.job.timeout

        return self._answer_by(driver, deadline, "")

    def _answer_by(self, driver: _Driver, deadline: Callable[[], float | None],
                   what: str) -> dict:
        """The driver's next answer; past the deadline (looked up again while waiting, as
        jobs arrive), LibreOffice is killed and that is a RenderError."""
        while True:
            due = deadline()
            left = _POLL_S if due is None else min(_POLL_S, due - time.monotonic())
            answer = driver.answer(left)
            if answer is not None:
                return answer
            if due is not None and time.monotonic() >= due:
                driver.process.kill()
                raise RenderError(self._overdue(driver, what))

    def _overdue(self, driver: _Driver, what: str) -> str:
        if what == "starting":
            return f"LibreOffice did not finish starting within {self._startup_timeout:.0f} s"
        head = driver.pending[0].job if driver.pending else None
        name, limit = (head.file_name, head.timeout) if head else ("a job", 0)
        return (f"LibreOffice did not finish {name} within {limit:.0f} s (a longer time can "
                "be set with --render-timeout)")

    def _stopping(self, driver: _Driver) -> bool:
        with self._lock:
            return self._driver is not driver

    def _detach(self, driver: _Driver) -> bool:
        """Whether the reader is the one to clean up after `driver` (close() was not called
        on it); the next job then starts a fresh LibreOffice."""
        with self._lock:
            if self._driver is not driver:
                return False
            self._driver = None
            return True

    def _hand_over(self, driver: _Driver, reason: str) -> None:
        """No `uno` after all: every job sent goes to `soffice --convert-to`, now and later."""
        with self._lock:
            if self._driver is not driver:
                return  # close() is stopping it, and fails what waits
            self._driver = None
            self._fallback = ConvertRenderer(reason)
            fallback = self._fallback
            pending = list(driver.pending)
            driver.pending.clear()
        futures = fallback.submit([item.job for item in pending])
        for future, item in zip(futures, pending, strict=True):
            _chain(future, item.future)
        _stop(driver, wait=False)
        _release(driver, RenderError("the renderer was handed over"))


def _prepare(driver: _Driver, job: Job) -> tuple[_Pending, bytes]:
    """The job's file in the driver's profile folder, and its request line."""
    future: Future[Rendering] = Future()
    number = next(driver.numbers)
    folder = Path(tempfile.mkdtemp(prefix="job-", dir=driver.profile))
    source = folder / job.file_name
    try:
        source.write_bytes(job.source)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise RenderError(f"cannot write {source} for LibreOffice: {exc.strerror or exc}") \
            from exc
    request = {"job": number, "source": str(source), "pdf": str(folder / f"{job.name}.pdf"),
               "anchors": [[a.cluster_id, a.mark] for a in job.anchors],
               "filter_data": EXPORT_OPTIONS}
    return _Pending(job, number, future, folder, 0.0), (json.dumps(request) + "\n").encode()


def _exit_status(driver: _Driver) -> int | str:
    try:
        return driver.process.wait(timeout=_EXIT_WAIT_S)
    except subprocess.TimeoutExpired:
        return "unknown: its output ended but it did not exit"


def _stop(driver: _Driver, wait: bool) -> None:
    """Ends LibreOffice: end of input asks the driver to quit it (waited for if `wait`),
    then whatever did not stop is killed: LibreOffice, the driver, the watchdog."""
    driver.requests.put(None)
    try:
        if wait and driver.ready:
            with contextlib.suppress(subprocess.TimeoutExpired):
                driver.process.wait(timeout=20)
    finally:
        driver.process.end()


def _release(driver: _Driver, error: RenderError) -> None:
    """After the reader has stopped: the pipes, the profile folder, and a failure for any
    job still waiting."""
    driver.writer.join(timeout=5)
    for stream in (driver.stdin, driver.stdout):
        with contextlib.suppress(OSError, ValueError):
            stream.close()
    shutil.rmtree(driver.profile, ignore_errors=True)
    while driver.pending:
        item = driver.pending.popleft()
        if not item.future.done():
            item.future.set_exception(error)


def _complete(pending: _Pending, answer: dict) -> None:
    try:
        if "error" in answer:
            raise RenderError(f"LibreOffice could not convert {pending.job.file_name}: "
                              f"{answer['error']}")
        pdf = pending.folder / f"{pending.job.name}.pdf"
        data = pdf.read_bytes() if pdf.is_file() else b""
        if not data:
            raise RenderError(f"LibreOffice did not produce {pdf.name}")
        rendering = Rendering(data, _count(answer.get("pages")),
                              _anchor_pages(answer.get("anchors")))
    except Exception as exc:  # every failure reaches the job's future
        pending.future.set_exception(exc if isinstance(exc, RenderError) else RenderError(
            f"reading the PDF of {pending.job.file_name} failed: {exc!r}"))
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
