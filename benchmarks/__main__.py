"""`python -m benchmarks`: annexgen on synthetic content at several scales, vs floor and peers."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import import_growth, render_targets, report, shipped, synth, workbench
from benchmarks.machine import describe
from benchmarks.measure import (
    ANNEXGEN,
    REPO,
    TREE,
    CommandFailed,
    annexgen,
    cache_bytecode_in,
    measure_commit,
    run_process,
    worker,
)

RESULTS = REPO / "benchmarks" / "results"
PEERS_ONCE_FROM_SCALE = 100  # docxtpl and pandoc run once at this scale and above


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--scales", default="1,10,100",
                        help="comma-separated scales (1 ≈ the shipped content); default 1,10,100")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--quick", action="store_true",
                        help="scales 1 and 10, one run, no rendering (a smoke test)")
    parser.add_argument("--no-peers", action="store_true", help="skip docxtpl and pandoc")
    parser.add_argument("--no-render", action="store_true",
                        help="skip the rendering measurements (shipped content, render targets)")
    parser.add_argument("--no-huge", action="store_true",
                        help="skip the build with rendering at scale 100 (several minutes)")
    parser.add_argument("--profile", action="store_true",
                        help="also write a cProfile summary of build() at each scale")
    parser.add_argument("--seed", type=int, default=2019, help="seed of the synthetic content")
    parser.add_argument("--commit", metavar="REV",
                        help="measure src/, content/ and styles/ as committed at REV (exported "
                             "with git archive) instead of the work tree")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    if args.quick:
        args.scales, args.runs, args.no_render = "1,10", 1, True
    args.scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    scratch = Path(tempfile.mkdtemp(prefix="annexgen-bench-"))
    cache_bytecode_in(scratch / "pycache")
    try:
        if args.commit:
            measure_commit(args.commit, scratch / "tree")
        results: dict = {"timestamp": stamp, "options": vars(args), **describe()}
        warm_up(scratch / "warm-up")
        results["scales"] = {scale: measure_scale(scale, args, scratch) for scale in args.scales}
        results["shipped"] = measure_shipped(args, scratch)
        if args.profile:
            results["profiles"] = profile(args, scratch, stamp)
    except (CommandFailed, subprocess.CalledProcessError) as exc:
        print(f"benchmarks: a command failed: {exc}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    finish(results, stamp)
    return 0


def warm_up(folder: Path) -> None:
    """Fills the bytecode cache and the page cache before anything is timed."""
    progress("warming up (bytecode cache)")
    content = str(TREE.content)
    annexgen("build", "--no-render", "--content", content, "--styles", str(TREE.styles), "--out",
             str(folder / "build"))
    for task in ("stages", "floor", "openpyxl", "docxtpl"):
        worker(task, content, str(folder / task))


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# -- one scale --------------------------------------------------------------------------------

def measure_scale(scale: int, args: argparse.Namespace, scratch: Path) -> dict:
    folder = scratch / f"scale-{scale}"
    content = synth.generate(folder / "content", scale, args.seed, TREE.content)
    checked = run_process([ANNEXGEN, "check", "--content", str(content), "--styles",
                           str(TREE.styles)])
    progress(f"scale {scale}: {checked.stdout.strip()}")
    runs = [measure_run(scale, run, args, content, folder) for run in range(args.runs)]
    return {"content": checked.stdout.strip(), "check_s": checked.seconds, "runs": runs,
            **report.summarize(runs)}


def measure_run(scale: int, run: int, args: argparse.Namespace, content: Path,
                folder: Path) -> dict:
    """One run at one scale: whole-process build and rebuild, in-process stages, floor, peers."""
    out = folder / f"run-{run}"
    found = {"cli_build": _process(_cli_build(content, out / "cli"))}
    synth.edit_one_outcome(content)
    found["cli_rebuild"] = _process(_cli_build(content, out / "cli"))
    for task in ("build", "stages", "floor", "openpyxl", "watch"):
        found[task] = worker(task, str(content), str(out / task))
    if not args.no_peers and (scale < PEERS_ONCE_FROM_SCALE or run == 0):
        for peer in ("docxtpl", "pandoc"):
            found[peer] = worker(peer, str(content), str(out / peer))
            if "skipped" in found[peer]:
                progress(f"{peer} skipped: {found[peer]['skipped']}")
    built = found["cli_build"]
    progress(f"scale {scale} run {run + 1}/{args.runs}: build {built['seconds']:.2f} s, "
             f"{built['peak_mb']:.0f} MB")
    shutil.rmtree(out, ignore_errors=True)
    return found


def _cli_build(content: Path, out: Path):
    return annexgen("build", "--no-render", "--content", str(content), "--styles",
                    str(TREE.styles), "--out", str(out))


def _process(run) -> dict:
    return {"seconds": run.seconds, "peak_mb": run.peak_mb}


# -- shipped content, profiles, results ---------------------------------------------------------

def measure_shipped(args: argparse.Namespace, scratch: Path) -> dict:
    progress("shipped content: start-up")
    runs = max(args.runs, 3)
    found = {"startup": shipped.startup(runs, scratch / "shipped")}
    if "PYTHONDONTWRITEBYTECODE" in os.environ:  # as this shell runs it: no bytecode kept
        found["startup_without_bytecode_cache"] = shipped.startup(runs, scratch / "shipped",
                                                                  dict(os.environ))
    progress("shipped content: importing the five meetings' reports")
    found["import"] = shipped.importing(runs, scratch / "shipped")
    progress("import growth: reports of 10,000 to 40,000 lines, 1,000 to 4,000 paragraphs")
    found["import_growth"] = import_growth.measure(args.runs, scratch / "import-growth")
    if (TREE.root / "src" / "annexgen" / "serve").is_dir():  # not in commits before it
        progress("workbench: actions vs check (scales 1 and 10), first page cold, action → PDFs")
        found["workbench"] = workbench.measure(args.runs, scratch / "workbench",
                                               render=not args.no_render)
    if not args.no_render:
        progress("shipped content: rendering (not measured at larger scales: too slow)")
        found["render"] = shipped.rendering(args.runs, scratch / "shipped")
        progress("render targets: watch edits, cold build vs soffice, unchanged rebuild vs "
                 f"check{'' if args.no_huge else ', scale 100 with rendering (minutes)'}")
        found["render_targets"] = render_targets.measure(
            args.runs, scratch / "render-targets", None if args.no_huge else 100)
    return found


def profile(args: argparse.Namespace, scratch: Path, stamp: str) -> dict:
    """cProfile summaries of build() at each scale, kept beside the results."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for scale in args.scales:
        content = scratch / f"scale-{scale}" / "content"
        answer = worker("profile", str(content), str(scratch / f"profile-{scale}"))
        target = RESULTS / f"{stamp}-profile-scale-{scale}.txt"
        shutil.copyfile(answer["summary"], target)
        found[scale] = str(target.relative_to(REPO))
        progress(f"profile of scale {scale}: {target}")
    return found


def finish(results: dict, stamp: str) -> None:
    results["machine"]["load_average_at_end"] = os.getloadavg()
    scales = {int(k): v for k, v in results["scales"].items()}
    results["growth"] = report.growth(scales)
    results["targets"] = report.targets(scales, results["growth"], results["shipped"])
    if "render" in results["shipped"]:
        results["shipped"]["render_ratio"] = report.render_ratio(results["shipped"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{stamp}.json"
    path.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    tables = report.markdown(results)
    (RESULTS / f"{stamp}.md").write_text(tables, encoding="utf-8")
    print(tables)
    print(f"results: {path.relative_to(REPO)} (tables: {stamp}.md)")


if __name__ == "__main__":
    sys.exit(main())
