"""Shared fixtures: the repository's folders, and the deliverables built once per session."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from annexgen.build import compose_all, load_inputs, write_all
from annexgen.diagnostics import Report
from annexgen.doc.annex_a import compose_annex_a
from annexgen.doc.paper import compose_paper
from annexgen.writers.docx.package import write_docx

ROOT = Path(__file__).resolve().parent.parent
CONTENT, STYLES = ROOT / "content", ROOT / "styles"
CASES = ROOT / "tests" / "cases"


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


@pytest.fixture(scope="session")
def shipped():
    """The shipped corpus and styles."""
    return load_inputs(CONTENT, STYLES, Report())


@pytest.fixture(scope="session")
def shipped_word(shipped) -> dict[str, bytes]:
    """The paper and Annex A of the shipped content (no rendering)."""
    corpus, styles = shipped
    return {
        "snapshot-paper.docx": write_docx(compose_paper(corpus), styles, corpus.document),
        "annex-a.docx": write_docx(compose_annex_a(corpus), styles, corpus.document),
    }


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


def make_case(name: str, target: Path) -> Path:
    """A content folder: the base case with a case's files laid over it."""
    content = target / "content"
    shutil.copytree(CASES / "_base", content)
    case = CASES / name
    if case.exists():
        shutil.copytree(case, content, dirs_exist_ok=True)
    return content
