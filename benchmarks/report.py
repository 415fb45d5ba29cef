"""Medians, ratios to the floor and peers, growth with scale, the targets, and the tables."""

from __future__ import annotations

from benchmarks import import_growth, render_targets, workbench
from benchmarks.measure import median

STAGES = ("load_inputs", "compose_all", "compose_annex_b", "compose_paper", "compose_annex_a",
          "write_docx_paper", "write_docx_annex_a", "write_workbook")
WRITERS = ("write_docx_paper", "write_docx_annex_a", "write_workbook")
REBUILD_LABEL = "rebuild after a one-outcome edit, whole process"

# metric key -> label, in the order of the table
METRICS = {
    "cli_build_s": "`annexgen build --no-render`, whole process (s)",
    "cli_build_peak_mb": "  peak RSS of that process (MB)",
    "cli_rebuild_s": f"{REBUILD_LABEL}, whole process (s)",
    "build_s": "build(..., render=False) in-process (s)",
    "load_inputs_s": "  load_inputs (s)",
    "compose_all_s": "  compose_all (s)",
    "compose_annex_b_s": "    of which compose Annex B (s)",
    "compose_annex_a_s": "  compose Annex A (write_all composes it) (s)",
    "write_docx_paper_s": "  write_docx paper (s)",
    "write_docx_annex_a_s": "  write_docx Annex A (s)",
    "write_workbook_s": "  write_workbook Annex B (s)",
    "output_s": "  the rest of build(): hashes, manifest, publishing (s)",
    "annexgen_docx_s": "annexgen, two .docx (compose + write) (s)",
    "floor_docx_s": "floor, two .docx, direct XML into zips (s)",
    "annexgen_xlsx_s": "annexgen, .xlsx (compose + write) (s)",
    "floor_xlsx_s": "floor, .xlsx, direct XML into a zip (s)",
    "openpyxl_s": "openpyxl writing the same cells without annexgen (s)",
    "annexgen_annex_a_s": "annexgen, Annex A alone (compose + write) (s)",
    "docxtpl_s": "docxtpl, Annex A from a small template (s)",
    "docxtpl_peak_mb": "  peak RSS of that process (MB)",
    "pandoc_s": "pandoc, Annex A from a JSON AST (s)",
    "pandoc_peak_mb": "  peak RSS of pandoc (MB)",
}

RATIOS = {
    "docx_vs_floor": ("annexgen_docx_s", "floor_docx_s", "two .docx / floor"),
    "docx_writers_vs_floor": ("docx_writers_s", "floor_docx_s",
                              "two .docx, writers alone / floor"),
    "xlsx_vs_openpyxl": ("annexgen_xlsx_s", "openpyxl_s", ".xlsx / openpyxl same cells"),
    "xlsx_writer_vs_openpyxl": ("write_workbook_s", "openpyxl_s",
                                ".xlsx, write_workbook alone / openpyxl same cells"),
    "xlsx_vs_floor": ("annexgen_xlsx_s", "floor_xlsx_s", ".xlsx / floor"),
    "docxtpl_vs_annexgen": ("docxtpl_s", "annexgen_annex_a_s", "docxtpl / annexgen (Annex A)"),
    "pandoc_vs_annexgen": ("pandoc_s", "annexgen_annex_a_s", "pandoc / annexgen (Annex A)"),
}

GROWN = ("build_s", "cli_build_s", "cli_rebuild_s", "cli_build_peak_mb",
         *(f"{stage}_s" for stage in STAGES), "floor_docx_s", "floor_xlsx_s", "openpyxl_s",
         "docxtpl_s", "pandoc_s")


# -- one run's numbers ------------------------------------------------------------------------

def run_metrics(run: dict) -> dict[str, float]:
    """The flat numbers of one run (what was skipped is simply absent)."""
    found: dict[str, float] = {}
    _process(found, "cli_build", run.get("cli_build"))
    _process(found, "cli_rebuild", run.get("cli_rebuild"))
    if "watch" in run:
        found["watch_s"] = run["watch"]["seconds"]
    if "build" in run:
        found["build_s"], found["build_peak_mb"] = run["build"]["seconds"], run["build"]["peak_mb"]
    _stages(found, run.get("stages", {}).get("stages"))
    _floor(found, run.get("floor", {}).get("stages"))
    for peer in ("openpyxl", "docxtpl", "pandoc"):
        _peer(found, peer, run.get(peer))
    return found


def _process(found: dict, name: str, measured: dict | None) -> None:
    if measured:
        found[f"{name}_s"], found[f"{name}_peak_mb"] = measured["seconds"], measured["peak_mb"]


def _stages(found: dict, stages: dict | None) -> None:
    if not stages:
        return
    found.update({f"{name}_s": stages[name] for name in STAGES if name in stages})
    docx_compose = stages["compose_paper"] + stages["compose_annex_a"]
    found["docx_writers_s"] = stages["write_docx_paper"] + stages["write_docx_annex_a"]
    found["annexgen_docx_s"] = docx_compose + found["docx_writers_s"]
    found["annexgen_xlsx_s"] = stages["compose_annex_b"] + stages["write_workbook"]
    found["annexgen_annex_a_s"] = stages["compose_annex_a"] + stages["write_docx_annex_a"]
    found["stages_sum_s"] = sum(stages[name] for name in ("load_inputs", "compose_all",
                                                          "compose_annex_a", *WRITERS))


def _floor(found: dict, stages: dict | None) -> None:
    if stages:
        found["floor_docx_s"] = stages["group"] + stages["paper_docx"] + stages["annex_a_docx"]
        found["floor_xlsx_s"] = stages["group"] + stages["annex_b_xlsx"]
        found["floor_s"] = sum(stages.values())


def _peer(found: dict, name: str, measured: dict | None) -> None:
    if measured and "skipped" not in measured:
        found[f"{name}_s"] = measured["seconds"]
        found[f"{name}_peak_mb"] = measured.get("tool_peak_mb", measured["peak_mb"])


# -- a scale's summary ----------------------------------------------------------------------

def summarize(runs: list[dict]) -> dict:
    """Medians of every metric over the runs, the derived rest of build(), and the ratios."""
    per_run = [run_metrics(run) for run in runs]
    keys = {key for metrics in per_run for key in metrics}
    medians = {key: median([m[key] for m in per_run if key in m]) for key in sorted(keys)}
    if "build_s" in medians and "stages_sum_s" in medians:
        medians["output_s"] = max(0.0, medians["build_s"] - medians["stages_sum_s"])
    ratios = {name: _ratio(medians, top, bottom) for name, (top, bottom, _) in RATIOS.items()}
    counts = {key: sum(key in m for m in per_run) for key in sorted(keys)}
    return {"medians": medians, "ratios": ratios, "runs_counted": counts}


def _ratio(values: dict, top: str, bottom: str) -> float | None:
    if values.get(top) is None or not values.get(bottom):
        return None
    return values[top] / values[bottom]


def growth(scales: dict[int, dict]) -> dict:
    """How each metric grew from the smallest scale to the largest (medians)."""
    if len(scales) < 2:
        return {}
    low, high = min(scales), max(scales)
    small, large = scales[low]["medians"], scales[high]["medians"]
    found = {"from": low, "to": high}
    for key in GROWN:
        found[key] = _ratio({"a": large.get(key), "b": small.get(key)}, "a", "b")
    return found


# -- targets --------------------------------------------------------------------------------

def targets(scales: dict[int, dict], grown: dict, shipped: dict) -> list[dict]:
    """Each target of the issue with the number measured and whether it is met."""
    top = scales.get(100, {})
    ratios, medians = top.get("ratios", {}), top.get("medians", {})
    linear = grown.get("build_s") if (grown.get("from"), grown.get("to")) == (1, 100) else None
    whole = grown.get("cli_build_s") if linear is not None else None
    return [
        _target("linear: build() at scale 100 / scale 1", linear, 110,
                note=f"whole process: {_fmt(whole)}×"),
        _target("docx at scale 100 / direct writer", ratios.get("docx_vs_floor"), 3),
        _target("xlsx at scale 100 / openpyxl same cells", ratios.get("xlsx_vs_openpyxl"), 2,
                note="write_workbook alone: "
                     f"{_fmt(ratios.get('xlsx_writer_vs_openpyxl'))}×"),
        _target("faster than docxtpl at scale 100 (docxtpl / annexgen)",
                ratios.get("docxtpl_vs_annexgen"), 1, above=True),
        _target("faster than pandoc at scale 100 (pandoc / annexgen)",
                ratios.get("pandoc_vs_annexgen"), 1, above=True),
        _target("peak RSS of build --no-render at scale 100 (MB)",
                medians.get("cli_build_peak_mb"), 400),
        _target("start-up: build --no-render, shipped content (s)",
                median(shipped.get("startup", {}).get("build_no_render_s", [])), 1),
        _target("start-up: check, shipped content (s)",
                median(shipped.get("startup", {}).get("check_s", [])), 0.5),
        _target("render stage / bare soffice, shipped content", render_ratio(shipped), 1.25),
        _target("import: the five meetings' reports, one command (s)",
                median(shipped.get("import", {}).get("five_reports_s", [])), 2),
        _target("import: time per doubling of the report, worst of three shapes",
                import_growth.worst_ratio(shipped.get("import_growth", {})),
                import_growth.DOUBLING_LIMIT),
        _target("watch: office files rebuilt after a one-outcome edit, scale 1 (s)",
                scales.get(1, {}).get("medians", {}).get("watch_s"), 0.5),
        *(_target(name, measured, limit) for name, measured, limit
          in render_targets.summary(shipped.get("render_targets", {"skipped": "not run"}))),
        *(_target(name, measured, limit) for name, measured, limit
          in workbench.summary(shipped.get("workbench", {}))),
    ]


def render_ratio(shipped: dict) -> float | None:
    found = shipped.get("render", {})
    if "render_s" not in found:
        return None
    stage = median(found["render_s"]) - median(found["no_render_s"])
    return stage / median(found["soffice_s"])


def _target(name: str, measured: float | None, limit: float, above: bool = False,
            note: str = "") -> dict:
    """Met when the measure is at most the limit (or above it when `above`)."""
    met = None if measured is None else (measured > limit if above else measured <= limit)
    return {"target": name, "limit": limit, "measured": measured, "met": met,
            "note": note if measured is not None else "not measured in this run"}


# -- tables ---------------------------------------------------------------------------------

def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"


def markdown(results: dict) -> str:
    """The tables of a run, as Markdown."""
    scales = {int(k): v for k, v in results["scales"].items()}
    order = sorted(scales)
    lines = ["| median of runs | " + " | ".join(f"scale {s}" for s in order) + " |",
             "| --- |" + " ---: |" * len(order)]
    for key, label in METRICS.items():
        values = [scales[s]["medians"].get(key) for s in order]
        if any(v is not None for v in values):
            lines.append(f"| {label} | " + " | ".join(_fmt(v) for v in values) + " |")
    lines += ["", "| ratio | " + " | ".join(f"scale {s}" for s in order) + " |",
              "| --- |" + " ---: |" * len(order)]
    for name, (_, _, label) in RATIOS.items():
        values = [scales[s]["ratios"].get(name) for s in order]
        lines.append(f"| {label} | " + " | ".join(_fmt(v) for v in values) + " |")
    lines += ["", *_shipped_lines(results["shipped"]), ""]
    if "import_growth" in results["shipped"]:
        lines += [*import_growth.lines(results["shipped"]["import_growth"]), ""]
    lines += [*_growth_lines(results.get("growth", {})), "", *_target_lines(results)]
    return "\n".join(lines) + "\n"


SHIPPED_ROWS = (
    ("startup", "build_no_render_s", "`annexgen build --no-render`, whole process (s)"),
    ("startup", "check_s", "`annexgen check`, whole process (s)"),
    ("startup_without_bytecode_cache", "build_no_render_s",
     "  the same with PYTHONDONTWRITEBYTECODE=1, as this shell had it (s)"),
    ("startup_without_bytecode_cache", "check_s",
     "  check with PYTHONDONTWRITEBYTECODE=1 (s)"),
    ("render", "no_render_s", "`annexgen build --no-render` (s)"),
    ("render", "render_s", "`annexgen build`, rendering PDFs (s)"),
    ("render", "soffice_s", "bare soffice, the three files in one process (s)"),
)


def _shipped_lines(shipped: dict) -> list[str]:
    lines = ["| shipped content (median) | |", "| --- | ---: |"]
    for group, key, label in SHIPPED_ROWS:
        values = shipped.get(group, {}).get(key)
        if values:
            lines.append(f"| {label} | {_fmt(median(values))} |")
    ratio = render_ratio(shipped)
    if ratio is not None:
        lines.append(f"| render stage (build − build --no-render) / bare soffice | {_fmt(ratio)} |")
    for label, value in render_targets.details(shipped.get("render_targets", {})):
        lines.append(f"| {label} | {_fmt(value)} |")
    return lines


def _growth_lines(grown: dict) -> list[str]:
    if not grown:
        return []
    lines = [f"| growth, scale {grown['from']} → {grown['to']} | × |", "| --- | ---: |"]
    lines += [f"| {key} | {_fmt(grown.get(key))} |" for key in GROWN if grown.get(key)]
    return lines


def _target_lines(results: dict) -> list[str]:
    lines = ["| target | limit | measured | met |", "| --- | ---: | ---: | --- |"]
    for item in results["targets"]:
        met = {True: "yes", False: "**no**", None: "–"}[item["met"]]
        note = f" ({item['note']})" if item.get("note") else ""
        lines.append(f"| {item['target']}{note} | {_fmt(item['limit'])} | "
                     f"{_fmt(item['measured'])} | {met} |")
    return lines
