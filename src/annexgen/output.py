"""Writing outputs: paths kept inside the output folder, deterministic zips, atomic replace."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import zipfile
from html import escape as _html_escape
from pathlib import Path

_SAFE_NAME = re.compile(r"\.?[A-Za-z0-9][A-Za-z0-9._-]*")
# Zip timestamps cannot be earlier than 1980.
_ZIP_EPOCH = dt.datetime(1980, 1, 1)


class OutputError(Exception):
    """An output could not be written where it should be."""


def _escape(text: str) -> str:
    """Text for an XML element (xml.sax.saxutils would import urllib: 40 ms at start-up)."""
    return _html_escape(text, quote=False)


def build_time(content_date: dt.date) -> dt.datetime:
    """The time stamped into every output: SOURCE_DATE_EPOCH if set, else the content's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return dt.datetime(content_date.year, content_date.month, content_date.day)


def core_properties(title: str, author: str, language: str, when: dt.datetime) -> bytes:
    """docProps/core.xml with fixed dates, so that two builds give the same bytes."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_escape(title)}</dc:title><dc:creator>{_escape(author)}</dc:creator>"
        f"<cp:lastModifiedBy>annexgen</cp:lastModifiedBy><dc:language>{_escape(language)}"
        f'</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def normalize_package(data: bytes, when: dt.datetime, replace: dict[str, bytes]) -> bytes:
    """The same package re-zipped with fixed member times and attributes, some members replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = [info.filename for info in source.infolist()]
    members = ((name, replace.get(name) or source.read(name))
               for name in names + [n for n in replace if n not in names])
    return write_zip(members, when)


def write_zip(members, when: dt.datetime) -> bytes:
    """(name, bytes) pairs zipped in order, with fixed member times and attributes."""
    stamp = max(when, _ZIP_EPOCH).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, data, compresslevel=6)
    return out.getvalue()


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
    names that were written.
    """
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
