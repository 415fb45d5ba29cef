"""Measurements on the shipped content: start-up, importing the reports, the cost of rendering."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.measure import REPO, TREE, ProcessRun, annexgen, run_process

OFFICE_FILES = ("snapshot-paper.docx", "annex-a.docx", "annex-b.xlsx")


def startup(runs: int, scratch: Path, env: dict | None = None) -> dict:
    """Whole processes from the shell: `build --no-render` (into a new folder) and `check`."""
    builds, checks = [], []
    for run in range(runs):
        out = scratch / f"startup-{run}"
        builds.append(_no_render_build(out, env).seconds)
        checks.append(annexgen("check", "--content", str(TREE.content), "--styles",
                               str(TREE.styles),
                               env=env).seconds)
        shutil.rmtree(out, ignore_errors=True)
    return {"build_no_render_s": builds, "check_s": checks}


def _no_render_build(out: Path, env: dict | None = None) -> ProcessRun:
    return annexgen("build", "--no-render", "--content", str(TREE.content), "--styles",
                    str(TREE.styles), "--out", str(out), env=env)


def rendering(runs: int, scratch: Path) -> dict:
    """`build` with and without rendering, and bare soffice converting the same three files.

    Every build writes into a new folder, so that nothing rendered before is reused.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return {"skipped": "soffice is not installed (make build installs it)"}
    found: dict[str, list[float]] = {"no_render_s": [], "render_s": [], "soffice_s": []}
    for run in range(runs):
        plain = scratch / f"render-{run}-plain"
        found["no_render_s"].append(_no_render_build(plain).seconds)
        found["render_s"].append(annexgen("build", "--content", str(TREE.content), "--styles",
                                          str(TREE.styles), "--out",
                                          str(scratch / f"render-{run}-full")).seconds)
        found["soffice_s"].append(bare_soffice(soffice, plain, scratch / f"render-{run}-pdf"))
    return found


def bare_soffice(soffice: str, folder: Path, pdf_dir: Path) -> float:
    """One soffice process converting the three office files, with a new private profile."""
    files = [str(folder / name) for name in OFFICE_FILES]
    with tempfile.TemporaryDirectory(prefix="bench-lo-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir",
                   str(pdf_dir), *files]
        run = run_process(command, env={**os.environ, "HOME": profile})
    made = [pdf_dir / name.replace(".docx", ".pdf").replace(".xlsx", ".pdf")
            for name in OFFICE_FILES]
    if not all(pdf.is_file() for pdf in made):
        raise RuntimeError(f"soffice did not make every PDF in {pdf_dir}")
    return run.seconds


def importing(runs: int, scratch: Path) -> dict:
    """`annexgen import` of the five meetings' reports (written from the shipped content by
    the test fixtures) as one whole command, into an exercise without outcomes."""
    sys.path.insert(0, str(REPO))
    from tests.reportgen import write_report

    from annexgen.load.corpus import load_corpus

    corpus = load_corpus(TREE.content)
    folder = scratch / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    reports = []
    for meeting in corpus.meetings:
        write_report(corpus, meeting.id, folder / f"{meeting.id}.docx")
        reports.append(str(folder / f"{meeting.id}.docx"))
    seconds = []
    for run in range(runs):
        content = scratch / f"import-{run}"
        shutil.copytree(TREE.content, content, ignore=shutil.ignore_patterns("outcomes"))
        (content / "outcomes").mkdir()
        seconds.append(annexgen("import", "-q", *reports, "--content", str(content)).seconds)
        shutil.rmtree(content, ignore_errors=True)
    return {"five_reports_s": seconds}
