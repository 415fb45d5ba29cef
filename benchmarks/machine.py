"""What the numbers were measured on: machine, Python, libraries, tools and the source's commit."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil
import subprocess
import sys

from benchmarks.measure import CHILD_ENV, REPO, TREE

LIBRARIES = ("annexgen", "python-docx", "openpyxl", "lxml", "Jinja2", "PyYAML", "docxtpl")


def describe() -> dict:
    return {"machine": machine(), "versions": versions(), "source": source()}


def machine() -> dict:
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": _cpu_model(),
        "ram_gb": round(_mem_total_kb() / 1024 / 1024, 1),
        "kernel": platform.release(),
        "load_average_at_start": os.getloadavg(),
    }


def _cpu_model() -> str:
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _mem_total_kb() -> int:
    with open("/proc/meminfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("MemTotal:"):
                return int(line.split()[1])
    return 0


def versions() -> dict:
    found = {"python": sys.version.split()[0]}
    for name in LIBRARIES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    import yaml

    found["libyaml"] = bool(getattr(yaml, "__with_libyaml__", False))
    found["pandoc"] = _tool_version(["pandoc", "--version"])
    found["soffice"] = _tool_version(["soffice", "--version"])
    return found


def _tool_version(command: list[str]) -> str | None:
    if not shutil.which(command[0]):
        return None
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    lines = done.stdout.strip().splitlines()
    return lines[0] if lines else None


def source() -> dict:
    """The commit measured: an exported one, or the work tree's HEAD and whether src/ differs."""
    imported = subprocess.run([sys.executable, "-c", "import annexgen; print(annexgen.__file__)"],
                              cwd=REPO, env=CHILD_ENV, capture_output=True, text=True, check=False)
    found = {"annexgen_imported_from": imported.stdout.strip()}
    if TREE.commit:
        return {**found, "commit": TREE.commit[:12], "measured": "the commit, exported"}
    return {**found, "commit": _git("rev-parse", "--short=12", "HEAD"), "measured": "work tree",
            "src_modified": bool(_git("status", "--porcelain", "src", "content", "styles"))}


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
    return done.stdout.strip()
