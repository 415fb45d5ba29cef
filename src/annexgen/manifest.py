"""The build manifest in `out/`: what each output was built from, so unchanged ones are kept.

The manifest lies in a folder anyone can edit, so it is read as untrusted input: a value
of the wrong shape makes the whole manifest count as absent (everything is rebuilt), and
its pages are only ever a first guess that the rendered annexes confirm or correct.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from annexgen import __version__
from annexgen.load.files import FileTooLarge, NotRegularFile, read_capped

MANIFEST = ".annexgen-manifest.json"
MAX_MANIFEST_BYTES = 16_000_000
# A PDF read back for reuse: far beyond any annex annexgen renders.
MAX_REUSED_BYTES = 2_000_000_000
MAX_PAGE = 1_000_000

_SHA256 = re.compile(r"[0-9a-f]{64}")
_PAGE_KEY = re.compile(r"annex-[ab]:[a-z0-9][a-z0-9-]{0,37}")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Invalid(ValueError):
    """The manifest is not of the shape annexgen writes."""


@dataclass
class Manifest:
    """Per output: its sha256, and for a PDF the sha256 of the office file it was made from."""

    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)
    version: str = __version__
    # Where each cluster was found: {"annex-a:cluster-id": [first, last]}.
    pages: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def read(cls, out_dir: Path) -> Manifest | None:
        """The manifest of the last build, or None (missing, unreadable, of another version
        or of a shape annexgen does not write)."""
        try:
            raw = read_capped(out_dir / MANIFEST, MAX_MANIFEST_BYTES)
            return _parse(json.loads(raw.decode("utf-8")))
        except (OSError, ValueError, RecursionError):
            return None

    def to_bytes(self) -> bytes:
        data = {"annexgen": self.version, "inputs": self.inputs, "outputs": self.outputs,
                "pages": self.pages}
        return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()

    def record(self, name: str, data: bytes, source: bytes | None = None) -> None:
        entry = {"sha256": sha256(data)}
        if source is not None:
            entry["source_sha256"] = sha256(source)
        self.outputs[name] = entry

    def page_map(self) -> dict[tuple[str, str], tuple[int, int]]:
        pages = {}
        for key, (first, last) in self.pages.items():
            annex, _, cluster = key.partition(":")
            pages[(annex, cluster)] = (first, last)
        return pages

    def set_pages(self, pages: dict[tuple[str, str], tuple[int, int]]) -> None:
        self.pages = {f"{annex}:{cluster}": [first, last]
                      for (annex, cluster), (first, last) in sorted(pages.items())}

    def reusable(self, out_dir: Path, name: str, source: bytes) -> bytes | None:
        """The output on disk, if it was made from these exact source bytes and is intact."""
        entry = self.outputs.get(name, {})
        if entry.get("source_sha256") != sha256(source):
            return None
        try:
            data = read_capped(out_dir / name, MAX_REUSED_BYTES)
        except (OSError, NotRegularFile, FileTooLarge):
            return None
        return data if sha256(data) == entry.get("sha256") else None


def _parse(data: object) -> Manifest | None:
    try:
        if not isinstance(data, dict) or data.get("annexgen") != __version__:
            return None
        return Manifest(_outputs(data.get("outputs")), _hashes(data.get("inputs", {})),
                        __version__, _pages(data.get("pages", {})))
    except _Invalid:
        return None


def _outputs(value: object) -> dict[str, dict[str, str]]:
    if not isinstance(value, dict):
        raise _Invalid
    outputs = {}
    for name, entry in value.items():
        if not isinstance(entry, dict) or not entry.keys() <= {"sha256", "source_sha256"} \
                or "sha256" not in entry:
            raise _Invalid
        outputs[name] = _hashes(entry)
    return outputs


def _hashes(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
            isinstance(key, str) and isinstance(digest, str) and _SHA256.fullmatch(digest)
            for key, digest in value.items()):
        raise _Invalid
    return dict(value)


def _pages(value: object) -> dict[str, list[int]]:
    if not isinstance(value, dict):
        raise _Invalid
    for key, span in value.items():
        if not (isinstance(key, str) and _PAGE_KEY.fullmatch(key) and isinstance(span, list)
                and len(span) == 2 and all(type(n) is int for n in span)
                and 1 <= span[0] <= span[1] <= MAX_PAGE):
            raise _Invalid
    return dict(value)


def input_hashes(folders: dict[str, Path]) -> dict[str, str]:
    """sha256 of every regular file of the content and styles folders, by label/relative
    path; each file is read in blocks, whatever its size."""
    hashes = {}
    for label, folder in folders.items():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            with open(path, "rb") as stream:
                digest = hashlib.file_digest(stream, "sha256").hexdigest()
            hashes[f"{label}/{path.relative_to(folder).as_posix()}"] = digest
    return hashes
