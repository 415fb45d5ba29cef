"""LibreOffice never outlives annexgen: builds killed at any moment, the fallback's time-out."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

import pytest

from annexgen.render.renderer import Job
from annexgen.render.soffice import RenderError, convert_to_pdf
from annexgen.render.uno_backend import UnoRenderer
from tests.conftest import CONTENT, STYLES, annexgen_process, needs_renderer, needs_uno

GRACE = 10  # seconds LibreOffice may take to go once annexgen is dead
# A time-out kills at once; LibreOffice left running would often end by itself within GRACE.
KILLED = 2
on_linux = pytest.mark.skipif(sys.platform != "linux", reason="reads processes from /proc")

# Stands in for LibreOffice: leaves a grandchild, records both ids, never finishes.
FAKE_SOFFICE = """#!/bin/sh
sleep 600 &
echo $$ $! > "$(dirname "$0")/pids"
wait
"""


def _processes() -> Iterator[tuple[int, int, bytes]]:
    """(id, session, command line) of every process still running (zombies are dead)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state, _parent, _group, session = (entry / "stat").read_text().rsplit(")", 1)[1] \
                .split()[:4]
        except OSError:  # it ended meanwhile
            continue
        if state != "Z":
            yield int(entry.name), int(session), cmdline


def _libreoffice(temp: Path, sessions: frozenset[int] = frozenset()) -> dict[int, int]:
    """Processes (id → session) that name a LibreOffice profile folder in `temp` (the
    tether, the driver, oosplash, soffice.bin), or that are in one of `sessions` (never the
    test's own)."""
    marker = f"{temp}{os.sep}annexgen-lo-".encode()
    sessions = sessions - {os.getsid(0)}
    return {pid: session for pid, session, cmdline in _processes()
            if marker in cmdline or session in sessions}


def _left_after(grace: float, find: Callable[[], Iterable[int]]) -> list[int]:
    """What `find` still finds `grace` seconds on (killed then, so that no test leaks it)."""
    deadline = time.monotonic() + grace
    while (left := sorted(find())) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left


def _build(content: Path, out: Path, temp: Path) -> subprocess.Popen:
    """`annexgen build` with rendering; its LibreOffice's profile lies under `temp`."""
    command = [sys.executable, "-m", "annexgen", "build", "-q", "--content", str(content),
               "--styles", str(STYLES), "--out", str(out)]
    temp.mkdir()
    return subprocess.Popen(command, env={**os.environ, "TMPDIR": str(temp)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _phase(build: subprocess.Popen, office: dict[int, int], temp: Path) -> str:
    """Where the build stands, from what runs and what it has sent LibreOffice (each job's
    folder in the profile lives from sending the file to reading back its PDF)."""
    if build.poll() is not None:
        return "finished"
    sent = any(temp.glob("annexgen-lo-*/job-*"))
    if office:
        return "converting" if sent else "starting LibreOffice"
    return "before LibreOffice"


@on_linux
@needs_renderer
@pytest.mark.render
def test_a_killed_build_leaves_no_libreoffice_behind(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    started = time.perf_counter()
    assert _build(content, tmp_path / "out-timed", tmp_path / "tmp-timed").wait() == 0
    # Kill times are fractions of that build, so a slow machine sees every phase too.
    whole = time.perf_counter() - started
    kills, wanted = 8, {"starting LibreOffice", "converting"}
    phases, left = [], {}
    # A second round only if the machine's pace changed so much that the first one missed
    # a phase that must be seen.
    for attempt in range(2 * kills):
        if attempt == kills and wanted <= set(phases):
            break
        temp = tmp_path / f"tmp-{attempt}"
        build = _build(content, tmp_path / f"out-{attempt}", temp)
        time.sleep(whole * (0.02 + 0.92 * (attempt % kills) / (kills - 1)))
        office = _libreoffice(temp)
        phases.append(_phase(build, office, temp))
        build.kill()
        build.wait()
        leftovers = _left_after(GRACE, partial(_libreoffice, temp,
                                               frozenset(office.values())))
        if leftovers:
            left[attempt] = (phases[-1], leftovers)
    assert not left, f"{len(left)} of {len(phases)} kills left LibreOffice running: {left}"
    assert wanted <= set(phases), phases


def _fake_soffice(tmp_path: Path, monkeypatch) -> Path:
    """A `soffice` first on PATH that runs forever; the file it writes its ids to."""
    folder = tmp_path / "bin"
    folder.mkdir()
    fake = folder / "soffice"
    fake.write_text(FAKE_SOFFICE)
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return folder / "pids"


def _ids(pids: Path) -> list[int]:
    deadline = time.monotonic() + GRACE
    while not (pids.exists() and pids.read_text().endswith("\n")):
        assert time.monotonic() < deadline, "the fake soffice did not start"
        time.sleep(0.02)
    return [int(pid) for pid in pids.read_text().split()]


def _running(pids: list[int]) -> list[int]:
    return [pid for pid, _session, _cmdline in _processes() if pid in pids]


@on_linux
def test_the_fallbacks_time_out_ends_its_whole_process_tree(tmp_path, monkeypatch):
    pids = _fake_soffice(tmp_path, monkeypatch)
    started = time.monotonic()
    with pytest.raises(RenderError, match="timed out after 1 s"):
        convert_to_pdf([tmp_path / "paper.docx"], tmp_path / "pdf", timeout=1)
    assert time.monotonic() - started < 5
    assert _left_after(KILLED, partial(_running, _ids(pids))) == []


@on_linux
def test_the_fallback_dies_with_annexgen(tmp_path, monkeypatch):
    pids = _fake_soffice(tmp_path, monkeypatch)
    code = ("import sys; from pathlib import Path; from annexgen.render.soffice import "
            "convert_to_pdf; convert_to_pdf([Path(sys.argv[1])], Path(sys.argv[2]))")
    annexgen = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "paper.docx"),
                                 str(tmp_path / "pdf")])
    ids = _ids(pids)
    annexgen.kill()
    annexgen.wait()
    assert _left_after(GRACE, partial(_running, ids)) == []


@on_linux
@needs_renderer
@pytest.mark.render
def test_the_fallbacks_time_out_ends_libreoffice(tmp_path, shipped_out, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # where the profile folder goes
    with pytest.raises(RenderError, match="timed out after 1 s"):
        convert_to_pdf([shipped_out / "annex-a.docx"], tmp_path / "pdf", timeout=1)
    assert _left_after(KILLED, partial(_libreoffice, temp)) == []


@on_linux
@needs_uno
@pytest.mark.render
def test_a_closed_office_stops_libreoffice_cleanly(tmp_path, shipped_out, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    with UnoRenderer() as office:
        paper = (shipped_out / "snapshot-paper.docx").read_bytes()
        [future] = office.submit([Job("snapshot-paper", "docx", paper)])
        assert future.result().pdf.startswith(b"%PDF")
        driver = office.process
    assert driver.returncode == 0  # LibreOffice quit when asked, nothing had to be killed
    assert _left_after(KILLED, partial(_libreoffice, temp,
                                         frozenset({driver.pid}))) == []


# -- stopped by SIGTERM or Ctrl-C: nothing left in the temporary folder ----------------------

def _wait_for(condition: Callable[[], object], what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _stopped(process: subprocess.Popen, signum: int) -> tuple[int, str]:
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    return process.returncode, err


def _stop_midway(command: str, signum: int, temp: Path, out: Path):
    """Starts `command` with `temp` as TMPDIR and sends it `signum` once its LibreOffice
    runs: (exit status, stderr, LibreOffice's processes then); None if it had finished."""
    temp.mkdir()
    with annexgen_process(command, "--content", str(CONTENT), "--styles", str(STYLES),
                          "--out", str(out), env={**os.environ, "TMPDIR": str(temp)},
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True) as process:
        try:
            if command == "build":  # stopped while LibreOffice converts
                _wait_for(lambda: _libreoffice(temp) or process.poll() is not None,
                          "LibreOffice to start")
            else:  # stopped between saves, its LibreOffice kept running
                _wait_for(lambda: (out / "snapshot-paper.pdf").exists(), "the first render")
            office = _libreoffice(temp)
            if process.poll() is not None:
                return None
            status, err = _stopped(process, signum)
        finally:
            process.kill()
    finished = command == "build" and status == 0 and (out / "annex-a.pdf").exists()
    return None if finished else (status, err, office)


@on_linux
@needs_uno
@pytest.mark.render
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
@pytest.mark.parametrize("command", ["build", "watch"])
def test_a_stopped_command_removes_its_temporary_folders_and_libreoffice(tmp_path, command,
                                                                        signum):
    # A build on a busy machine may finish between seeing LibreOffice and the signal.
    for attempt in range(3):
        temp = tmp_path / f"tmp-{attempt}"
        if stopped := _stop_midway(command, signum, temp, tmp_path / f"out-{attempt}"):
            break
    assert stopped, "every build finished before the signal reached it"
    status, err, office = stopped
    left = _left_after(GRACE, partial(_libreoffice, temp, frozenset(office.values())))
    assert (sorted(p.name for p in temp.iterdir()), left) == ([], [])
    assert status == (0 if command == "watch" else 128 + signum), err
    assert "Traceback" not in err and "Exception ignored" not in err, err


@on_linux
@needs_uno
@pytest.mark.render
def test_a_libreoffice_that_dies_fails_its_job_and_the_next_job_starts_a_fresh_one(
        tmp_path, shipped_out):
    """soffice.bin killed under a running driver (not the driver itself, as the fake's
    crash is): the job fails with what was said, and the next job gets a new LibreOffice."""
    paper = (shipped_out / "snapshot-paper.docx").read_bytes()
    with UnoRenderer() as office:
        [first] = office.submit([Job("snapshot-paper", "docx", paper)])
        assert first.result(timeout=120).pdf.startswith(b"%PDF")
        group = office.process.pid
        soffice = [pid for pid, session, cmdline in _processes()
                   if session == group and b"soffice.bin" in cmdline]
        assert soffice, "no soffice.bin in the renderer's group"
        for pid in soffice:
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        [broken] = office.submit([Job("snapshot-paper", "docx", paper)])
        with pytest.raises(RenderError, match=r"stopped unexpectedly(.|\n)*LibreOffice stopped"):
            broken.result(timeout=120)
        [again] = office.submit([Job("snapshot-paper", "docx", paper)])
        assert again.result(timeout=120).pdf.startswith(b"%PDF")
        assert office.launches == 2


# -- LibreOffice's sockets (its OSL pipes, in /tmp whatever TMPDIR says) go with it -----------

def _sockets_of(pids: Iterable[int]) -> set[str]:
    """The paths of the bound unix sockets those processes hold (LibreOffice's pipes)."""
    inodes = set()
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(fd)
                    if target.startswith("socket:["):
                        inodes.add(target[len("socket:["):-1])
    paths = set()
    for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 8 and fields[6] in inodes and fields[7].startswith("/"):
            paths.add(fields[7])
    return paths


def _sockets_while(running: Callable[[], bool], temp: Path,
                   until: Callable[[set[str]], bool]) -> set[str]:
    """The sockets of the LibreOffices under `temp`, gathered while `running` and until
    `until` says so."""
    seen: set[str] = set()
    deadline = time.monotonic() + 120
    while running() and not until(seen) and time.monotonic() < deadline:
        seen |= _sockets_of(_libreoffice(temp))
        time.sleep(0.02)
    return seen


def _pipes(seen: set[str]) -> list[str]:
    return sorted(path for path in seen if Path(path).name.startswith("OSL_PIPE_"))


@on_linux
@needs_uno
@pytest.mark.render
def test_a_build_leaves_no_socket_behind(tmp_path):
    temp = tmp_path / "tmp"
    build = _build(CONTENT, tmp_path / "out", temp)
    seen = _sockets_while(lambda: build.poll() is None, temp, lambda seen: False)
    assert build.wait() == 0
    # Two LibreOffices, each with its UNO pipe and its single-instance pipe.
    assert len(_pipes(seen)) == 4, seen
    assert [path for path in seen if os.path.lexists(path)] == []


@on_linux
@needs_uno
@pytest.mark.render
def test_a_killed_build_leaves_no_socket_behind(tmp_path):
    temp = tmp_path / "tmp"
    build = _build(CONTENT, tmp_path / "out", temp)
    seen = _sockets_while(lambda: build.poll() is None, temp,
                          lambda seen: len(_pipes(seen)) == 4)
    assert build.poll() is None, "the build finished before its LibreOffices were seen"
    build.kill()
    build.wait()
    assert _left_after(GRACE, partial(_libreoffice, temp)) == []
    _wait_for(lambda: not any(os.path.lexists(path) for path in seen),
              "LibreOffice's sockets to be removed", GRACE)


@on_linux
@needs_renderer
@pytest.mark.render
def test_a_killed_convert_to_leaves_no_socket_behind(tmp_path, shipped_out, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    started: list[subprocess.Popen] = []
    failed: list[RenderError] = []

    def convert() -> None:
        try:
            convert_to_pdf([shipped_out / "annex-a.docx"], tmp_path / "pdf", 120,
                           started.append)
        except RenderError as exc:
            failed.append(exc)

    thread = threading.Thread(target=convert)
    thread.start()
    seen = _sockets_while(thread.is_alive, temp, _pipes)
    started[0].kill()  # as closing the renderer without waiting does
    thread.join(60)
    assert failed and _pipes(seen), (failed, seen)
    assert [path for path in seen if os.path.lexists(path)] == []
