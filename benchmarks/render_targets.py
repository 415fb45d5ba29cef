"""The render stage's targets, each measured side by side with what it is compared to.

- watch: a one-outcome save until the build that publishes all three PDFs says so;
- a cold full build against bare `soffice --convert-to pdf` of the same three files;
- an unchanged rebuild against `annexgen check`;
- a build with rendering of content 100x the shipped size: its render time per page
  against the shipped content's.
Pairs run interleaved (A, B, A, B, ...), so that a change in the machine's load hits both.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path
from statistics import median

from benchmarks import synth
from benchmarks.measure import ANNEXGEN, CHILD_ENV, TREE, annexgen, run_process
from benchmarks.shipped import bare_soffice

OUTCOMES = "outcomes/asia-pacific.yaml"
# What watch prints once a round's PDFs are published (also before the one-pass watch).
RESOLVED = "page references resolved"
PDFS = ("annex-a.pdf", "annex-b.pdf", "snapshot-paper.pdf")


def measure(runs: int, scratch: Path, huge_scale: int | None = 100) -> dict:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return {"skipped": "soffice is not installed (make build installs it)"}
    found = {"cold": cold_build(runs, scratch / "cold", soffice),
             "unchanged": unchanged_rebuild(max(runs, 5), scratch / "unchanged"),
             "watch": watch_edits(max(runs, 5), scratch / "watch")}
    if huge_scale:
        found["huge"] = huge_build(huge_scale, scratch / "huge")
    return found


def cold_build(runs: int, scratch: Path, soffice: str) -> dict:
    """`annexgen build` into a new folder, then bare soffice over the office files it wrote."""
    builds, bare = [], []
    for run in range(runs):
        out = scratch / f"build-{run}"
        builds.append(_build(TREE.content, out).seconds)
        bare.append(bare_soffice(soffice, out, scratch / f"bare-{run}"))
    return {"build_s": builds, "soffice_s": bare, "ratio": median(builds) / median(bare)}


def unchanged_rebuild(runs: int, scratch: Path) -> dict:
    out = scratch / "out"
    _build(TREE.content, out)
    rebuilds, checks = [], []
    for _ in range(runs):
        rebuilt = run_process([ANNEXGEN, "build", "--content", str(TREE.content), "--styles",
                               str(TREE.styles), "--out", str(out)])
        if "nothing changed" not in rebuilt.stdout:
            raise RuntimeError(f"an unchanged rebuild did something: {rebuilt.stdout}")
        rebuilds.append(rebuilt.seconds)
        checks.append(annexgen("check", "--content", str(TREE.content), "--styles",
                               str(TREE.styles)).seconds)
    return {"rebuild_s": rebuilds, "check_s": checks, "ratio": median(rebuilds) / median(checks)}


def watch_edits(edits: int, scratch: Path) -> dict:
    """`annexgen watch` on a copy of the content: each save changes one outcome's wording;
    timed from the save to the line the watch prints once the build with its PDFs is
    published. The first build (LibreOffice cold) is left out."""
    content = scratch / "content"
    shutil.copytree(TREE.content, content)
    out = scratch / "out"
    original = (content / OUTCOMES).read_text()
    command = [ANNEXGEN, "watch", "--content", str(content), "--styles", str(TREE.styles),
               "--out", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, env=CHILD_ENV)
    lines = _Lines(process)
    seconds = []
    try:
        lines.wait_for(RESOLVED, 300)
        time.sleep(1.0)  # the watcher starts watching just after the first build
        for edit in range(edits):
            word = ("firmly", "strongly")[edit % 2]
            text = original.replace("Participants recommended",
                                    f"Participants {word} recommended", 1)
            saved = time.perf_counter()
            (content / OUTCOMES).write_text(text)
            line = lines.wait_for(RESOLVED, 300)
            seconds.append(time.perf_counter() - saved)
            if "annex-a.pdf" not in line:
                raise RuntimeError(f"the watch did not render the edit: {line}")
            time.sleep(0.5)
    finally:
        process.terminate()
        process.wait(timeout=60)
    return {"edit_to_pdfs_s": seconds, "median_s": median(seconds)}


def huge_build(scale: int, scratch: Path) -> dict:
    """A cold build with rendering of content `scale` times the shipped size (one run: it
    takes minutes), and its render time per page against the shipped content's."""
    content = synth.generate(scratch / "content", scale, 2019, TREE.content)
    plain = _build(content, scratch / "plain", render=False)
    full = _build(content, scratch / "out")
    pages = sum(_pages(scratch / "out" / pdf) for pdf in PDFS)
    per_page = (full.seconds - plain.seconds) / pages
    small = _shipped_per_page(scratch / "shipped")
    return {"scale": scale, "pages": pages, "build_s": full.seconds,
            "no_render_s": plain.seconds, "render_s_per_page": per_page,
            "shipped_render_s_per_page": small,
            "ratio": per_page / small if small else None}


def _shipped_per_page(scratch: Path) -> float:
    out = scratch / "out"
    plain = _build(TREE.content, scratch / "plain", render=False).seconds
    full = _build(TREE.content, out).seconds
    return (full - plain) / sum(_pages(out / pdf) for pdf in PDFS)


def _build(content: Path, out: Path, render: bool = True):
    options = [] if render else ["--no-render"]
    return annexgen("build", *options, "--content", str(content), "--styles",
                    str(TREE.styles), "--out", str(out))


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    found = re.search(r"Pages:\s+(\d+)", info.stdout)
    if found is None:
        raise RuntimeError(f"pdfinfo gave no page count for {pdf}")
    return int(found.group(1))


class _Lines:
    """The lines a child prints, read in a thread so that waiting can time out."""

    def __init__(self, process: subprocess.Popen):
        self._lines: list[str] = []
        self._ready = threading.Condition()
        self._reader = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._reader.start()

    def _read(self, process: subprocess.Popen) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            with self._ready:
                self._lines.append(line)
                self._ready.notify_all()

    def wait_for(self, marker: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        with self._ready:
            while True:
                for index, line in enumerate(self._lines):
                    if marker in line:
                        del self._lines[:index + 1]
                        return line
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError(f"watch printed no {marker!r} within {timeout} s")
                self._ready.wait(left)


def details(found: dict) -> list[tuple[str, float | None]]:
    """The medians behind each render target, for the tables."""
    if not found or "skipped" in found:
        return []
    rows = [("watch: save → three PDFs published (s)", found["watch"]["median_s"]),
            ("cold `annexgen build` (s)", median(found["cold"]["build_s"])),
            ("bare soffice over the same three files (s)", median(found["cold"]["soffice_s"])),
            ("unchanged rebuild, whole process (s)", median(found["unchanged"]["rebuild_s"])),
            ("`annexgen check`, whole process (s)", median(found["unchanged"]["check_s"]))]
    huge = found.get("huge")
    if huge:
        rows += [(f"scale {huge['scale']}: pages rendered", huge["pages"]),
                 (f"scale {huge['scale']}: build with rendering (s)", huge["build_s"]),
                 (f"scale {huge['scale']}: render time per page (ms)",
                  1000 * huge["render_s_per_page"]),
                 ("shipped: render time per page (ms)", 1000 * huge["shipped_render_s_per_page"])]
    return rows


def summary(found: dict) -> list[tuple[str, float | None, float]]:
    """(target, measured, limit) of each render target."""
    if "skipped" in found:
        return []
    huge = found.get("huge", {})
    return [
        ("watch: one-outcome save → all three PDFs published, median (s)",
         found["watch"]["median_s"], 2.5),
        ("cold full build / bare soffice --convert-to of the three files",
         found["cold"]["ratio"], 1.0),
        ("unchanged rebuild / annexgen check", found["unchanged"]["ratio"], 1.0),
        (f"render time per page at scale {huge.get('scale', 100)} / shipped content",
         huge.get("ratio"), 1.5),
    ]


if __name__ == "__main__":  # a quick look: python -m benchmarks.render_targets [--no-huge]
    import sys
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="annexgen-render-bench-"))
    try:
        results = measure(3, folder, None if "--no-huge" in sys.argv else 100)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(results, indent=1, default=str))
    for name, measured, limit in summary(results):
        print(f"{name}: {measured if measured is None else round(measured, 3)} (≤ {limit})")
    os._exit(0)
