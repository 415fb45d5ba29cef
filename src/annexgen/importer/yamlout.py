"""Outcome files read and written with their comments and layout kept (ruamel.yaml round trip)."""

from __future__ import annotations

import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString

# The shipped files' layout: two-space mappings, list items indented under their key.
_TEXT_WIDTH = 72


def _yaml() -> YAML:
    yaml = YAML()
    yaml.width = 4096  # never refold what a person wrote; new text is folded by `folded`
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def load_round_trip(text: str) -> CommentedMap:
    loaded = _yaml().load(text)
    return loaded if isinstance(loaded, CommentedMap) else CommentedMap()


def dump(data: CommentedMap) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


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
