"""Shared fixtures: the repository's folders, the deliverables built once per session, and
the `render` marker's guard."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from annexgen.compose.check import compose_all, load_inputs
from annexgen.core.deliverables import STANDARD
from annexgen.core.diagnostics import Report
from annexgen.pipeline.build import BuildResult, build, write_all
from annexgen.render.uno_backend import UnoRenderer

ROOT = Path(__file__).resolve().parent.parent
CONTENT, STYLES = ROOT / "content", ROOT / "styles"
CASES = ROOT / "tests" / "cases"
# What the renderer is sent for the standard deliverables, in order: the annexes side by
# side, then what cites their pages (the paper), written with them.
SENT = (*(item.office for item in STANDARD.annexes), *(item.office for item in STANDARD.citing))
# Cases that only the template time limit (MAX_TEMPLATE_SECONDS) stops: seconds each.
TIMED_OUT_CASES = frozenset({"template-cost-lipsum", "template-cost-loops"})


def _uno_importable() -> bool:
    python = Path("/usr/bin/python3")
    return python.is_file() and subprocess.run(
        [python, "-c", "import uno"], capture_output=True, check=False).returncode == 0


def tree_digest(folder: Path) -> str:
    """One hash of a folder's names and bytes: equal before and after means untouched."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


HAS_RENDERER = bool(shutil.which("soffice") and shutil.which("pdftotext"))
needs_renderer = pytest.mark.skipif(
    not HAS_RENDERER,
    reason="LibreOffice (soffice) and poppler (pdftotext) are needed; `make test` installs them")
# LibreOffice driven over UNO (python3-uno): `make test` installs it with LibreOffice.
needs_uno = pytest.mark.skipif(
    not (HAS_RENDERER and _uno_importable()),
    reason="LibreOffice, poppler and python3-uno are needed; `make test` installs them")


# A `soffice` first on PATH in every test not marked `render`: a test that starts LibreOffice
# without the mark fails, so `make test-fast` (-m "not render") never waits for it.
UNMARKED_SOFFICE = """#!/bin/sh
echo "this test starts LibreOffice: mark it @pytest.mark.render" >&2
exit 1
"""


def pytest_collection_modifyitems(items) -> None:
    """A test that reads the rendered tree needs LibreOffice, as a test that renders does."""
    for item in items:
        if "rendered_tree" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.render)


# The outcome file the edit tests change, and what they change in it.
EDITED_OUTCOMES = "outcomes/asia-pacific.yaml"


@pytest.fixture
def content(tmp_path) -> Path:
    """A copy of the shipped content, to edit."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    return folder


def edit_one_outcome(content: Path, word: str = "firmly") -> None:
    """One outcome's wording changed ("Participants firmly recommended")."""
    path = content / EDITED_OUTCOMES
    text = path.read_text()
    edited = text.replace("Participants recommended", f"Participants {word} recommended", 1)
    assert edited != text
    path.write_text(edited)


@pytest.fixture(scope="session")
def _unmarked_bin(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unmarked-bin")
    for name in ("soffice", "libreoffice"):
        (folder / name).write_text(UNMARKED_SOFFICE)
        (folder / name).chmod(0o755)
    return folder


@pytest.fixture(autouse=True)
def _libreoffice_only_when_marked(request, monkeypatch):
    if request.node.get_closest_marker("render") is None:
        folder = request.getfixturevalue("_unmarked_bin")
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")


def record_office(monkeypatch) -> dict:
    """Records what builds ask LibreOffice for, how often it is started, and why jobs went
    to `soffice --convert-to` (None: they did not) each time a UNO renderer closes."""
    log: dict = {"submitted": [], "launches": 0, "fallback": []}
    submit, close = UnoRenderer.submit, UnoRenderer.close

    def recording_submit(self, jobs):
        log["submitted"].extend(job.file_name for job in jobs)
        return submit(self, jobs)

    def noting_close(self, wait=True):
        log["fallback"].append(self.fallback)
        log["launches"] += self.launches
        self.launches = 0
        return close(self, wait)

    monkeypatch.setattr(UnoRenderer, "submit", recording_submit)
    monkeypatch.setattr(UnoRenderer, "close", noting_close)
    return log


class RenderedTree(NamedTuple):
    """A rendered build: its output folder, its result, and what it asked LibreOffice for."""

    out: Path
    result: BuildResult
    office: dict


@pytest.fixture(scope="session")
def rendered_tree(tmp_path_factory) -> RenderedTree:
    """The shipped content built with rendering into a fresh folder, once for the whole
    session; tests that build over it work on a copy."""
    out = tmp_path_factory.mktemp("rendered")
    with pytest.MonkeyPatch.context() as monkeypatch:
        office = record_office(monkeypatch)
        result = build(CONTENT, STYLES, out, Report())
    assert result.resolved, result.not_rendered
    return RenderedTree(out, result, office)


@pytest.fixture(scope="session")
def shipped():
    """The shipped corpus and styles."""
    return load_inputs(CONTENT, STYLES, Report())


@pytest.fixture(scope="session")
def shipped_word(shipped_files) -> dict[str, bytes]:
    """The Word deliverables of the shipped content (no rendering)."""
    return {name: data for name, data in shipped_files.items() if name.endswith(".docx")}


@pytest.fixture(scope="session")
def shipped_files(shipped) -> dict[str, bytes]:
    """The three deliverables of the shipped content, as bytes (no rendering)."""
    corpus, styles = shipped
    return write_all(corpus, styles, compose_all(corpus, styles, Report()))


@pytest.fixture(scope="session")
def shipped_out(shipped_files, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    for name, data in shipped_files.items():
        (out / name).write_bytes(data)
    return out


# `python -m annexgen`, with Ctrl-C's default meaning: a suite started without job control
# (`nohup pytest &`, a CI runner) ignores SIGINT, and a child inherits that.
_INTERRUPTIBLE = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
                  "from annexgen.cli import main; sys.exit(main())")


def annexgen_process(*args: str, **options) -> subprocess.Popen:
    """`annexgen ARGS` in a process of its own, which SIGINT interrupts wherever the suite
    runs; the caller kills it in a `finally`."""
    return subprocess.Popen([sys.executable, "-c", _INTERRUPTIBLE, *args], **options)


def case_params(names) -> list:
    """The cases as test parameters, the timed-out ones marked slow."""
    return [pytest.param(name, marks=pytest.mark.slow) if name in TIMED_OUT_CASES else name
            for name in names]


def make_case(name: str, target: Path) -> Path:
    """A content folder: the base case with a case's files laid over it."""
    content = target / "content"
    shutil.copytree(CASES / "_base", content)
    case = CASES / name
    if case.exists():
        shutil.copytree(case, content, dirs_exist_ok=True)
    return content
