"""Says what a template asked for that is not there, as its author wrote it, with did-you-mean."""

from __future__ import annotations

import dataclasses
import functools
import re

import jinja2
from jinja2 import nodes
from jinja2.utils import missing

from annexgen.core.diagnostics import Loc
from annexgen.core.text import counted
from annexgen.load.fields import suggest


class Unresolved(jinja2.UndefinedError):
    """An undefined name (`obj` missing) or attribute `name` of `obj`, used in a template."""

    def __init__(self, obj, name, message: str):
        super().__init__(message)
        self.obj, self.name = obj, name


class TracedUndefined(jinja2.StrictUndefined):
    """StrictUndefined whose error keeps what was looked up, and in what."""

    __slots__ = ()

    def __init__(self, hint=None, obj=missing, name=None, exc=jinja2.UndefinedError):
        if exc is jinja2.UndefinedError:  # the sandbox's SecurityError is left as it is
            exc = functools.partial(Unresolved, obj, name)
        super().__init__(hint, obj, name, exc)


def attributes_of(value) -> list[str]:
    """The attributes a template reads on a content record: its fields and properties,
    without the places it was read from (those are for diagnostics)."""
    if not dataclasses.is_dataclass(value):
        return sorted(value) if isinstance(value, dict) else []
    names = []
    for item in dataclasses.fields(value):
        if item.metadata.get("keys_as_attributes"):  # read as attributes (doc.annex_a)
            names += list(getattr(value, item.name))
        elif not item.name.endswith("loc"):
            names.append(item.name)
    names += [name for name, member in vars(type(value)).items()
              if isinstance(member, property)]
    return names


def describe(exc: Unresolved, source: str, line: int, known_names) -> tuple[str, int | None]:
    """The message for an undefined lookup on template line `line`, and the column of the
    name that is not there (None when it cannot be found on the line)."""
    tree = jinja2.Environment().parse(source)
    text = source.splitlines()[line - 1] if 0 < line <= len(source.splitlines()) else ""
    if exc.obj is missing:
        stored = {node.name for node in tree.find_all(nodes.Name) if node.ctx == "store"}
        hint = _ALIASES.get(str(exc.name))
        if hint is not None and hint in known_names:
            message = f"{exc.name} is undefined: {_ALIAS_WORDS[hint]}"
        else:
            message = (f"{exc.name} is undefined"
                       f"{suggest(str(exc.name), {*known_names, *stored})}")
        return message, _column(text, rf"(?<![\w.]){re.escape(str(exc.name))}\b")
    if isinstance(exc.name, int) and isinstance(exc.obj, tuple | list):
        written = _indexed(tree, line, exc.name)
        owner = written.rpartition("[")[0] if written else "the list"
        message = (f"{written or f'item {exc.name}'} is undefined: {owner} has "
                   f"{counted(len(exc.obj), 'item')}, numbered from 0")
        return message, _column(text, rf"\[\s*{exc.name}\s*\]")
    written = _written(tree, line, exc.name)
    where = (written.rpartition(".")[0] if written else "") or _kind(exc.obj)
    message = (f"{written or exc.name} is undefined: {where} has no attribute {exc.name!r}"
               f"{suggest(str(exc.name), attributes_of(exc.obj))}")
    return message, _column(text, rf"\.\s*({re.escape(str(exc.name))})\b", group=1)


# Names people write for what a template calls otherwise (docs/templates.md).
_ALIASES = {"document": "doc", "documents": "doc", "meta": "doc", "title": "doc",
            "meeting": "meetings", "cluster": "clusters", "index": "clusters",
            "topic": "clusters", "topics": "clusters"}
_ALIAS_WORDS = {
    "doc": "document.yaml's fields are under `doc` (doc.title, doc.symbol, …)",
    "meetings": "the meetings are the list `meetings` ({% for meeting in meetings %})",
    "clusters": "the clusters and their topics are `clusters` ({% for cluster in clusters "
                "%}…{% for topic in cluster.topics %})",
}


def _written(tree: nodes.Template, line: int, name) -> str | None:
    """The dotted expression ending in `.name` on `line`, as written (`doc.prepard_by`)."""
    for node in tree.find_all(nodes.Getattr):
        if node.lineno == line and node.attr == name and (path := _dotted(node)):
            return path
    return None


def _indexed(tree: nodes.Template, line: int, index: int) -> str | None:
    """The item lookup `name[index]` on `line`, as written (`meetings[7]`)."""
    for node in tree.find_all(nodes.Getitem):
        if (node.lineno == line and isinstance(node.arg, nodes.Const)
                and node.arg.value == index and (path := _dotted(node.node))):
            return f"{path}[{index}]"
    return None


def _dotted(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr) and (base := _dotted(node.node)):
        return f"{base}.{node.attr}"
    return None


def _column(text: str, pattern: str, group: int = 0) -> int | None:
    found = re.search(pattern, text)
    return found.start(group) + 1 if found else None


def _kind(value) -> str:
    """What a value is, in the words of a template author rather than of Python."""
    if isinstance(value, str):
        return "the text"
    if isinstance(value, tuple | list):
        return "the list"
    return "the value"


def located(loc: Loc, column: int | None) -> Loc:
    return Loc(loc.path, loc.line, column) if column and loc.line else loc
