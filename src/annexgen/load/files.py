"""Finds and reads the content files, refusing any path that leads outside the folder."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from annexgen.core.diagnostics import Loc, Report
from annexgen.core.limits import MAX_CONTENT_FILE_BYTES
from annexgen.load.yamlio import Source, decode, parse_yaml

OUTCOMES_DIR, TEMPLATES_DIR = "outcomes", "templates"
YAML_SUFFIXES = (".yaml", ".yml")

_KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFSOCK: "a socket",
          stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFDIR: "a folder"}


class NotRegularFile(OSError):
    """The path is there but is no regular file (reading a FIFO would wait forever)."""


class FileTooLarge(OSError):
    """The file is over its cap; no more than that was read."""


@dataclass(frozen=True, slots=True)
class ContentFolder:
    """The content folder: where files are, and how paths are shown to the user. An overlay
    gives some files the text they are about to be written with (relative path -> text), so
    that a change is checked as a whole before anything is written."""

    root: Path
    shown: str
    overlay: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def show(self, relative: str) -> str:
        return f"{self.shown}/{relative}" if self.shown not in ("", ".") else relative

    def read(self, relative: str, report: Report, required: bool = True) -> str | None:
        """A file's text, or None with a diagnostic (missing, outside the folder, not a
        regular file, too large, not UTF-8)."""
        path, shown = self.root / relative, self.show(relative)
        if relative in self.overlay:
            return self._overlaid(relative, report)
        if not path.exists() and not path.is_symlink():
            if required:
                report.add(Loc(shown), "E106", "required content file is missing")
            return None
        if not path.resolve().is_relative_to(self.root.resolve()):
            report.add(Loc(shown), "E107", "file resolves to a place outside the content "
                       "folder (a symlink?); it is not read")
            return None
        try:
            raw = read_capped(path)
        except NotRegularFile as exc:
            report.add(Loc(shown), "E106", f"this is {exc.strerror}, not a regular file; "
                       "it is not read")
            return None
        except FileTooLarge as exc:
            report.add(Loc(shown), "E105", f"file is {exc.strerror} bytes; the limit is "
                       f"{MAX_CONTENT_FILE_BYTES:,} (MAX_CONTENT_FILE_BYTES)")
            return None
        except OSError as exc:
            report.add(Loc(shown), "E106", f"cannot read the file: {exc.strerror}")
            return None
        return decode(raw, shown, report)

    def _overlaid(self, relative: str, report: Report) -> str | None:
        text = self.overlay[relative]
        size = len(text.encode("utf-8"))
        if size > MAX_CONTENT_FILE_BYTES:
            report.add(Loc(self.show(relative)), "E105", f"file would be {size:,} bytes; the "
                       f"limit is {MAX_CONTENT_FILE_BYTES:,} (MAX_CONTENT_FILE_BYTES)")
            return None
        return decode(text.encode("utf-8"), self.show(relative), report)

    def yaml(self, relative: str, report: Report, required: bool = True) -> Source | None:
        text = self.read(relative, report, required)
        return None if text is None else parse_yaml(text, self.show(relative), report)

    def outcome_files(self, report: Report) -> list[str]:
        """The outcome files, sorted by name; every other entry of the folder is reported, so
        that nothing there is left out without a word."""
        base = self.root / OUTCOMES_DIR
        if not base.is_dir():
            return sorted(self._overlaid_outcomes())
        files = [relative for relative in self._overlaid_outcomes()
                 if not (self.root / relative).exists()]
        for entry in sorted(base.iterdir(), key=lambda p: p.name):
            relative = f"{OUTCOMES_DIR}/{entry.name}"
            if entry.suffix.lower() in YAML_SUFFIXES and not entry.is_dir():
                files.append(relative)
            else:
                what = "a folder" if entry.is_dir() else "a file"
                report.add(Loc(self.show(relative)), "W504", f"{what} in {OUTCOMES_DIR}/ that "
                           "is not read: outcome files end in .yaml or .yml")
        return sorted(files)

    def _overlaid_outcomes(self) -> list[str]:
        return [relative for relative in self.overlay
                if relative.startswith(f"{OUTCOMES_DIR}/") and relative.count("/") == 1]

    def listing(self, folder: str, suffix: str) -> list[str]:
        """Relative paths of the files in a sub-folder with a suffix, sorted by name."""
        base = self.root / folder
        if not base.is_dir():
            return []
        return sorted(f"{folder}/{p.name}" for p in base.iterdir() if p.name.endswith(suffix))


def exercise_content(folder: Path) -> Path:
    """The content folder named by `folder`: itself, or the content/ of an exercise folder as
    `annexgen init` writes one (no document.yaml of its own, one in content/)."""
    if not (folder / "document.yaml").exists() and (folder / "content" / "document.yaml").is_file():
        return folder / "content"
    return folder


def read_capped(path: Path, cap: int = MAX_CONTENT_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `cap` bytes.

    Opened without blocking and checked before reading, so a named pipe or a device
    cannot hang the reader, and a huge file is never read into memory.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(0, _KINDS.get(stat.S_IFMT(info.st_mode), "a special file"))
        raw = stream.read(cap + 1)
    if len(raw) > cap:
        raise FileTooLarge(0, f"{max(info.st_size, len(raw)):,}")
    return raw


def open_folder(path: Path, report: Report, overlay: Mapping[str, str] | None = None,
                shown: str | None = None,
                missing: str = "content folder not found (give it with --content)",
                ) -> ContentFolder | None:
    """The folder, its files named under `shown` (by default its path) in problems, with
    the overlay's texts in place of theirs; `missing` says what is wrong when it is not there."""
    if not path.is_dir():
        report.add(Loc(shown or str(path)), "E106", missing)
        return None
    return ContentFolder(path, shown or path.as_posix().rstrip("/"),
                         MappingProxyType(dict(overlay or {})))
