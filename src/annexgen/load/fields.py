"""Typed reading of YAML nodes: every wrong type, unknown or missing key is reported, located."""

from __future__ import annotations

import datetime as dt
import difflib

import yaml

from annexgen.core.diagnostics import Loc, Report
from annexgen.core.limits import MAX_FIELD_CHARS
from annexgen.load.yamlio import XML_ILLEGAL, Source

_TAG = "tag:yaml.org,2002:"
_READ_AS = {
    _TAG + "bool": "a boolean",
    _TAG + "int": "a number",
    _TAG + "float": "a number",
    _TAG + "null": "null (empty)",
    _TAG + "timestamp": "a date",
}
_KINDS = {
    yaml.ScalarNode: "a single value",
    yaml.SequenceNode: "a list",
    yaml.MappingNode: "a mapping",
}


def kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode) and node.tag in _READ_AS:
        return _READ_AS[node.tag]
    return _KINDS[type(node)]


def suggest(word: str, choices) -> str:
    """A did-you-mean suffix for a message, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Ctx:
    """The file being read and the report its problems go to."""

    def __init__(self, source: Source, report: Report):
        self.source, self.report = source, report

    def error(self, node: yaml.Node, code: str, message: str) -> None:
        self.report.add(self.source.loc(node), code, message)

    def loc(self, node: yaml.Node) -> Loc:
        return self.source.loc(node)


def text(ctx: Ctx, node: yaml.Node, what: str, limit: int = MAX_FIELD_CHARS) -> str | None:
    """A string value; a plain scalar YAML would read as another type is refused."""
    if not isinstance(node, yaml.ScalarNode):
        ctx.error(node, "E201", f"{what} must be text, not {kind_of(node)}")
        return None
    if node.tag != _TAG + "str":
        ctx.error(node, "E201", f"{what} must be text, but YAML reads {node.value!r} as "
                  f"{kind_of(node)}; put it in quotes")
        return None
    if len(node.value) > limit:
        ctx.error(node, "E206", f"{what} has {len(node.value):,} characters; the limit is "
                  f"{limit:,}" + (" (MAX_FIELD_CHARS)" if limit == MAX_FIELD_CHARS else ""))
        return None
    if not node.value.strip():
        ctx.error(node, "E204", f"{what} is blank")
        return None
    bad = XML_ILLEGAL.search(node.value)
    if bad:
        _report_illegal(ctx, node, bad.group(), what)
        return None
    return node.value


def _report_illegal(ctx: Ctx, node: yaml.Node, char: str, what: str) -> None:
    src = ctx.source.text
    start, end = node.start_mark.index, node.end_mark.index
    at = src.find(char, start, end)
    loc = ctx.source.loc_at(at) if at >= 0 else ctx.loc(node)
    ctx.report.add(loc, "E205", f"{what} contains the character U+{ord(char):04X}, "
                   "which Word and Excel files cannot hold")


def integer(ctx: Ctx, node: yaml.Node, what: str, high: int, cap: str) -> int | None:
    """A whole number from 1 to `high`, the value of the cap named `cap` in limits.py."""
    if isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "int":
        parsed = whole_number(node.value.replace("_", ""))
        if parsed is None:
            # YAML 1.1 reads 1:30 as sexagesimal 90: never a count annexgen means.
            ctx.error(node, "E201", f"{what} must be a whole number, not {node.value!r}")
            return None
        if not 1 <= parsed <= high:
            ctx.error(node, "E204", f"{what} must be from 1 to {high:,} ({cap}), "
                      f"not {_shown(node.value)}")
            return None
        return parsed
    ctx.error(node, "E201", f"{what} must be a whole number, not {kind_of(node)}")
    return None


# Longer digit strings are not parsed at all: no cap in limits.py comes near them.
_MAX_DIGITS = 24


def _shown(value: str) -> str:
    return value if len(value) <= _MAX_DIGITS else f"{value[:20]}… ({len(value)} digits)"


def whole_number(digits: str) -> int | None:
    """0x1F, 0o17 and 0b101 as Python reads them, 017 as decimal; None for anything else.
    More decimal digits than any cap could need stand for a number over every cap, unread."""
    if len(digits) > _MAX_DIGITS:
        return 10**_MAX_DIGITS if digits.isdigit() else None
    for base in (0, 10):
        try:
            return int(digits, base)
        except ValueError:
            continue
    return None


def boolean(ctx: Ctx, node: yaml.Node, what: str) -> bool | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "bool":
        return node.value.lower() in ("true", "yes", "on", "y")
    ctx.error(node, "E201", f"{what} must be true or false, not {kind_of(node)}")
    return None


def date(ctx: Ctx, node: yaml.Node, what: str) -> dt.date | None:
    """An ISO date (2019-01-22), quoted or not."""
    if isinstance(node, yaml.ScalarNode) and node.tag in (_TAG + "str", _TAG + "timestamp"):
        try:
            return dt.date.fromisoformat(node.value.strip())
        except ValueError:
            pass
    ctx.error(node, "E204", f"{what} must be a date written as YYYY-MM-DD")
    return None


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null"


def sequence(ctx: Ctx, node: yaml.Node, what: str) -> list[yaml.Node] | None:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    ctx.error(node, "E201", f"{what} must be a list, not {kind_of(node)}")
    return None


class Fields:
    """The keys of one YAML mapping, read one by one; the rest are reported as unknown."""

    def __init__(self, ctx: Ctx, node: yaml.Node, what: str):
        self.ctx, self.node, self.what = ctx, node, what
        self.items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        self.asked: set[str] = set()
        self.ok = isinstance(node, yaml.MappingNode)
        if not self.ok:
            ctx.error(node, "E201", f"{what} must be a mapping of keys to values, "
                      f"not {kind_of(node)}")
            return
        for key, value in node.value:
            self._add(key, value)

    def _add(self, key: yaml.Node, value: yaml.Node) -> None:
        if not isinstance(key, yaml.ScalarNode):
            self.ctx.error(key, "E201", f"a key in {self.what} must be text")
            return
        if key.value in self.items:
            first = self.ctx.loc(self.items[key.value][0])
            self.ctx.error(key, "E102", f"duplicate key {key.value!r} in {self.what} "
                           f"(first at line {first.line})")
            return
        self.items[key.value] = (key, value)

    def node_of(self, key: str, required: bool = True) -> yaml.Node | None:
        self.asked.add(key)
        if not self.ok:
            return None
        if key in self.items:
            return self.items[key][1]
        if required:
            self.ctx.error(self.node, "E203", f"{self.what} is missing the required key {key!r}")
        return None

    def error_at(self, key: str, code: str, message: str) -> None:
        """Reports a problem with the value of `key`, which the caller has read."""
        self.ctx.error(self.items[key][1], code, message)

    def has(self, key: str) -> bool:
        return key in self.items

    def loc_of(self, key: str) -> Loc:
        """Where the value of `key`, which the caller has read, is written."""
        return self.ctx.loc(self.items[key][1])

    def text(self, key: str, required: bool = True, default: str | None = None,
             limit: int = MAX_FIELD_CHARS) -> str | None:
        node = self.node_of(key, required)
        if node is None:
            return default
        return text(self.ctx, node, f"{key!r} in {self.what}", limit)

    def integer(self, key: str, high: int, cap: str, required: bool = True) -> int | None:
        node = self.node_of(key, required)
        return None if node is None else integer(self.ctx, node, f"{key!r} in {self.what}",
                                                 high, cap)

    def boolean(self, key: str, default: bool = False) -> bool:
        node = self.node_of(key, required=False)
        if node is None:
            return default
        value = boolean(self.ctx, node, f"{key!r} in {self.what}")
        return default if value is None else value

    def date(self, key: str) -> dt.date | None:
        node = self.node_of(key)
        return None if node is None else date(self.ctx, node, f"{key!r} in {self.what}")

    def choice(self, key: str, options: tuple[str, ...], default: str) -> str:
        node = self.node_of(key, required=False)
        if node is None:
            return default
        value = text(self.ctx, node, f"{key!r} in {self.what}")
        if value is not None and value not in options:
            self.ctx.error(node, "E204", f"{key!r} must be one of {', '.join(options)}, "
                           f"not {value!r}{suggest(value, options)}")
            return default
        return value or default

    def done(self) -> None:
        """Report every key that was present but never read."""
        for key, (key_node, _) in self.items.items():
            if key not in self.asked:
                self.ctx.error(key_node, "E202", f"unknown key {key!r} in {self.what}"
                               f"{suggest(key, self.asked)}")


def number(ctx: Ctx, node: yaml.Node, what: str, low: float, high: float,
           unit: str = "") -> float | None:
    """A number within [low, high]; `unit` (" pt", " mm") is for the message."""
    if isinstance(node, yaml.ScalarNode) and node.tag in (_TAG + "int", _TAG + "float"):
        try:
            value = float(node.value.replace("_", ""))
        except ValueError:
            value = None
        if value is not None and low <= value <= high:
            return value
        ctx.error(node, "E204", f"{what} must be between {low:g} and {high:g}{unit}, "
                  f"not {_shown(node.value)}")
        return None
    ctx.error(node, "E201", f"{what} must be a number, not {kind_of(node)}")
    return None
