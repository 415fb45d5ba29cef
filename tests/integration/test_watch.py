"""Watch mode, incremental builds through the manifest, and all-or-nothing publishing."""

from __future__ import annotations

import os
import queue
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass

import docx
import openpyxl
import pytest

import annexgen.render.uno_backend
from annexgen.cli.commands import watch_lines
from annexgen.core.deliverables import STANDARD
from annexgen.core.diagnostics import Report
from annexgen.pipeline.build import build
from annexgen.pipeline.watch import watch
from annexgen.publish.manifest import MANIFEST
from annexgen.publish.outfolder import publish
from tests.conftest import (
    CONTENT,
    EDITED_OUTCOMES,
    STYLES,
    annexgen_process,
    edit_one_outcome,
    needs_uno,
)

OUTCOMES = EDITED_OUTCOMES
_edit_one_outcome = edit_one_outcome


def _snapshot(out) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.iterdir()}


# -- the manifest: unchanged outputs are not rewritten ---------------------------------------

def test_unchanged_outputs_keep_their_bytes_and_times(content, tmp_path):
    out = tmp_path / "out"
    build(content, STYLES, out, Report(), render=False)
    before = _snapshot(out)
    result = build(content, STYLES, out, Report(), render=False)
    assert result.unchanged and result.changed == () and _snapshot(out) == before


def test_one_outcome_edit_rewrites_only_the_annexes(content, tmp_path):
    out = tmp_path / "out"
    build(content, STYLES, out, Report(), render=False)
    before = _snapshot(out)
    _edit_one_outcome(content)
    result = build(content, STYLES, out, Report(), render=False)
    after = _snapshot(out)
    assert sorted(result.changed) == sorted([MANIFEST, *(item.office for item in STANDARD.annexes)])
    assert after["snapshot-paper.docx"] == before["snapshot-paper.docx"]
    assert after["annex-a.docx"] != before["annex-a.docx"]


def test_force_rewrites_everything(content, tmp_path):
    out = tmp_path / "out"
    build(content, STYLES, out, Report(), render=False)
    result = build(content, STYLES, out, Report(), render=False, force=True)
    assert set(STANDARD.offices) <= set(result.changed)


def test_files_the_user_keeps_in_out_survive(content, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    build(content, STYLES, out, Report(), render=False)
    assert (out / "notes.txt").read_text() == "mine"


def test_publish_swaps_the_whole_folder(tmp_path):
    out = tmp_path / "out"
    publish(out, {"a.txt": b"1", "b.txt": b"1"})
    inode = out.stat().st_ino
    publish(out, {"a.txt": b"2", "b.txt": b"2"})
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {"a.txt": b"2", "b.txt": b"2"}
    assert out.stat().st_ino != inode  # a new folder took the old one's place
    assert not list(tmp_path.glob(".annexgen-staging.*"))


# -- watch -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Printed:
    """A round as the command line prints it."""

    kind: str
    lines: tuple[str, ...]


class _Watcher:
    """Runs `watch` in a thread and hands its rounds to the test, as printed."""

    def __init__(self, content, out, render=False):
        self.events: queue.Queue = queue.Queue()
        self.stop = threading.Event()

        def printed(event) -> None:
            self.events.put(_Printed(event.kind, tuple(watch_lines(event, out))))

        self.thread = threading.Thread(target=watch, daemon=True, kwargs=dict(
            content=content, styles=STYLES, out=out, render=render,
            on_event=printed, stop=self.stop, debounce_ms=100))

    def next(self, timeout: float = 20):
        return self.events.get(timeout=timeout)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=10)


def test_watch_rebuilds_keeps_last_good_outputs_on_a_broken_save(content, tmp_path):
    out = tmp_path / "out"
    with _Watcher(content, out) as watcher:
        assert watcher.next().kind == "built"
        time.sleep(1.0)  # watchfiles starts watching just after the first build
        _edit_one_outcome(content)
        event = watcher.next()
        assert event.kind == "built" and "annex-a.docx" in _summary(event)
        good = _snapshot(out)
        good_text = (content / OUTCOMES).read_text()
        (content / OUTCOMES).write_text(good_text.replace("meeting: asia-pacific",
                                                          "meeting: [asia-pacific"))
        event = watcher.next()
        assert event.kind == "invalid"
        assert any(OUTCOMES in line and ": E101: " in line for line in event.lines)
        assert _snapshot(out) == good
        (content / OUTCOMES).write_text(good_text.replace("firmly", "strongly"))
        event = watcher.next()
        assert event.kind == "built" and "annex-a.docx" in _summary(event)
    assert not watcher.thread.is_alive()


def _events(watcher, quiet: float) -> list:
    """Every event until none has come for `quiet` seconds."""
    found = []
    while True:
        try:
            found.append(watcher.events.get(timeout=quiet))
        except queue.Empty:
            return found


def _summary(event) -> str:
    """The round's line that build prints as its summary (after the warnings)."""
    [line] = [line for line in event.lines if re.search(r" built \d files in ", line)
              or " nothing changed since the last build" in line]
    return line


def test_each_round_prints_what_build_prints_and_a_lost_meeting_loudly(content, tmp_path):
    out = tmp_path / "out"
    europe = content / "outcomes" / "europe.yaml"
    had = europe.read_text().count("\n  - id: ")
    with _Watcher(content, out) as watcher:
        first = watcher.next()
        built = f"built {len(STANDARD.offices)} files in "
        assert first.kind == "built" and built in _summary(first)
        time.sleep(1.0)
        europe.rename(europe.with_suffix(".yaml.bak"))
        event = watcher.next()
    text = "\n".join(event.lines)
    assert event.kind == "built", text
    # build's warnings, located, then its summary line
    assert "meetings.yaml:" in text and ": W505: meeting 'europe' has no outcomes" in text
    assert "outcomes/europe.yaml.bak:1:1: W504: " in text
    assert f"written: {', '.join(item.office for item in STANDARD.annexes)}" in _summary(event)
    loud = [line for line in event.lines if line.startswith("!!")]
    assert len(loud) == 1 and f"'europe' had {had} outcomes" in loud[0], text
    assert event.lines.index(loud[0]) > event.lines.index(_summary(event))


def test_a_delete_then_create_save_builds_once_with_the_meeting(content, tmp_path):
    out = tmp_path / "out"
    europe = content / "outcomes" / "europe.yaml"
    saved = europe.read_text().replace("Participants", "Participants firmly", 1)
    with _Watcher(content, out) as watcher:
        assert watcher.next().kind == "built"
        time.sleep(1.0)
        europe.unlink()  # an editor that deletes, then writes the file anew
        time.sleep(0.3)  # long enough for watchfiles to report the deletion alone
        europe.write_text(saved)
        events = _events(watcher, quiet=3.0)
    lines = [line for event in events for line in event.lines]
    assert not any("W505" in line or line.startswith("!!") for line in lines), lines
    published = [event for event in events if "written: " in _summary(event)]
    assert len(published) == 1, lines
    assert "annex-a.docx" in _summary(published[0])
    annex = "\n".join(p.text for p in docx.Document(out / "annex-a.docx").paragraphs)
    assert "Participants firmly" in annex and "Europe" in annex


def _count_launches(monkeypatch) -> list[int]:
    launches: list[int] = []
    driver = annexgen.render.uno_backend._Driver

    class Counted(driver):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            launches.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(annexgen.render.uno_backend, "_Driver", Counted)
    return launches


@pytest.mark.render
@needs_uno
def test_watch_keeps_its_libreoffices_warm_for_every_render(content, tmp_path, monkeypatch):
    launches = _count_launches(monkeypatch)
    out = tmp_path / "out"
    with _Watcher(content, out, render=True) as watcher:
        assert watcher.next(120).kind == "rendered"
        time.sleep(1.0)  # watchfiles starts watching just after the first round
        _edit_one_outcome(content)
        rendered = watcher.next(120)
    assert rendered.kind == "rendered"  # one build per save, the PDFs in it
    summary = _summary(rendered)
    assert "page references resolved" in summary and "annex-a.pdf" in summary
    # Two LibreOffices (the annexes side by side), both kept for the second round.
    assert len(launches) == 2
    pdf = subprocess.run(["pdftotext", str(out / "annex-a.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert "Participants firmly recommended" in " ".join(pdf.split())


def _complete(out) -> str | None:
    """What is missing from out/ as a reader finds it now: a PDF, or the paper's pages
    (None: the three PDFs are there and the paper's page references are resolved)."""
    for _ in range(5):  # a folder swapped between listing it and reading a file: read again
        try:
            names = set(os.listdir(out))
            missing = {"annex-a.pdf", "annex-b.pdf", "snapshot-paper.pdf"} - names
            if missing:
                return f"no {', '.join(sorted(missing))}"
            paper = "\n".join(p.text for p in docx.Document(out / "snapshot-paper.docx").paragraphs)
        except (FileNotFoundError, KeyError, zipfile.BadZipFile):
            continue
        return "unresolved pages in the paper" if "[?]" in paper else None
    return "out/ could not be read"


@pytest.mark.render
@needs_uno
def test_out_is_never_incomplete_while_watch_rebuilds(content, tmp_path):
    out = tmp_path / "out"
    seen: list[str] = []
    polls = 0
    with _Watcher(content, out, render=True) as watcher:
        assert watcher.next(120).kind == "rendered"
        time.sleep(1.0)
        done = threading.Event()

        def poll():
            nonlocal polls
            while not done.is_set():
                if (problem := _complete(out)) is not None:
                    seen.append(problem)
                polls += 1

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            for word in ("firmly", "strongly"):
                original = (CONTENT / OUTCOMES).read_text()  # one save per round
                (content / OUTCOMES).write_text(original.replace(
                    "Participants recommended", f"Participants {word} recommended", 1))
                event = watcher.next(120)
                assert event.kind == "rendered", event.lines
                assert "annex-a.pdf" in _summary(event), event.lines
        finally:
            done.set()
            poller.join()
    assert polls > 20 and seen == []
    text = subprocess.run(["pdftotext", str(out / "annex-a.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Participants strongly recommended" in " ".join(text.split())


def test_watch_command_stops_cleanly_on_ctrl_c(content, tmp_path):
    with annexgen_process("watch", "--no-render", "--content", str(content),
                          "--styles", str(STYLES), "--out", str(tmp_path / "out"),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            deadline = time.time() + 30
            while not (tmp_path / "out" / "annex-a.docx").exists() and time.time() < deadline:
                time.sleep(0.1)
            time.sleep(0.5)
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=20)
        finally:
            process.kill()  # a no-op once it has stopped
    assert process.returncode == 0, err
    assert f"built {len(STANDARD.offices)} files in" in out and out.strip().endswith("stopped")
    assert "Traceback" not in err


# -- all or nothing under SIGKILL -----------------------------------------------------------

def _opens(path) -> bool:
    """The file is a sound zip that python-docx or openpyxl opens."""
    try:
        with zipfile.ZipFile(path) as package:
            if package.testzip() is not None:
                return False
        if path.suffix == ".docx":
            return len(docx.Document(path).paragraphs) > 0
        return openpyxl.load_workbook(path, read_only=True).sheetnames[0] == "Annex B"
    except (zipfile.BadZipFile, ValueError, KeyError):
        return False


def _timed_build(command) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


@pytest.mark.slow
def test_killed_builds_leave_the_old_or_the_new_outputs(content, tmp_path):
    out = tmp_path / "out"
    versions = []
    for word in ("firmly", "strongly"):
        _edit_one_outcome(content, word)
        build(content, STYLES, out, Report(), render=False)
        versions.append({p.name: p.read_bytes() for p in out.iterdir()})
        shutil.copytree(CONTENT / "outcomes", content / "outcomes", dirs_exist_ok=True)
    assert versions[0] != versions[1]
    command = [sys.executable, "-m", "annexgen", "build", "--no-render", "-q",
               "--content", str(content), "--styles", str(STYLES), "--out", str(out)]
    # Kill times are fractions of an uninterrupted build timed here, so a slow or busy
    # machine still sees kills before, during and after publishing.
    whole = max(_timed_build(command) for _ in range(2))
    rng = random.Random(20261128)
    outcomes = {"old": 0, "new": 0}
    attempts = 24
    for attempt in range(attempts):
        target = attempt % 2
        _edit_one_outcome(content, ("firmly", "strongly")[target])
        before = {p.name: p.read_bytes() for p in out.iterdir()}
        share = (attempt + rng.random()) / attempts  # spread evenly over 0..1
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole * (0.1 + 1.5 * share))
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = {p.name: p.read_bytes() for p in out.iterdir()}
        assert after in (before, versions[target]), f"attempt {attempt}: a mix of builds"
        outcomes["old" if after == before else "new"] += 1
        assert all(_opens(out / name) for name in STANDARD.offices)
        shutil.copytree(CONTENT / "outcomes", content / "outcomes", dirs_exist_ok=True)
    assert outcomes["old"] and outcomes["new"], outcomes  # kills landed on both sides
    # A killed build's staging folder, planted in case no kill above happened to leave one.
    (tmp_path / ".annexgen-staging.out.999999").mkdir(exist_ok=True)
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".annexgen-staging")]
    build(content, STYLES, out, Report(), render=False)
    assert not [p for p in leftovers if p.exists()]
