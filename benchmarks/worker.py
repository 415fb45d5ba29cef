"""One measurement in a fresh interpreter: `python -m benchmarks.worker TASK CONTENT OUT`."""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

from annexgen.compose.annex_a import compose_annex_a
from annexgen.compose.annex_b import compose as compose_annex_b
from annexgen.compose.check import compose_all, load_inputs
from annexgen.compose.paper import compose_paper
from annexgen.core.deliverables import ANNEX_A, ANNEX_B, PAPER
from annexgen.core.diagnostics import Report
from annexgen.pipeline.build import build
from annexgen.writers.docx.package import write_docx
from annexgen.writers.xlsx.workbook import write_workbook
from benchmarks import direct, peers, synth

STYLES = Path(__file__).resolve().parents[1] / "styles"
PROFILE_LINES = 45


class Clock:
    """Named stage timings, in seconds."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}

    def time(self, name: str, action: Callable, *args):
        started = time.perf_counter()
        result = action(*args)
        self.stages[name] = time.perf_counter() - started
        return result


def task_build(content: Path, styles_dir: Path, out: Path) -> dict:
    """pipeline.build.build(..., render=False) in-process (imports done before the clock)."""
    clock = Clock()
    clock.time("build", lambda: build(content, styles_dir, out, Report(), False, tune_gc=True))
    return {"seconds": clock.stages["build"]}


def task_watch(content: Path, styles_dir: Path, out: Path) -> dict:
    """What `annexgen watch` does after a save: a warm in-process build after one edit."""
    build(content, styles_dir, out, Report(), False, tune_gc=True)
    seconds = []
    for _ in range(3):
        synth.edit_one_outcome(content)
        started = time.perf_counter()
        build(content, styles_dir, out, Report(), False, tune_gc=True)
        seconds.append(time.perf_counter() - started)
    return {"seconds": sorted(seconds)[1]}


def task_stages(content: Path, styles_dir: Path, out: Path) -> dict:
    """The stages of a build one by one: load_inputs, compose_all (the paper and Annex B),
    each composer alone (Annex A's is not part of compose_all: write_all composes it), writers.

    Writing the output folder (hashes, manifest, publishing) is what build() adds to these.
    """
    clock, report = Clock(), Report()
    corpus, styles = clock.time("load_inputs", load_inputs, content, styles_dir, report)
    documents = clock.time("compose_all", compose_all, corpus, styles, report)
    clock.time("compose_annex_b", compose_annex_b, corpus, report, styles.sheet)
    clock.time("compose_paper", compose_paper, corpus)
    annex_a = clock.time("compose_annex_a", compose_annex_a, corpus)
    files = {
        PAPER.office: clock.time("write_docx_paper", write_docx, documents[PAPER.name],
                                 styles, corpus.document, None),
        ANNEX_A.office: clock.time("write_docx_annex_a", write_docx, annex_a, styles,
                                   corpus.document),
        ANNEX_B.office: clock.time("write_workbook", write_workbook, documents[ANNEX_B.name],
                                   corpus, styles),
    }
    save(out, files)
    return {"stages": clock.stages, "bytes": {k: len(v) for k, v in files.items()}}


def save(out: Path, files: dict[str, bytes]) -> None:
    """Keeps a measured task's files for inspection (not timed)."""
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)


def task_floor(content: Path, styles_dir: Path, out: Path) -> dict:
    """The direct writer from the loaded corpus (loading is not timed)."""
    corpus, _ = load_inputs(content, styles_dir, Report())
    clock = Clock()
    table = clock.time("group", direct.outcomes_by_topic, corpus)
    files = {
        "snapshot-paper.docx": clock.time("paper_docx", direct.paper_docx, corpus),
        "annex-a.docx": clock.time("annex_a_docx", direct.annex_a_docx, corpus, table),
        "annex-b.xlsx": clock.time("annex_b_xlsx", direct.annex_b_xlsx, corpus, table),
    }
    save(out, files)
    return {"stages": clock.stages, "bytes": {k: len(v) for k, v in files.items()}}


def task_openpyxl(content: Path, styles_dir: Path, out: Path) -> dict:
    """openpyxl writing Annex B's cells without annexgen (cells taken from the composed matrix)."""
    report = Report()
    corpus, styles = load_inputs(content, styles_dir, report)
    matrix = compose_annex_b(corpus, report, styles.sheet)
    rows = peers.matrix_cells(matrix)
    clock = Clock()
    data = clock.time("openpyxl", peers.openpyxl_matrix, rows, matrix.layout.topic_width,
                      matrix.layout.meeting_width)
    save(out, {"openpyxl-annex-b.xlsx": data})
    return {"seconds": clock.stages["openpyxl"], "bytes": len(data)}


def task_docxtpl(content: Path, styles_dir: Path, out: Path) -> dict:
    """docxtpl rendering Annex A from a small template (template made before the clock)."""
    corpus, _ = load_inputs(content, styles_dir, Report())
    out.mkdir(parents=True, exist_ok=True)
    template = peers.docxtpl_template(out / "docxtpl-template.docx")
    clock = Clock()
    data = clock.time("docxtpl", peers.docxtpl_annex_a, corpus, template)
    save(out, {"docxtpl-annex-a.docx": data})
    return {"seconds": clock.stages["docxtpl"], "bytes": len(data)}


def task_pandoc(content: Path, styles_dir: Path, out: Path) -> dict:
    """pandoc converting Annex A from a JSON AST built from the corpus (AST building timed)."""
    corpus, _ = load_inputs(content, styles_dir, Report())
    pandoc = peers.pandoc_binary()
    version = peers.pandoc_api_version(pandoc)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "pandoc-annex-a.docx"
    clock = Clock()
    peak = clock.time("pandoc", peers.pandoc_annex_a, corpus, pandoc, version, target)
    return {"seconds": clock.stages["pandoc"], "bytes": target.stat().st_size,
            "tool_peak_mb": peak}


def task_profile(content: Path, styles_dir: Path, out: Path) -> dict:
    """cProfile of an in-process build; the summary goes to out/profile.txt."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(build, content, styles_dir, out / "built", Report(), False)
    seconds = time.perf_counter() - started
    summary = out / "profile.txt"
    summary.write_text(profile_summary(profiler), encoding="utf-8")
    return {"seconds": seconds, "summary": str(summary)}


def profile_summary(profiler: cProfile.Profile) -> str:
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("cumulative").print_stats(PROFILE_LINES)
    stats.sort_stats("tottime").print_stats(PROFILE_LINES)
    return text.getvalue()


TASKS = {"build": task_build, "stages": task_stages, "floor": task_floor,
         "openpyxl": task_openpyxl, "docxtpl": task_docxtpl, "pandoc": task_pandoc,
         "profile": task_profile, "watch": task_watch}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worker")
    parser.add_argument("task", choices=sorted(TASKS))
    parser.add_argument("content", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--styles", type=Path, default=STYLES)
    args = parser.parse_args(argv)
    try:
        answer = TASKS[args.task](args.content, args.styles, args.out)
    except peers.PeerMissing as exc:
        answer = {"skipped": str(exc)}
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
