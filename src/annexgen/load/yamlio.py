"""Safe YAML reading: size cap, no aliases or tags, positions kept on every node."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import yaml

from annexgen.core.diagnostics import Loc, Report

# XML 1.0 Char production, complemented: what may never appear in a Word or Excel part.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# Tags that PyYAML's safe resolver gives plain scalars and collections by itself.
_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


class _Mark(Protocol):
    """Where in a file: PyYAML's mark, or libyaml's (events carry either)."""

    line: int
    column: int


class _RefusedYaml(yaml.YAMLError):
    def __init__(self, mark: _Mark | None, code: str, message: str):
        super().__init__(message)
        self.mark, self.code, self.message = mark, code, message


# libyaml's parser when PyYAML was built with it (about 20 times faster), else pure Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_anchors(text: str) -> None:
    """Anchors and aliases are refused before anything is composed (no alias bombs)."""
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise _RefusedYaml(event.start_mark, "E103", f"alias *{event.anchor} is not "
                               "allowed in content (anchors and aliases are refused)")
        if isinstance(event, yaml.NodeEvent) and event.anchor:
            raise _RefusedYaml(event.start_mark, "E103", f"anchor &{event.anchor} is not "
                               "allowed in content (write the value out where it is used)")


@dataclass(frozen=True, slots=True)
class Source:
    """A content file's text, its display path and its root YAML node (None when unreadable)."""

    path: str
    text: str
    root: yaml.Node | None

    def loc(self, node: yaml.Node) -> Loc:
        return loc_of(self.path, node.start_mark)

    def loc_at(self, index: int) -> Loc:
        line = self.text.count("\n", 0, index) + 1
        col = index - (self.text.rfind("\n", 0, index) + 1) + 1
        return Loc(self.path, line, col)


def loc_of(path: str, mark: _Mark) -> Loc:
    return Loc(path, mark.line + 1, mark.column + 1)


def decode(raw: bytes, path: str, report: Report) -> str | None:
    """A content file's text, or None when it is not UTF-8 (reported where it fails)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        report.add(Loc(path, line, col), "E106", "file is not valid UTF-8")
        return None


def parse_yaml(text: str, path: str, report: Report) -> Source:
    """Compose a YAML document into nodes, reporting syntax, alias and tag problems."""
    if report_illegal_characters(text, path, report):
        return Source(path, text, None)
    try:
        if "&" in text or "*" in text:  # no anchor or alias can be written without them
            _refuse_anchors(text)
        root = yaml.compose(text, Loader=_LOADER)
    except _RefusedYaml as exc:
        report.add(loc_of(path, exc.mark) if exc.mark else Loc(path), exc.code, exc.message)
        return Source(path, text, None)
    except yaml.reader.ReaderError as exc:
        where = Source(path, text, None).loc_at(exc.position)
        report.add(where, "E101", f"YAML cannot hold the character U+{exc.character:04X} "
                   "here (write it as an escape in double quotes, or remove it)")
        return Source(path, text, None)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = loc_of(path, mark) if mark else Loc(path)
        problem = exc.problem or exc.context or "invalid YAML"
        report.add(where, "E101", f"YAML syntax: {problem}{_syntax_hint(text, mark, problem)}")
        return Source(path, text, None)
    except yaml.YAMLError as exc:
        report.add(Loc(path), "E101", f"YAML syntax: {exc}")
        return Source(path, text, None)
    except RecursionError:
        report.add(Loc(path), "E101", "YAML syntax: nesting is too deep")
        return Source(path, text, None)
    source = Source(path, text, root)
    if root is None:
        report.add(Loc(path), "E108", "the file is empty or holds only comments; nothing in "
                   "it can be built")
    else:
        _check_tags(source, root, report)
    return source


def report_illegal_characters(text: str, path: str, report: Report) -> bool:
    """Every character that no Word or Excel part can hold, each at its line and column."""
    source = Source(path, text, None)
    found = False
    for match in XML_ILLEGAL.finditer(text):
        found = True
        report.add(source.loc_at(match.start()), "E205", f"the character "
                   f"U+{ord(match.group()):04X} cannot be held by Word or Excel files")
    return found


def _check_tags(source: Source, root: yaml.Node, report: Report) -> None:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag not in _STANDARD_TAGS:
            report.add(source.loc(node), "E104", f"tag {node.tag!r} is not allowed in content")
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))


def _syntax_hint(text: str, mark, problem: str) -> str:
    """What to do about a YAML syntax error, where the parser's words do not say it."""
    lines = text.split("\n")
    at = mark.line if mark is not None and mark.line < len(lines) else None
    line = lines[at] if at is not None else ""
    if "\t" in line[:len(line) - len(line.lstrip())] or "'\\t'" in problem \
            or "tab character" in problem:
        return ": a tab; YAML indents with spaces only (replace the tab with spaces)"
    indentation = (f": check the indentation of line {at + 1 if at is not None else '?'} and the "
                   "lines just above it: each key must line up with the keys of its block (a "
                   "line pasted with its old indentation?)")
    if "mapping values are not allowed" in problem:
        return indentation if at is not None and _deeper_than_above(lines, at) else (
            ": a colon and a space inside a value; put the value in quotes (a key phrase: "
            "[\"…: …\"])")
    if any(words in problem for words in ("did not find expected key",
                                          "expected <block end>", "could not find expected")):
        return indentation
    return ""


def _deeper_than_above(lines: list[str], at: int) -> bool:
    """Whether the line stands further in than the keys of the line above it, which opens
    no block of its own."""
    above = next((line for line in reversed(lines[:at]) if line.strip()
                  and not line.lstrip().startswith("#")), None)
    if above is None or above.rstrip().endswith(":"):
        return False
    key_column = len(above) - len(above.lstrip().removeprefix("- "))
    return len(lines[at]) - len(lines[at].lstrip()) > key_column
