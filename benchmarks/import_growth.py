"""How `annexgen import` grows with the report: whole commands on reports of doubling size
(one paragraph followed by 10,000 to 40,000 unnumbered lines; 1,000 to 4,000 numbered
paragraphs imported into an empty exercise, then imported again), and the PDF reader on a
report LibreOffice printed, 20, 40 and 80 times over. Linear time doubles per doubling; the
target is at most 1.5 times that (3.0). Run: python -m benchmarks.import_growth."""

from __future__ import annotations

import itertools
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.measure import ANNEXGEN, CHILD_ENV, REPO, TREE

LINES = (10_000, 20_000, 40_000)
PARAGRAPHS = (1_000, 2_000, 4_000)
PDF_COPIES = (20, 40, 80)
DOUBLING_LIMIT = 3.0


def _report(path: Path, numbered: int, lines: int) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("A/CONF.234/RPM.4/1")
    document.add_heading("Outcome of deliberations", 2)
    for number in range(1, numbered + 1):
        document.add_paragraph(f"{number}.\tParticipants recommended measure {number}.")
    for line in range(lines):
        document.add_paragraph(f"line {line} of a list that runs on after the paragraph")
    document.save(path)
    return path


def _exercise(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(TREE.content, folder, ignore=shutil.ignore_patterns("outcomes"))
    (folder / "outcomes").mkdir()
    return folder


def _seconds(report: Path, content: Path) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run([ANNEXGEN, "import", "-q", str(report), "--content", str(content),
                           "--styles", str(TREE.styles)], cwd=REPO, env=CHILD_ENV,
                          capture_output=True, check=False)
    return time.perf_counter() - started, done.returncode


def measure(runs: int, scratch: Path) -> dict:
    """{shape: {size: median seconds}, shape_ratios: [per doubling]} for the three shapes."""
    scratch.mkdir(parents=True, exist_ok=True)
    found: dict = {"lines": {}, "paragraphs": {}, "reimport": {}, "exit": {}}
    for size in LINES:
        report = _report(scratch / f"lines-{size}.docx", 1, size)
        times = [_seconds(report, _exercise(scratch / "content")) for _ in range(runs)]
        found["lines"][size] = statistics.median(t for t, _ in times)
        found["exit"][f"lines-{size}"] = times[0][1]
    for size in PARAGRAPHS:
        report = _report(scratch / f"paragraphs-{size}.docx", size, 0)
        first, again = [], []
        for _ in range(runs):
            content = _exercise(scratch / "content")
            first.append(_seconds(report, content))
            again.append(_seconds(report, content))
        found["paragraphs"][size] = statistics.median(t for t, _ in first)
        found["reimport"][size] = statistics.median(t for t, _ in again)
        found["exit"][f"paragraphs-{size}"] = first[0][1]
    found["pdf_pages"] = _pdf_growth(runs, scratch)
    for shape in SHAPES:
        sizes = sorted(found[shape])
        found[f"{shape}_ratios"] = [found[shape][b] / found[shape][a]
                                    for a, b in itertools.pairwise(sizes)]
    return found


def _pdf_growth(runs: int, scratch: Path) -> dict[int, float]:
    """{pages: median seconds of read_pdf} for Africa's report printed by LibreOffice and
    joined 20, 40 and 80 times; {} without LibreOffice."""
    import pikepdf
    from tests.reportgen import to_pdf, write_report

    from annexgen.importer.readers.pdf_report import read_pdf
    from annexgen.load.corpus import load_corpus

    try:
        write_report(load_corpus(TREE.content), "africa", scratch / "africa.docx")
        single = to_pdf(scratch / "africa.docx", scratch)
    except (OSError, RuntimeError):
        return {}
    found = {}
    for copies in PDF_COPIES:
        joined_path = scratch / f"africa-{copies}.pdf"
        with pikepdf.open(single) as source, pikepdf.new() as joined:
            for _ in range(copies):
                joined.pages.extend(source.pages)
            joined.save(joined_path)
            pages = len(joined.pages)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            read_pdf(str(joined_path), joined_path.name)
            times.append(time.perf_counter() - started)
        found[pages] = statistics.median(times)
    return found


SHAPES = {"lines": "one paragraph + unnumbered lines (refused: too long, E206)",
          "paragraphs": "numbered paragraphs into an empty exercise",
          "reimport": "the same report imported again",
          "pdf_pages": "reading a PDF of that many pages (in process)"}


def lines(found: dict) -> list[str]:
    rows = ["| import growth (median s, whole command) | sizes | seconds | per doubling |",
            "| --- | --- | --- | --- |"]
    for shape, label in SHAPES.items():
        sizes = sorted(found.get(shape, {}))
        seconds = ", ".join(f"{found[shape][s]:.2f}" for s in sizes)
        ratios = ", ".join(f"{r:.2f}" for r in found.get(f"{shape}_ratios", []))
        rows.append(f"| {label} | {', '.join(f'{s:,}' for s in sizes)} | {seconds} | "
                    f"{ratios} |")
    return rows


def worst_ratio(found: dict) -> float | None:
    ratios = [r for shape in SHAPES for r in found.get(f"{shape}_ratios", [])]
    return max(ratios) if ratios else None


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="annexgen-import-growth-") as scratch:
        found = measure(3, Path(scratch))
    print("\n".join(lines(found)))
    worst = worst_ratio(found)
    print(f"worst ratio per doubling: {worst:.2f} (target at most {DOUBLING_LIMIT})")
    print(f"exit statuses: {found['exit']}")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
