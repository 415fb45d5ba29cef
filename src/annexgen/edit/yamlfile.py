"""A YAML file as its author wrote it: read and written back through ruamel.yaml with its
comments, quoting, folding, indentation, line endings and byte order mark kept."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString
from ruamel.yaml.tokens import CommentToken

# New text is folded before this column; what a person wrote is never refolded.
_TEXT_WIDTH = 72
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Layout:
    """How a file is laid out, so that it is written back the same way."""

    newline: str = "\n"
    bom: bool = False
    mapping_indent: int = 2
    sequence_indent: int = 4
    sequence_offset: int = 2


@dataclass(frozen=True, slots=True)
class YamlFile:
    """A file's data, editable in place, and the layout it is written back in."""

    data: CommentedMap
    layout: Layout


def _yaml(layout: Layout) -> YAML:
    yaml = YAML()
    yaml.width = 4096  # never refold what a person wrote; new text is folded by `folded`
    yaml.indent(mapping=layout.mapping_indent, sequence=layout.sequence_indent,
                offset=layout.sequence_offset)
    yaml.preserve_quotes = True
    return yaml


def layout_of(text: str) -> Layout:
    """The layout a file uses: its most frequent line ending, and its indentation as the
    file shows it (the shipped layout where it shows none)."""
    crlf = text.count("\r\n")
    newline = "\r\n" if crlf and crlf >= text.count("\n") - crlf else "\n"
    lines = [line for line in text.removeprefix(_BOM).replace("\r\n", "\n").split("\n")
             if line.strip() and not line.lstrip().startswith("#")]
    sequence, offset = _sequence_indent(lines)
    return Layout(newline, text.startswith(_BOM), _mapping_indent(lines),
                  max(sequence, offset + 2), offset)


def _sequence_indent(lines: list[str]) -> tuple[int, int]:
    """How far the first block list's items (their keys) and dashes stand in from the key
    above them (4 and 2 if no list shows it)."""
    for line, below in itertools.pairwise(lines):
        item = below.lstrip()
        if line.rstrip().endswith(":") and item.startswith("- "):
            column = len(line) - len(line.lstrip())
            dash = len(below) - len(item)
            content = dash + 1 + len(item[1:]) - len(item[1:].lstrip())
            return content - column, dash - column
    return 4, 2


def _mapping_indent(lines: list[str]) -> int:
    """How far the first nested mapping of the file stands in from its key (2 if none)."""
    for line, below in itertools.pairwise(lines):
        key = line.lstrip().removeprefix("- ")
        child = below.lstrip()
        if key.endswith(":") and not child.startswith("- ") and ":" in child:
            column = len(line) - len(key)
            step = len(below) - len(child) - column
            if step > 0:
                return step
    return 2


def load(text: str, layout: Layout | None = None) -> YamlFile:
    """The file's data (an empty mapping when it holds none) and its layout (for a part of a
    file, give the whole file's)."""
    layout = layout or layout_of(text)
    loaded = _yaml(layout).load(text.removeprefix(_BOM).replace("\r\n", "\n"))
    data = loaded if isinstance(loaded, CommentedMap) else CommentedMap()
    return YamlFile(data, layout)


def dump(file: YamlFile) -> str:
    out = io.StringIO()
    _yaml(file.layout).dump(file.data, out)
    text = out.getvalue()
    if file.layout.newline != "\n":
        text = text.replace("\n", file.layout.newline)
    return _BOM + text if file.layout.bom else text


def folded(text: str) -> FoldedScalarString:
    """Text as a folded block (>-), broken at spaces before column 72; line breaks kept."""
    scalar = FoldedScalarString(text)
    breaks, line_start, last_space = [], 0, None
    for at, char in enumerate(text):
        if char == "\n":
            line_start, last_space = at + 1, None
        elif char == " ":
            if at - line_start > _TEXT_WIDTH and last_space is not None:
                breaks.append(last_space)
                line_start = last_space + 1
            last_space = at
    # ruamel's representer reads fold_pos, an attribute its class does not declare.
    scalar.fold_pos = breaks  # type: ignore[attr-defined]
    return scalar


def flow_list(items) -> CommentedSeq:
    """A list written on one line, as key phrases are: [first phrase, second phrase]."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def remove_item(seq: CommentedSeq, index: int) -> str:
    """Takes item `index` out of a list, keeping every other item's comment and the comment
    lines that stood below it (ruamel keeps those on the item above them); returns the
    item's own end-of-line comment ("" when it has none)."""
    token = seq.ca.items.get(index, [None])[0]
    own, below = _split_comment(token.value if isinstance(token, CommentToken) else "")
    del seq[index]
    if below:
        _append_comment(seq, index - 1, below)
    return own


def remove_key(mapping: CommentedMap, key) -> tuple[str, str]:
    """Takes `key` out of a mapping with its comment, which ruamel would drop with it:
    returns the key's own end-of-line comment and the comment lines that stood below it
    (both "" when there are none), for the caller to put where they now belong."""
    entry = mapping.ca.items.pop(key, None)
    token = entry[2] if entry is not None and len(entry) > 2 else None
    del mapping[key]
    return _split_comment(token.value if isinstance(token, CommentToken) else "")


def add_key_comment(mapping: CommentedMap, key, own: str, below: str) -> None:
    """Gives `key` an end-of-line comment (when it has none) and comment lines below it."""
    if not own and not below:
        return
    entry = mapping.ca.items.setdefault(key, [None, None, None, None])
    token = entry[2]
    text = token.value if isinstance(token, CommentToken) else ""
    first, rest = _split_comment(text)
    first = first or own
    lines = "".join(part for part in (rest, below) if part)
    value = (f" {first}" if first else "") + "\n" + lines
    entry[2] = CommentToken(value, _mark(), None)


def _split_comment(value: str) -> tuple[str, str]:
    """An end-of-line comment ("# why\n") and the full comment lines after it."""
    first, newline, rest = value.partition("\n")
    return first.strip(), rest if newline else ""


def _append_comment(seq: CommentedSeq, index: int, lines: str) -> None:
    if index < 0 or index >= len(seq):
        return  # no item left above them: the lines go with the list
    entry = seq.ca.items.setdefault(index, [None, None, None, None])
    token = entry[0]
    if isinstance(token, CommentToken):
        token.value = token.value if token.value.endswith("\n") else token.value + "\n"
        token.value += lines
    else:
        entry[0] = CommentToken("\n" + lines, _mark(), None)


def _mark():
    from ruamel.yaml.error import CommentMark

    return CommentMark(0)


def position(data: CommentedMap | None, outcome_id: str,
             *keys: str) -> tuple[int, int] | None:
    """Line and column (from 1) of a key inside the outcome with that id, or of the outcome."""
    if data is None:
        return None
    for item in data.get("outcomes") or ():
        if isinstance(item, CommentedMap) and item.get("id") == outcome_id:
            node, line, col = item, item.lc.line, item.lc.col
            for key in keys:
                if not isinstance(node, CommentedMap) or key not in node:
                    break
                line, col = node.lc.key(key)
                node = node[key]
            return line + 1, col + 1
    return None
