"""Runs a command as a child process and measures its wall time and peak resident memory."""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
ANNEXGEN = str(VENV_BIN / "annexgen")
GNU_TIME = "/usr/bin/time"
# Children run with bytecode cached (in a private folder, so that nothing is written into
# src/), as after any first run; PYTHONDONTWRITEBYTECODE would make them compile every module.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Tree:
    """The annexgen measured: the work tree, or a commit exported with `measure_commit`."""

    root: Path
    commit: str | None = None

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def styles(self) -> Path:
        return self.root / "styles"


TREE = Tree(REPO)


def measure_commit(revision: str, folder: Path) -> None:
    """Measure annexgen's src/, content/ and styles/ as committed at `revision`, exported into
    `folder` (so that edits in the work tree during a run change nothing)."""
    commit = _git("rev-parse", "--verify", f"{revision}^{{commit}}").decode().strip()
    archive = _git("archive", commit, "src", "content", "styles")
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    TREE.root, TREE.commit = folder, commit
    CHILD_ENV["PYTHONPATH"] = str(folder / "src")


def _git(*args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, check=True).stdout


class CommandFailed(Exception):
    """A measured command exited with an error."""


@dataclass(frozen=True)
class ProcessRun:
    """One finished child process: wall seconds, its peak resident memory in MB, its output."""

    seconds: float
    peak_mb: float
    stdout: str


def cache_bytecode_in(folder: Path) -> None:
    """Where the measured Python processes keep their compiled bytecode."""
    CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(folder)


def run_process(command: list[str], env: dict | None = None) -> ProcessRun:
    """Runs `command` to the end; CommandFailed (with what it printed) unless it exits 0.

    The peak comes from GNU time when installed (a tiny parent, so the child's peak is its
    own), else from wait4 (which also counts this process's size at the fork).
    """
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        peak_file = Path(tmp, "peak")
        timed = [GNU_TIME, "-f", "%M", "-o", str(peak_file), *command] if _has_time() else command
        with open(Path(tmp, "out"), "w+b") as out, open(Path(tmp, "err"), "w+b") as err:
            started = time.perf_counter()
            child = subprocess.Popen(timed, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                     cwd=REPO, env=env if env is not None else CHILD_ENV)
            _, status, usage = os.wait4(child.pid, 0)  # wait4 keeps the child's rusage
            seconds = time.perf_counter() - started
            child.returncode = os.waitstatus_to_exitcode(status)
            stdout, stderr = _read(out), _read(err)
        if child.returncode != 0:
            raise CommandFailed(f"{' '.join(command)} exited {child.returncode}:\n"
                                f"{stderr[-2000:]}")
        peak_kb = _peak_kb(peak_file) if _has_time() else usage.ru_maxrss
    return ProcessRun(seconds, peak_kb / 1024, stdout)


def _has_time() -> bool:
    return os.access(GNU_TIME, os.X_OK)


def _peak_kb(path: Path) -> int:
    return int(path.read_text().strip().splitlines()[-1])


def _read(stream) -> str:
    stream.seek(0)
    return stream.read().decode("utf-8", "replace")


def annexgen(*args: str, env: dict | None = None) -> ProcessRun:
    """The annexgen command line, quiet, as a whole process."""
    return run_process([ANNEXGEN, *args, "-q"], env)


def worker(task: str, *args: str) -> dict:
    """A task of benchmarks.worker in a fresh interpreter: its JSON answer plus wall and peak."""
    run = run_process([sys.executable, "-m", "benchmarks.worker", task, *args, "--styles",
                       str(TREE.styles)])
    answer = json.loads(run.stdout.strip().splitlines()[-1])
    answer["process_seconds"], answer["peak_mb"] = run.seconds, run.peak_mb
    return answer


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None
