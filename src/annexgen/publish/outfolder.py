"""Writing outputs: paths kept inside the output folder, all of a build replaced at once."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from annexgen.core.errors import NothingWritten, Refused, refusals_as_cannot_write

_SAFE_NAME = re.compile(r"\.?[A-Za-z0-9][A-Za-z0-9._-]*")


class OutputError(NothingWritten):
    """An output could not be written where it should be."""


class OutFolderRefused(OutputError, Refused):
    """The output folder would overwrite, or be inside, a folder the build reads."""


class OutFolderBusy(OutputError):
    """Another build holds the output folder's lock."""


def check_out_dir(out_dir: Path, inputs: dict[str, Path]) -> None:
    """Refuses an output folder that is, holds or lies inside an input folder: publishing
    swaps the whole output folder, and a build must never swap away its own content."""
    out = out_dir.resolve()
    for label, folder in inputs.items():
        real = folder.resolve()
        if out == real:
            why = f"it is the {label} folder"
        elif real.is_relative_to(out):
            why = f"it holds the {label} folder {folder}"
        elif out.is_relative_to(real):
            why = f"it is inside the {label} folder {folder}"
        else:
            continue
        raise OutFolderRefused(f"refusing --out {out_dir}: {why}, and a build replaces the "
                               "whole output folder; give a folder of its own (e.g. out)")


def lock_path(out_dir: Path) -> Path:
    """The lock file of an output folder: beside it, so that swapping the folder keeps it."""
    return out_dir.parent / f".{out_dir.name}.annexgen-lock"


@contextlib.contextmanager
def exclusive(out_dir: Path) -> Iterator[None]:
    """Holds the output folder's lock (flock, released by the kernel if the build dies)."""
    with refusals_as_cannot_write(f"{out_dir}/"):
        prepare_out_dir(out_dir)
        fd = os.open(lock_path(out_dir), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutFolderBusy(f"another build is writing {out_dir}/; try again when it has "
                                "finished") from None
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


def output_path(out_dir: Path, name: str) -> Path:
    """A file name inside the output folder; anything that could lead elsewhere is refused."""
    if not _SAFE_NAME.fullmatch(name) or ".." in name:
        raise OutputError(f"refusing to write {name!r}: output names are plain file names")
    root = out_dir.resolve()
    path = (out_dir / name).resolve()
    if path.parent != root:
        raise OutputError(f"refusing to write {name!r}: it resolves outside {out_dir}")
    return path


def prepare_out_dir(out_dir: Path) -> None:
    if out_dir.is_symlink():
        raise OutputError(f"the output folder {out_dir} is a symlink; give its real path")
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"the output folder {out_dir} exists and is not a folder")
    out_dir.parent.mkdir(parents=True, exist_ok=True)


def publish(out_dir: Path, files: dict[str, bytes], remove: frozenset[str] = frozenset(),
            rewrite: bool = False) -> list[str]:
    """Puts `files` into `out_dir` all at once: a reader sees the old folder or the new one.

    The new folder is prepared beside the old one (unchanged files and anything else the
    user keeps there are hard-linked, so their bytes and times stay), then the two are
    swapped in one system call. Files named in `remove` are left out of the new folder;
    `rewrite` writes every file afresh even when its bytes did not change. Returns the
    names that were written. A refusal of the file system is CannotWrite.
    """
    with refusals_as_cannot_write(f"{out_dir}/"):
        prepare_out_dir(out_dir)
        for name in files:
            output_path(out_dir, name)
        _remove_stale_staging(out_dir)
        staging = out_dir.parent / f"{_STAGING_PREFIX}{out_dir.name}.{os.getpid()}"
        staging.mkdir()
        try:
            changed = _fill_staging(staging, out_dir, files, remove, rewrite)
            _swap_into_place(staging, out_dir)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    with refusals_as_cannot_write(f"{out_dir}/", published=True):
        _fsync_dir(out_dir.parent)
    return changed


_STAGING_PREFIX = ".annexgen-staging."


def _remove_stale_staging(out_dir: Path) -> None:
    """Folders left by a build that was killed (either the new one or the swapped-out old)."""
    for stale in out_dir.parent.glob(f"{_STAGING_PREFIX}{out_dir.name}.*"):
        shutil.rmtree(stale, ignore_errors=True)


def _fill_staging(staging: Path, out_dir: Path, files: dict[str, bytes],
                  remove: frozenset[str], rewrite: bool) -> list[str]:
    changed = []
    old = {entry.name: entry for entry in out_dir.iterdir()} if out_dir.is_dir() else {}
    for name, entry in old.items():
        keep = name not in files or (not rewrite and _same_bytes(entry, files[name]))
        if keep and name not in remove:
            _link(entry, staging / name)
    for name, data in files.items():
        if not (staging / name).exists():
            _write_file(staging / name, data)
            changed.append(name)
    _fsync_dir(staging)
    return changed


def _same_bytes(path: Path, data: bytes) -> bool:
    return path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) \
        and path.read_bytes() == data


def _link(source: Path, target: Path) -> None:
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=os.link)
    elif source.is_symlink():
        os.symlink(os.readlink(source), target)
    else:
        os.link(source, target)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _swap_into_place(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    if not _exchange(staging, out_dir):
        raise OutputError(f"cannot swap {out_dir} atomically on this file system")
    shutil.rmtree(staging, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): both paths swap at once, or nothing happens."""
    libc = _libc()
    if libc is None or not hasattr(libc, "renameat2"):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = libc.renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second),
                          rename_exchange)
    return done == 0


def _libc():
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
