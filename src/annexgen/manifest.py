"""The build manifest in `out/`: what each output was built from, so unchanged ones are kept."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from annexgen import __version__

MANIFEST = ".annexgen-manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
        """The manifest of the last build, or None (missing, unreadable, other version)."""
        try:
            data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
            manifest = cls(data["outputs"], data.get("inputs", {}), data["annexgen"],
                           data.get("pages", {}))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return manifest if manifest.version == __version__ else None

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
            data = (out_dir / name).read_bytes()
        except OSError:
            return None
        return data if sha256(data) == entry.get("sha256") else None


def input_hashes(folders: dict[str, Path]) -> dict[str, str]:
    """sha256 of every file of the content and styles folders, by label/relative path."""
    hashes = {}
    for label, folder in folders.items():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            hashes[f"{label}/{path.relative_to(folder).as_posix()}"] = sha256(path.read_bytes())
    return hashes
