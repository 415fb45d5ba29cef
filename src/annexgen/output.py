"""Writing outputs: paths kept inside the output folder, deterministic zips, atomic replace."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Zip timestamps cannot be earlier than 1980.
_ZIP_EPOCH = dt.datetime(1980, 1, 1)


class OutputError(Exception):
    """An output could not be written where it should be."""


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
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>"
        f"<cp:lastModifiedBy>annexgen</cp:lastModifiedBy><dc:language>{escape(language)}"
        f'</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def normalize_package(data: bytes, when: dt.datetime, replace: dict[str, bytes]) -> bytes:
    """The same package re-zipped with fixed member times and attributes, some members replaced."""
    stamp = max(when, _ZIP_EPOCH).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    names = [info.filename for info in source.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names + [n for n in replace if n not in names]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, replace.get(name) or source.read(name), compresslevel=6)
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
    out_dir.mkdir(parents=True, exist_ok=True)


def write_atomic(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file to a temporary name first, then move them all into place."""
    prepare_out_dir(out_dir)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            target = output_path(out_dir, name)
            staged.append((_stage(out_dir, name, data), target))
        for temp, target in staged:
            os.replace(temp, target)
    finally:
        for temp, _ in staged:
            if os.path.exists(temp):
                os.unlink(temp)
    _fsync_dir(out_dir)
    return [target for _, target in staged]


def _stage(out_dir: Path, name: str, data: bytes) -> str:
    handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
    os.fchmod(handle, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    return temp


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
