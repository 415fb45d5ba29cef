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
from annexgen.core.deliverables import STANDARD, Registry, page_key
from annexgen.core.diagnostics import CODES, Diagnostic, Loc
from annexgen.load.files import FileTooLarge, NotRegularFile, read_capped

MANIFEST = ".annexgen-manifest.json"
MAX_MANIFEST_BYTES = 16_000_000
# A PDF read back for reuse: far beyond any annex annexgen renders.
MAX_REUSED_BYTES = 2_000_000_000
MAX_PAGE = 1_000_000

_SHA256 = re.compile(r"[0-9a-f]{64}")
_CLUSTER_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,37}")


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
    # What the build warned about, said again by a rebuild that finds nothing changed.
    warnings: list[Diagnostic] = field(default_factory=list)

    @classmethod
    def read(cls, out_dir: Path, registry: Registry = STANDARD) -> Manifest | None:
        """The manifest of the last build, or None (missing, unreadable, of another version
        or of a shape annexgen does not write for the registry's deliverables)."""
        try:
            raw = read_capped(out_dir / MANIFEST, MAX_MANIFEST_BYTES)
            return _parse(json.loads(raw.decode("utf-8")), registry.annex_names)
        except (OSError, ValueError, RecursionError):
            return None

    def to_bytes(self) -> bytes:
        data = {"annexgen": self.version, "inputs": self.inputs, "outputs": self.outputs,
                "pages": self.pages, "warnings": [_stored(d) for d in self.warnings]}
        data["seal"] = _seal(data)
        return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()

    @classmethod
    def of(cls, inputs: dict[str, str], files: dict[str, bytes], sources: dict[str, bytes],
           pages: dict[tuple[str, str], tuple[int, int]],
           warnings: list[Diagnostic]) -> Manifest:
        """The manifest of a build: each file's hash, and each PDF's source's."""
        outputs = {name: _entry(data, sources.get(name)) for name, data in files.items()}
        keyed = {page_key(annex, cluster): [first, last]
                 for (annex, cluster), (first, last) in sorted(pages.items())}
        return cls(outputs, inputs, __version__, keyed, warnings)

    def current(self, out_dir: Path, inputs: dict[str, str] | None, registry: Registry,
                rendered: bool) -> bool:
        """Whether a build of `inputs` would give what out/ holds: the same inputs, every
        output of the registry's deliverables there (their PDFs too when `rendered`), and
        every output on disk with the bytes it had."""
        expected = {*registry.offices, *(registry.pdfs if rendered else ())}
        if not inputs or inputs != self.inputs or not expected <= self.outputs.keys():
            return False
        for name, entry in self.outputs.items():
            try:
                data = read_capped(out_dir / name, MAX_REUSED_BYTES)
            except (OSError, NotRegularFile, FileTooLarge):
                return False
            if sha256(data) != entry["sha256"]:
                return False
        return True

    def resolved(self, registry: Registry) -> bool:
        """Whether out/ holds the PDF of every deliverable that cites pages, made from the
        office file it holds (then its page references were resolved and checked)."""
        return all(self._made_from(item.pdf, item.office) for item in registry.citing)

    def _made_from(self, pdf: str, office: str) -> bool:
        source, made = self.outputs.get(office), self.outputs.get(pdf)
        return source is not None and made is not None \
            and made.get("source_sha256") == source["sha256"]

    def page_map(self) -> dict[tuple[str, str], tuple[int, int]]:
        pages = {}
        for key, (first, last) in self.pages.items():
            annex, _, cluster = key.partition(":")
            pages[(annex, cluster)] = (first, last)
        return pages

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


def _entry(data: bytes, source: bytes | None) -> dict[str, str]:
    entry = {"sha256": sha256(data)}
    if source is not None:
        entry["source_sha256"] = sha256(source)
    return entry


def _seal(data: dict) -> str:
    """The hash of the manifest's other fields: a manifest edited by hand (or cut short)
    counts as absent, so that an unchanged rebuild never trusts it."""
    body = {key: value for key, value in data.items() if key != "seal"}
    return sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode())


def _parse(data: object, annexes: tuple[str, ...]) -> Manifest | None:
    try:
        if not isinstance(data, dict) or data.get("annexgen") != __version__ \
                or data.get("seal") != _seal(data):
            return None
        return Manifest(_outputs(data.get("outputs")), _hashes(data.get("inputs", {})),
                        __version__, _pages(data.get("pages", {}), annexes),
                        _warnings(data.get("warnings", [])))
    except _Invalid:
        return None


_MAX_WARNINGS, _MAX_WARNING_CHARS = 100_000, 10_000
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _stored(warning: Diagnostic) -> dict[str, object]:
    loc = warning.loc
    return {"path": loc.path, "line": loc.line, "col": loc.col, "code": warning.code,
            "message": warning.message}


def _warnings(value: object) -> list[Diagnostic]:
    """Warnings to say again, as located diagnostics (no control characters reach the
    terminal; a code annexgen does not have makes the manifest invalid)."""
    if not isinstance(value, list) or len(value) > _MAX_WARNINGS:
        raise _Invalid
    return [_warning(item) for item in value]


def _warning(item: object) -> Diagnostic:
    if not isinstance(item, dict) or item.keys() != _WARNING_KEYS:
        raise _Invalid
    path, line, col, code, message = (item[key] for key in _WARNING_FIELDS)
    if not (isinstance(path, str) and isinstance(message, str)
            and len(path) + len(message) <= _MAX_WARNING_CHARS
            and type(line) is int and type(col) is int and line >= 1 and col >= 1
            and code in CODES and not code.startswith("E")):
        raise _Invalid
    return Diagnostic(Loc(_CONTROL.sub("?", path), line, col), code,
                      _CONTROL.sub("?", message))


_WARNING_FIELDS = ("path", "line", "col", "code", "message")
_WARNING_KEYS = frozenset(_WARNING_FIELDS)


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


def _pages(value: object, annexes: tuple[str, ...]) -> dict[str, list[int]]:
    if not isinstance(value, dict):
        raise _Invalid
    for key, span in value.items():
        if not (isinstance(key, str) and _page_key(key, annexes) and isinstance(span, list)
                and len(span) == 2 and all(type(n) is int for n in span)
                and 1 <= span[0] <= span[1] <= MAX_PAGE):
            raise _Invalid
    return dict(value)


def _page_key(key: str, annexes: tuple[str, ...]) -> bool:
    annex, _, cluster_id = key.partition(":")
    return annex in annexes and _CLUSTER_ID.fullmatch(cluster_id) is not None


def input_hashes(folders: dict[str, Path]) -> dict[str, str] | None:
    """sha256 of every file of the content and styles folders, by label/relative path, each
    read in blocks whatever its size; None if any entry is not a regular file inside its
    folder or cannot be read (the loader, which runs then, says what is wrong with it)."""
    hashes = {}
    try:
        for label, folder in folders.items():
            root = folder.resolve()
            for path in sorted(folder.rglob("*")):
                if path.is_dir() and not path.is_symlink():
                    continue
                if not path.is_file() or not path.resolve().is_relative_to(root):
                    return None
                with open(path, "rb") as stream:
                    digest = hashlib.file_digest(stream, "sha256").hexdigest()
                hashes[f"{label}/{path.relative_to(folder).as_posix()}"] = digest
    except OSError:
        return None
    return hashes
