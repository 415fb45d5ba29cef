"""Writes people's content files all or nothing, and only over the bytes that were read:
an edit made meanwhile (in an editor, or by another annexgen) is never overwritten."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annexgen.core.errors import AnnexgenError, refusals_as_cannot_write


class FileChanged(AnnexgenError):
    """A file changed between reading and writing it: nothing was written."""

    def __init__(self, shown: str):
        super().__init__(f"{shown} changed while annexgen was working on it; nothing was "
                         "written: run the command again")
        self.shown = shown


@dataclass(frozen=True, slots=True)
class Planned:
    """A file to write: its new text, and the bytes it must still hold (None: it must not
    exist yet)."""

    path: Path
    shown: str
    text: str
    expected: bytes | None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Holds the folder's edit lock: annexgen's writers of one content folder take turns.
    The lock is on the folder itself, so nothing is created in it."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def write_all(folder: Path, planned: list[Planned]) -> None:
    """Writes every planned file, or none: each is prepared beside its target first, then,
    under the folder's lock and only if every target still holds the bytes that were read,
    all are moved into place. Raises FileChanged, or CannotWrite when the file system
    refuses (full, read-only, no permission), having written nothing."""
    prepared: list[tuple[Planned, Path]] = []
    try:
        for plan in planned:
            prepared.append((plan, _prepare(plan)))
        with refusals_as_cannot_write(str(folder)), locked(folder):
            for plan, _ in prepared:
                if not _still_holds(plan.path, plan.expected):
                    raise FileChanged(plan.shown)
            _replace_all(prepared)
    finally:
        for _, temporary in prepared:
            temporary.unlink(missing_ok=True)


def _still_holds(path: Path, expected: bytes | None) -> bool:
    """The file holds exactly `expected` (None: there is no file); never reads more."""
    try:
        with path.open("rb") as stream:
            return expected is not None and stream.read(len(expected) + 1) == expected
    except FileNotFoundError:
        return expected is None


def _prepare(plan: Planned) -> Path:
    """The new text in a temporary file beside the target, flushed to disk, with the
    target's mode (or the mode a new file gets here)."""
    with refusals_as_cannot_write(plan.shown):
        plan.path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=plan.path.parent, prefix=f".{plan.path.name}.",
                                    suffix=".tmp")
    temporary = Path(name)
    try:
        with refusals_as_cannot_write(plan.shown):
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
                stream.write(plan.text)
                stream.flush()
                os.fsync(stream.fileno())
            _copy_mode(plan.path, temporary)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _copy_mode(target: Path, temporary: Path) -> None:
    try:
        info = target.stat()
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        return
    os.chmod(temporary, info.st_mode & 0o7777)
    if os.geteuid() == 0 and (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
        os.chown(temporary, info.st_uid, info.st_gid)


def _replace_all(prepared: list[tuple[Planned, Path]]) -> None:
    """Moves each prepared file onto its target; if one move fails, the ones made are
    undone from hard links of the old files, so the folder is as it was."""
    undo: list[tuple[Path, Path | None]] = []  # target, and a link to its old file
    try:
        for plan, temporary in prepared:
            with refusals_as_cannot_write(plan.shown):
                keep = _link_old(plan.path)
                undo.append((plan.path, keep))
                os.replace(temporary, plan.path)
        for directory in {plan.path.parent for plan, _ in prepared}:
            _sync_folder(directory)
    except BaseException:
        _undo(undo)
        raise
    finally:
        for _, keep in undo:
            if keep is not None:
                keep.unlink(missing_ok=True)


def _link_old(path: Path) -> Path | None:
    if not path.exists():
        return None
    keep = path.with_name(f".{path.name}.{os.getpid()}.old")
    keep.unlink(missing_ok=True)
    os.link(path, keep)
    return keep


def _undo(undo: list[tuple[Path, Path | None]]) -> None:
    for target, keep in reversed(undo):
        with contextlib.suppress(OSError):
            if keep is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(keep, target)


def _sync_folder(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
