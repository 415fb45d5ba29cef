"""Self-check of a written .docx or .xlsx package before it is saved: structure and links."""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import unquote

from lxml import etree

from annexgen.core.limits import WORD_MAX_BOOKMARK_NAME
from annexgen.core.links import link_problem

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CONTENT_TYPES = "[Content_Types].xml"

_OFFICE = "application/vnd.openxmlformats-officedocument."
_WML, _SML = _OFFICE + "wordprocessingml.", _OFFICE + "spreadsheetml."
# The content type a part must have, by the package kind and the last word of the
# relationship type that names it. Relationship types not listed here are not checked.
EXPECTED_TYPES: dict[tuple[str, str], str] = {
    **{(kind, "core-properties"): "application/vnd.openxmlformats-package.core-properties+xml"
       for kind in (".docx", ".xlsx")},
    **{(kind, "extended-properties"): _OFFICE + "extended-properties+xml"
       for kind in (".docx", ".xlsx")},
    **{(kind, "theme"): _OFFICE + "theme+xml" for kind in (".docx", ".xlsx")},
    (".docx", "officeDocument"): _WML + "document.main+xml",
    (".docx", "styles"): _WML + "styles+xml",
    (".docx", "settings"): _WML + "settings+xml",
    (".docx", "numbering"): _WML + "numbering+xml",
    (".docx", "footnotes"): _WML + "footnotes+xml",
    (".docx", "endnotes"): _WML + "endnotes+xml",
    (".docx", "header"): _WML + "header+xml",
    (".docx", "footer"): _WML + "footer+xml",
    (".docx", "fontTable"): _WML + "fontTable+xml",
    (".docx", "webSettings"): _WML + "webSettings+xml",
    (".xlsx", "officeDocument"): _SML + "sheet.main+xml",
    (".xlsx", "styles"): _SML + "styles+xml",
    (".xlsx", "worksheet"): _SML + "worksheet+xml",
    (".xlsx", "sharedStrings"): _SML + "sharedStrings+xml",
}

_W_ID, _W_NAME = f"{{{W}}}id", f"{{{W}}}name"
_RELS_PART = re.compile(r"(?P<folder>(?:.*/)?)_rels/[^/]+\.rels")
_XML_SUFFIXES = (".xml", ".rels")
_STORY_ROOTS = frozenset({"document", "footnotes", "endnotes", "hdr", "ftr", "comments"})
_FORMULA_CELLS = etree.XPath('.//s:c[s:f or @t="str"]', namespaces={"s": SML})
_UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError)

Parts = dict[str, etree._Element]


def verify_package(name: str, data: bytes) -> list[str]:
    """Problems found in an OOXML package, each a short sentence naming the part; [] = fine."""
    try:
        package = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return [f"{name}: the file is not a zip package ({exc})"]
    with package:
        members = [n for n in package.namelist() if not n.endswith("/")]
        problems = _duplicate_members(members)
        parts, unreadable = _parse_xml_parts(package, members)
    kind = posixpath.splitext(name)[1].lower()
    types = ContentTypes.of(parts)
    problems += unreadable
    problems += _check_content_types(members, types)
    problems += _check_relationships(kind, set(members), parts, types)
    if kind == ".docx":
        problems += _check_footnotes(parts) + _check_bookmarks(parts)
    elif kind == ".xlsx":
        problems += _check_cells(parts)
    return [f"{name}: {problem}" for problem in problems]


def _duplicate_members(members: list[str]) -> list[str]:
    return [f"the package holds {member} {count} times"
            for member, count in Counter(members).items() if count > 1]


def _parse_xml_parts(package: zipfile.ZipFile, members: list[str]) -> tuple[Parts, list[str]]:
    """Every XML part parsed once; the ones that cannot be read or parsed are reported."""
    parts: Parts = {}
    problems = []
    # Read as data: no DTDs, no entities, no network. One parser per call (lxml parsers
    # are not thread-safe).
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for member in members:
        if not member.endswith(_XML_SUFFIXES):
            continue
        try:
            parts[member] = _parse_part(package, member, parser)
        except _UNREADABLE as exc:
            problems.append(f"{member} cannot be read from the zip ({exc})")
        except etree.XMLSyntaxError as exc:
            problems.append(f"{member} is not well-formed XML ({exc})")
    return parts, problems


# Parts larger than this are parsed as a stream that keeps only the elements the checks
# read (the body of a large annex would otherwise take several times its size in memory).
_STREAM_ABOVE_BYTES = 1_000_000
_KEPT = frozenset({f"{{{W}}}footnoteReference", f"{{{W}}}footnote", f"{{{W}}}bookmarkStart",
                   f"{{{W}}}bookmarkEnd", f"{{{PACKAGE_RELS}}}Relationship",
                   f"{{{CONTENT_TYPES_NS}}}Default", f"{{{CONTENT_TYPES_NS}}}Override"})


def _parse_part(package: zipfile.ZipFile, member: str, parser) -> etree._Element:
    if package.getinfo(member).file_size <= _STREAM_ABOVE_BYTES:
        return etree.fromstring(package.read(member), parser)
    with package.open(member) as stream:
        return _slim_tree(stream)


# Paragraphs and rows are emptied once read: they are what a large part is made of.
_CONTAINERS = frozenset({f"{{{W}}}p", f"{{{SML}}}row"})


def _slim_tree(stream) -> etree._Element:
    """The part's root with, directly under it, the elements the checks look at (formula
    cells with their formula); paragraphs and rows are emptied as they are read.

    lxml reports only these tags, so Python sees a few events per paragraph or row rather
    than one per element (the body of a large annex has millions)."""
    root = None
    events = etree.iterparse(stream, events=("end",), tag=[*_KEPT, *_CONTAINERS],
                             resolve_entities=False, no_network=True, load_dtd=False)
    for _, element in events:
        if root is None:
            root = element.getroottree().getroot()
        if element.tag in _KEPT:
            root.append(element)
        elif element is not root:
            for cell in _FORMULA_CELLS(element):
                root.append(cell)
            element.clear()
    return root if root is not None else events.root


@dataclass(frozen=True)
class ContentTypes:
    """[Content_Types].xml: Defaults by extension and Overrides by part name (case-insensitive)."""

    present: bool
    defaults: dict[str, str]
    overrides: dict[str, str]

    @classmethod
    def of(cls, parts: Parts) -> ContentTypes:
        root = parts.get(CONTENT_TYPES)
        if root is None:
            return cls(False, {}, {})
        defaults = {el.get("Extension", "").lower(): el.get("ContentType", "")
                    for el in root.iter(f"{{{CONTENT_TYPES_NS}}}Default")}
        overrides = {el.get("PartName", "").lower(): el.get("ContentType", "")
                     for el in root.iter(f"{{{CONTENT_TYPES_NS}}}Override")}
        return cls(True, defaults, overrides)

    def type_of(self, member: str) -> str | None:
        override = self.overrides.get(f"/{member}".lower())
        return override if override is not None else self.defaults.get(_extension(member))


def _extension(member: str) -> str:
    """The extension OPC matches Defaults against: after the last dot of the last segment."""
    base = member.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[1].lower() if "." in base else ""


def _check_content_types(members: list[str], types: ContentTypes) -> list[str]:
    """Every part has a content type: an Override by its name, or a Default by its extension."""
    if not types.present:
        return [f"{CONTENT_TYPES} is missing or unreadable"]
    return [f"{member} has no content type in {CONTENT_TYPES}"
            for member in members if member != CONTENT_TYPES and types.type_of(member) is None]


def _check_relationships(kind: str, members: set[str], parts: Parts,
                         types: ContentTypes) -> list[str]:
    """Internal targets exist with the right content type; hyperlinks use a safe scheme."""
    problems = []
    for rels_name, root in parts.items():
        where = _RELS_PART.fullmatch(rels_name)
        if where is None:
            continue
        for rel in root.iter(f"{{{PACKAGE_RELS}}}Relationship"):
            problems += _check_relationship(kind, rels_name, where["folder"], rel, members, types)
    return problems


def _check_relationship(kind: str, rels_name: str, folder: str, rel: etree._Element,
                        members: set[str], types: ContentTypes) -> list[str]:
    rel_id, target = rel.get("Id", "?"), rel.get("Target", "")
    rel_type = rel.get("Type", "").rsplit("/", 1)[-1]
    if rel_type == "hyperlink" and (why := link_problem(target)):
        return [f"{rels_name}: hyperlink {rel_id} points to {target!r}, which {why}"]
    if rel.get("TargetMode") == "External":
        return []
    member = _resolve_target(folder, target)
    if member not in members:
        return [f"{rels_name}: relationship {rel_id} points to {target!r}, "
                "which the package does not hold"]
    expected, found = EXPECTED_TYPES.get((kind, rel_type)), types.type_of(member)
    if types.present and expected is not None and found is not None and found != expected:
        return [f"{member} has content type {found}; as the {rel_type} part "
                f"({rels_name} {rel_id}) it needs an Override with {expected}"]
    return []


def _resolve_target(folder: str, target: str) -> str:
    """The member an internal target names: absolute from the package root, else from the source."""
    path = unquote(target.split("#", 1)[0])
    joined = path[1:] if path.startswith("/") else posixpath.join(folder, path)
    return posixpath.normpath(joined) if joined else ""


def _word_stories(parts: Parts) -> list[tuple[str, etree._Element]]:
    """The Word parts that hold text: body, notes, headers, footers, comments."""
    return [(name, root) for name, root in sorted(parts.items())
            if name.startswith("word/") and name.count("/") == 1
            and etree.QName(root).namespace == W
            and etree.QName(root).localname in _STORY_ROOTS]


def _check_footnotes(parts: Parts) -> list[str]:
    """Every footnote reference has its footnote in word/footnotes.xml."""
    referenced = [(name, ref.get(_W_ID)) for name, root in _word_stories(parts)
                  for ref in root.iter(f"{{{W}}}footnoteReference")]
    notes = parts.get("word/footnotes.xml")
    defined = set() if notes is None else {n.get(_W_ID) for n in notes.iter(f"{{{W}}}footnote")}
    return [f"{name}: footnote reference {note_id} has no footnote in word/footnotes.xml"
            for name, note_id in referenced if note_id not in defined]


def _check_bookmarks(parts: Parts) -> list[str]:
    """Bookmark names unique and within Word's limit; each start closed by an end."""
    problems = []
    first_seen: dict[str, str] = {}
    for name, root in _word_stories(parts):
        ends = {end.get(_W_ID) for end in root.iter(f"{{{W}}}bookmarkEnd")}
        for start in root.iter(f"{{{W}}}bookmarkStart"):
            problems += _check_bookmark(name, start, ends, first_seen)
    return problems


def _check_bookmark(part: str, start: etree._Element, ends: set[str | None],
                    first_seen: dict[str, str]) -> list[str]:
    problems = []
    mark, mark_id = start.get(_W_NAME, ""), start.get(_W_ID)
    if mark in first_seen:
        problems.append(f"{part}: bookmark name {mark!r} is used twice "
                        f"(first in {first_seen[mark]})")
    first_seen.setdefault(mark, part)
    if len(mark) > WORD_MAX_BOOKMARK_NAME:
        problems.append(f"{part}: bookmark name {mark!r} has {len(mark)} characters; "
                        f"Word allows {WORD_MAX_BOOKMARK_NAME}")
    if mark_id not in ends:
        problems.append(f"{part}: bookmark {mark!r} (id {mark_id}) has no bookmarkEnd")
    return problems


def _check_cells(parts: Parts) -> list[str]:
    """No formulas and no formula results in any worksheet: content is only ever text."""
    problems = []
    for name, root in sorted(parts.items()):
        if etree.QName(root).localname != "worksheet":
            continue
        for cell in _FORMULA_CELLS(root):
            formula = cell.find(f"{{{SML}}}f") is not None
            what = "a formula" if formula else 'a formula result (t="str")'
            problems.append(f"{name}: cell {cell.get('r', '?')} holds {what}")
    return problems
