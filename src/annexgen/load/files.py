"""Finds and reads the content files, refusing any path that leads outside the folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annexgen.diagnostics import Loc, Report
from annexgen.load.yamlio import Source, parse_yaml, read_text

REQUIRED_TEMPLATES = ("paper.md.j2", "annex-a.md.j2", "annex-b.md.j2")
OUTCOMES_DIR, TEMPLATES_DIR = "outcomes", "templates"


@dataclass(frozen=True, slots=True)
class ContentFolder:
    """The content folder: where files are, and how paths are shown to the user."""

    root: Path
    shown: str

    def show(self, relative: str) -> str:
        return f"{self.shown}/{relative}" if self.shown not in ("", ".") else relative

    def read(self, relative: str, report: Report, required: bool = True) -> str | None:
        """A file's text, or None with a diagnostic (missing, outside the folder, too large)."""
        path, shown = self.root / relative, self.show(relative)
        if not path.exists() and not path.is_symlink():
            if required:
                report.add(Loc(shown), "E106", "required content file is missing")
            return None
        if not path.resolve().is_relative_to(self.root.resolve()):
            report.add(Loc(shown), "E107", "file resolves to a place outside the content "
                       "folder (a symlink?); it is not read")
            return None
        try:
            raw = path.read_bytes()
        except OSError as exc:
            report.add(Loc(shown), "E106", f"cannot read the file: {exc.strerror}")
            return None
        return read_text(raw, shown, report)

    def yaml(self, relative: str, report: Report, required: bool = True) -> Source | None:
        text = self.read(relative, report, required)
        return None if text is None else parse_yaml(text, self.show(relative), report)

    def listing(self, folder: str, suffix: str) -> list[str]:
        """Relative paths of the files in a sub-folder with a suffix, sorted by name."""
        base = self.root / folder
        if not base.is_dir():
            return []
        return sorted(f"{folder}/{p.name}" for p in base.iterdir() if p.name.endswith(suffix))


def open_folder(path: Path, report: Report) -> ContentFolder | None:
    if not path.is_dir():
        report.add(Loc(str(path)), "E106", "content folder not found")
        return None
    return ContentFolder(path, path.as_posix().rstrip("/"))
