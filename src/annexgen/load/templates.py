"""Renders the prose templates in Jinja2's sandbox, bounded in time and memory, strict on names."""

from __future__ import annotations

import functools
import re
import string
import traceback
from collections.abc import Callable
from dataclasses import dataclass

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from annexgen.core.deliverables import Deliverable, Registry
from annexgen.core.diagnostics import Loc, Report
from annexgen.core.limits import (
    MAX_TEMPLATE_EXPONENT,
    MAX_TEMPLATE_MEMORY_BYTES,
    MAX_TEMPLATE_OUTPUT_CHARS,
    MAX_TEMPLATE_SECONDS,
)
from annexgen.core.words import Words
from annexgen.load.sourcemap import SourceMap, Tracker
from annexgen.load.undefined import TracedUndefined, Unresolved, describe, located
from annexgen.load.yamlio import XML_ILLEGAL
from annexgen.proc.bounded import Bounds, OutOfTime, Overrun, run_bounded

# Characters with a meaning in the prose markup (see markup.py).
_MARKUP_CHARACTERS = re.compile(r"[\\*^\[\]{}<>#]")

@dataclass(frozen=True, slots=True)
class Template:
    """A template's source and the path it is reported under."""

    name: str
    path: str
    source: str


def template_context(document, meetings, clusters) -> dict:
    """The variables every template sees (docs/templates.md describes each)."""
    return {"doc": document, "meetings": meetings, "clusters": clusters}


def pages(annex: str, cluster_id: str) -> Markup:
    """Markup for the pages of a cluster in an annex, filled in after layout."""
    return Markup(f"[[pages:{annex}:{cluster_id}]]")


def see_pages(cluster, words: Words, annexes: tuple[Deliverable, ...]) -> Markup:
    """The paper's reference to a cluster's pages in every annex, in order, in the words of
    the document's language ("See: Annex A, pages 1–3;" and, on the next line, "Annex B,
    pages 1–4", and so on). `cluster` is a cluster or its id."""
    cluster_id = getattr(cluster, "id", cluster)
    see = words.see_pages
    each = [_markup(see.reference, annex=_escaped(words.deliverable[annex.name]),
                    pages=pages(annex.name, cluster_id)) for annex in annexes]
    separator = f"{_escaped(see.separator)}\\\n"
    return Markup(_markup(see.see, references=separator.join(each)))


def _markup(template: str, **values: str) -> str:
    """A catalogue format as markup: its own words escaped, the values put in as they are."""
    return "".join(_escaped(literal) + (values[name] if name is not None else "")
                   for literal, name, _, _ in string.Formatter().parse(template))


def _escaped(text: str) -> str:
    """Text as markup that prints it as it is."""
    return _MARKUP_CHARACTERS.sub(r"\\\g<0>", text)


@jinja2.pass_eval_context  # so Jinja cannot fold constant expressions into the literal text,
def _as_text(eval_context, value) -> str:  # which would hide where each one was written
    """What `{{ value }}` prints: content values are text, so markup characters in them are
    escaped; only values built as markup (like `pages(...)`) go through as they are."""
    if isinstance(value, Markup):
        return str(value)
    return _escaped(str(value))


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja2's sandbox, with caps on the operators that can build huge values."""

    intercepted_binops = frozenset({"*", "**", "+"})
    annexgen_templates: tuple[Template, ...] = ()  # the sources, to locate errors by path

    def call_binop(self, context, operator, left, right):
        _check_size(operator, left, right)
        return super().call_binop(context, operator, left, right)


def _check_size(operator: str, left, right) -> None:
    if operator == "**" and isinstance(right, int) and abs(right) > MAX_TEMPLATE_EXPONENT:
        raise SecurityError(f"exponent {right} is larger than {MAX_TEMPLATE_EXPONENT}")
    sized = (str, list, tuple)
    if operator == "*" and isinstance(left, int) and isinstance(right, sized):
        left, right = right, left
    if operator == "*" and isinstance(left, sized) and isinstance(right, int):
        _check_length(len(left) * right)
    if operator == "+" and isinstance(left, sized) and isinstance(right, sized):
        _check_length(len(left) + len(right))


def _check_length(length: int) -> None:
    if length > MAX_TEMPLATE_OUTPUT_CHARS:
        raise SecurityError(f"a value of {length:,} items is larger than the template output "
                            f"cap of {MAX_TEMPLATE_OUTPUT_CHARS:,} (MAX_TEMPLATE_OUTPUT_CHARS)")


def _environment(templates: dict[str, Template],
                 words: Words | None, registry: Registry) -> ImmutableSandboxedEnvironment:
    """A sandbox whose loader serves only the templates already read from the content, its
    filters and functions writing in the document's language (`words`; None where the
    templates are only compiled), its `see_pages` citing the registry's annexes."""
    by_name = {t.name: t for t in templates.values()}

    def load(name: str):
        template = by_name.get(name)
        return None if template is None else (template.source, template.path, lambda: True)

    env = _Sandbox(
        loader=jinja2.FunctionLoader(load), undefined=TracedUndefined,
        autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        finalize=_as_text,
    )
    env.annexgen_templates = tuple(templates.values())
    worded = (_unrendered if words is None else
              functools.partial(see_pages, words=words, annexes=registry.annexes))
    env.globals.update(pages=pages, see_pages=worded)
    env.filters.update(_filters(words))
    return env


def _filters(words: Words | None) -> dict[str, Callable]:
    """The filters that write dates and counts in the document's language; without its
    words (templates only compiled, never rendered) they are only named."""
    if words is None:
        return dict.fromkeys(("date", "date_range", "date_range_prose", "words"), _unrendered)
    dates = words.dates
    return {"date": dates.day, "date_range": dates.range, "date_range_prose": dates.prose_range,
            "words": words.numbers.say}


def _unrendered(*_args) -> str:
    raise RuntimeError("a template is rendered without the words of its language")


TEMPLATE_BOUNDS = Bounds(MAX_TEMPLATE_MEMORY_BYTES, MAX_TEMPLATE_SECONDS)


@dataclass(frozen=True, slots=True)
class Rendered:
    """A document template's output, and where each piece of it was written."""

    text: str
    origins: SourceMap


def render_all(templates: dict[str, Template], context: dict | None, words: Words | None,
               registry: Registry,
               report: Report) -> dict[str, Rendered]:
    """The deliverables' templates rendered (a template with problems left out, its problems
    reported); with no context (the YAML it needs has errors), every template is only
    compiled, so that its own errors are found in the same run.

    All of it runs in a child process bounded in memory and wall time (TEMPLATE_BOUNDS):
    whatever a template asks for, it costs at most that, and is then reported where it
    stood. The other templates are partials, rendered only where included (with the
    includer's variables); each is compiled, so a syntax error is found even where nothing
    includes it."""
    result = run_bounded(lambda: _render_everything(templates, context, words, registry),
                         TEMPLATE_BOUNDS)
    if isinstance(result, Overrun):
        where = _overrun_loc(result, templates, registry)
        report.add(where, "E404", f"template rendering stopped: "
                   f"{result.reason} (MAX_TEMPLATE_SECONDS {MAX_TEMPLATE_SECONDS:g} s, "
                   f"MAX_TEMPLATE_MEMORY_BYTES {MAX_TEMPLATE_MEMORY_BYTES // 2**20:,} MB)")
        return {}
    rendered, found = result
    for item in found:
        report.add(item.loc, item.code, item.message)
    return rendered


def _render_everything(templates: dict[str, Template], context: dict | None,
                       words: Words | None,
                       registry: Registry) -> tuple[dict[str, Rendered], list]:
    """Runs in the bounded child: what render_all returns, and the problems found."""
    report = Report()
    env = _environment(templates, words, registry)
    cyclic = _check_includes(env, templates, report)
    compiled = {t.path: _compile(env, t, report) for t in templates.values()}
    tracked = {path: template for path, template in compiled.items() if template is not None}
    rendered = {}
    for name, template in templates.items():
        if context is None or name not in registry.templates or name in cyclic \
                or template.path not in tracked:
            continue
        tracker = Tracker({t.path: t.source for t in templates.values()}, tracked)
        try:
            result = _render(env, tracked[template.path], template, context, tracker, report)
        except OutOfTime:
            break  # reported where it stood; the rest would only run out of time as well
        if result is not None:
            rendered[name] = result
    return rendered, report.items


def _compile(env, template: Template, report: Report) -> jinja2.Template | None:
    try:
        return env.get_template(template.name)
    except jinja2.TemplateSyntaxError as exc:
        path = exc.filename or template.path
        unclosed = _unclosed_tag(_source_of(env, path), exc.lineno or 1)
        if unclosed is not None:
            line, column, opened = unclosed
            report.add(Loc(path, line, column), "E401", f"template syntax: {opened!r} is not "
                       f"closed: end it with {_CLOSERS[opened[1]]} (Jinja read on to line "
                       f"{exc.lineno}: {exc.message})")
        else:
            report.add(_line_loc(env, path, exc.lineno or 1), "E401",
                       f"template syntax: {exc.message}")
    except RecursionError:
        report.add(Loc(template.path), "E401", "template syntax: blocks are nested too deeply")
    return None


def _check_includes(env, templates: dict[str, Template], report: Report) -> set[str]:
    """Templates that include themselves, directly or through others, each reported at the
    include that closes the circle; returns every template that would never finish."""
    by_file = {t.name: name for name, t in templates.items()}
    edges: dict[str, list[tuple[str, int]]] = {}
    for name, template in templates.items():
        if not _INCLUDE.search(template.source):
            continue
        try:
            tree = env.parse(template.source, template.name, template.path)
        except (jinja2.TemplateSyntaxError, RecursionError):
            continue  # reported when it is compiled
        edges[name] = [(by_file[node.template.value], node.lineno)
                       for node in tree.find_all(jinja2.nodes.Include)
                       if isinstance(node.template, jinja2.nodes.Const)
                       and node.template.value in by_file]
    looping = set()
    for name, includes in edges.items():
        for target, line in includes:
            if name in _reachable(target, edges):
                looping.add(name)
                report.add(_line_loc(env, templates[name].path, line, "include"), "E404",
                           f"including {templates[target].name!r} here makes "
                           f"{templates[name].name!r} include itself, without end")
    return {name for name in edges if name in looping or _reachable(name, edges) & looping}


_INCLUDE = re.compile(r"\{%[-+]?\s*include\b")


def _reachable(start: str, edges: dict[str, list[tuple[str, int]]]) -> set[str]:
    seen, stack = {start}, [start]
    while stack:
        for target, _ in edges.get(stack.pop(), ()):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


# Exceptions a template can raise while rendering, with the code they are reported under.
_RENDER_ERRORS = (
    (jinja2.TemplateNotFound, "E404", "no such template in the content's templates folder"),
    (jinja2.UndefinedError, "E402", "undefined in template"),
    (SecurityError, "E403", "not allowed in a template"),
    (OutOfTime, "E404", f"the template did not finish within {MAX_TEMPLATE_SECONDS:g} s "
                        "(MAX_TEMPLATE_SECONDS)"),
    (MemoryError, "E404", "the template needs more memory than "
                          f"{MAX_TEMPLATE_MEMORY_BYTES // 2**20:,} MB "
                          "(MAX_TEMPLATE_MEMORY_BYTES)"),
    (jinja2.TemplateError, "E404", "template error"),
    ((ArithmeticError, LookupError, TypeError, ValueError, AttributeError, RecursionError),
     "E404", "template error"),
)


def _render(env, compiled: jinja2.Template, template: Template, context: dict,
            tracker: Tracker, report: Report) -> Rendered | None:
    try:
        return _generate(compiled, context, tracker, report)
    except Exception as exc:  # matched against the known kinds below; others propagate
        if isinstance(exc, Unresolved):
            report.add(*_unresolved(env, exc, template, tracker, context))
            return None
        for kinds, code, label in _RENDER_ERRORS:
            if isinstance(exc, kinds):
                quiet = isinstance(exc, OutOfTime | MemoryError)  # their label says it all
                report.add(_error_loc(env, exc, template, tracker), code,
                           label if quiet else f"{label}: {_describe(exc)}")
                if isinstance(exc, OutOfTime):
                    raise
                return None
        raise


def _unresolved(env, exc: Unresolved, template: Template, tracker: Tracker,
                context: dict) -> tuple[Loc, str, str]:
    """E402 where the missing name was written, in the author's words."""
    loc = _error_loc(env, exc, template, tracker)
    source = tracker.sources.get(loc.path, "")
    message, column = describe(exc, source, loc.line, {*context, *env.globals})
    return located(loc, column), "E402", message


def _describe(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, jinja2.TemplateError):
        return message
    return f"{type(exc).__name__}: {message}"


def _generate(compiled: jinja2.Template, context: dict, tracker: Tracker,
              report: Report) -> Rendered | None:
    """The template's output, each chunk placed in the sources as it comes; output over
    the cap or holding a character no Word or Excel file can hold stops it, reported where
    the chunk was written."""
    parts, size = [], 0
    generator = compiled.generate(context)
    for chunk in generator:
        tracker.place(generator, chunk, size)
        if size + len(chunk) > MAX_TEMPLATE_OUTPUT_CHARS:
            report.add(_piece_loc(tracker, size), "E206", "the template's output passes "
                       f"{MAX_TEMPLATE_OUTPUT_CHARS:,} characters (MAX_TEMPLATE_OUTPUT_CHARS) here")
            return None
        if bad := XML_ILLEGAL.search(chunk):
            report.add(_piece_loc(tracker, size + bad.start()), "E205", "the template writes "
                       f"the character U+{ord(bad.group()):04X} here (from an escape in an "
                       "expression?), which Word and Excel files cannot hold")
            return None
        parts.append(chunk)
        size += len(chunk)
    return Rendered("".join(parts), tracker.map)


def _piece_loc(tracker: Tracker, offset: int) -> Loc:
    return tracker.map.loc(offset, tracker.sources) or Loc(next(iter(tracker.sources)))


def _error_loc(env, exc: BaseException, template: Template, tracker: Tracker) -> Loc:
    """The template line an exception was raised from (Jinja maps its frames to the
    source); failing that, where the output had got to."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename in tracker.sources and frame.lineno:
            return _line_loc(env, frame.filename, frame.lineno)
    if tracker.map.pieces:
        return _piece_loc(tracker, tracker.map.pieces[-1].offset)
    return Loc(template.path)


_OPENERS = re.compile(r"\{[{%#]")
_CLOSERS = {"{": "}}", "%": "%}", "#": "#}"}


def _unclosed_tag(source: str, line: int) -> tuple[int, int, str] | None:
    """The first tag opened on an earlier line than `line` and not closed before the next tag
    opens ({% endfor without its %}): where Jinja's complaint really comes from. Its line,
    column and the words it opens with."""
    lines = source.splitlines(keepends=True)
    upto = sum(len(text) for text in lines[:line - 1])
    for opener in _OPENERS.finditer(source, 0, upto):
        closer = source.find(_CLOSERS[opener.group()[1]], opener.end())
        following = _OPENERS.search(source, opener.end())
        if closer == -1 or (following is not None and following.start() < closer):
            at_line = source.count("\n", 0, opener.start()) + 1
            column = opener.start() - (source.rfind("\n", 0, opener.start()) + 1) + 1
            opened = source[opener.start():].split("\n", 1)[0].strip()
            return at_line, column, opened
    return None


def _source_of(env, path: str) -> str:
    return next((t.source for t in env.annexgen_templates if t.path == path), "")


def _line_loc(env, path: str, line: int, word: str = "") -> Loc:
    """A template line, at its first tag (the first one holding `word`, when given)."""
    lines = _source_of(env, path).splitlines()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    for tag in re.finditer(r"\{[{%]", text):
        if word in text[tag.start():text.find("}", tag.start()) + 1 or len(text)]:
            return Loc(path, line, tag.start() + 1)
    return Loc(path, line, len(text) - len(text.lstrip()) + 1)


_STACK_FRAME = re.compile(r'^\s*File "(?P<path>[^"]+)", line (?P<line>\d+)', re.MULTILINE)


def _overrun_loc(overrun: Overrun, templates: dict[str, Template], registry: Registry) -> Loc:
    """Where a template was when its child was stopped: the innermost template frame of the
    stack it printed, mapped from the compiled code to the template's own line."""
    env = _environment(templates, None, registry)
    by_path = {t.path: t for t in templates.values()}
    for match in _STACK_FRAME.finditer(overrun.stack):  # most recent call first
        template = by_path.get(match.group("path"))
        if template is None:
            continue
        try:
            compiled = env.get_template(template.name)
        except (jinja2.TemplateError, RecursionError):
            return Loc(template.path)
        return _line_loc(env, template.path,
                         compiled.get_corresponding_lineno(int(match.group("line"))))
    first = next((t for n, t in templates.items() if n in registry.templates), None)
    return Loc(first.path if first else "templates")
