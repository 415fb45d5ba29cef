"""Renders the prose templates in Jinja2's sandbox with strict undefined variables."""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from annexgen.diagnostics import Loc, Report
from annexgen.limits import MAX_TEMPLATE_EXPONENT, MAX_TEMPLATE_OUTPUT_CHARS
from annexgen.load.files import REQUIRED_TEMPLATES
from annexgen.load.yamlio import XML_ILLEGAL
from annexgen.text import date_range, date_range_prose, day_month_year

# Characters with a meaning in the prose markup (see markup.py).
_MARKUP_CHARACTERS = re.compile(r"[\\*^\[\]{}<>#]")

# The templates of the three documents, by name; every other template is a partial.
DOCUMENT_TEMPLATES = frozenset(name.removesuffix(".md.j2") for name in REQUIRED_TEMPLATES)


@dataclass(frozen=True, slots=True)
class Template:
    """A template's source and the path it is reported under."""

    name: str
    path: str
    source: str


def pages(annex: str, cluster_id: str) -> Markup:
    """Markup for the pages of a cluster in an annex, filled in after layout."""
    return Markup(f"[[pages:{annex}:{cluster_id}]]")


def _as_text(value) -> str:
    """What `{{ value }}` prints: content values are text, so markup characters in them are
    escaped; only values built as markup (like `pages(...)`) go through as they are."""
    if isinstance(value, Markup):
        return str(value)
    return _MARKUP_CHARACTERS.sub(r"\\\g<0>", str(value))


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja2's sandbox, with caps on the operators that can build huge values."""

    intercepted_binops = frozenset({"*", "**", "+"})

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


def _environment(templates: dict[str, Template]) -> ImmutableSandboxedEnvironment:
    """A sandbox whose loader serves only the templates already read from the content."""
    by_name = {t.name: t for t in templates.values()}

    def load(name: str):
        template = by_name.get(name)
        return None if template is None else (template.source, template.path, lambda: True)

    env = _Sandbox(
        loader=jinja2.FunctionLoader(load), undefined=jinja2.StrictUndefined,
        autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        finalize=_as_text,
    )
    env.annexgen_paths = frozenset(t.path for t in templates.values())
    env.globals.update(pages=pages)
    env.filters.update(date_range=date_range, date_range_prose=date_range_prose,
                       date=day_month_year)
    return env


def render_all(templates: dict[str, Template], context: dict, report: Report) -> dict[str, str]:
    """The documents' templates rendered (a template with problems left out, its problems
    reported). The others are partials, rendered only where included (with the includer's
    variables); each is compiled, so a syntax error is found even where nothing includes it."""
    env = _environment(templates)
    rendered = {}
    for name, template in templates.items():
        if name not in DOCUMENT_TEMPLATES:
            _compile(env, template, report)
        elif (text := _render(env, template, context, report)) is not None:
            rendered[name] = text
    return rendered


def _compile(env, template: Template, report: Report) -> None:
    try:
        env.get_template(template.name)
    except jinja2.TemplateSyntaxError as exc:
        _report_syntax(exc, template, report)


# Exceptions a template can raise while rendering, with the code they are reported under.
_RENDER_ERRORS = (
    (jinja2.TemplateNotFound, "E404", "no such template in the content's templates folder"),
    (jinja2.UndefinedError, "E402", "undefined in template"),
    (SecurityError, "E403", "not allowed in a template"),
    (jinja2.TemplateError, "E404", "template error"),
    ((ArithmeticError, LookupError, TypeError, ValueError, AttributeError, RecursionError,
      MemoryError), "E404", "template error"),
)


def _render(env, template: Template, context: dict, report: Report) -> str | None:
    try:
        compiled = env.get_template(template.name)
        return _render_capped(compiled, context, template, report)
    except jinja2.TemplateSyntaxError as exc:
        _report_syntax(exc, template, report)
    except Exception as exc:  # matched against the known kinds below; others propagate
        for kinds, code, label in _RENDER_ERRORS:
            if isinstance(exc, kinds):
                where = _error_loc(exc, template, env.annexgen_paths)
                report.add(where, code, f"{label}: {_describe(exc)}")
                return None
        raise
    return None


def _report_syntax(exc: jinja2.TemplateSyntaxError, template: Template, report: Report) -> None:
    path = exc.filename or template.path
    report.add(Loc(path, exc.lineno or 1), "E401", f"template syntax: {exc.message}")


def _describe(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, jinja2.TemplateError):
        return message
    return f"{type(exc).__name__}: {message}"


def _render_capped(compiled: jinja2.Template, context: dict, template: Template,
                   report: Report) -> str | None:
    parts, size = [], 0
    for chunk in compiled.generate(context):
        size += len(chunk)
        if size > MAX_TEMPLATE_OUTPUT_CHARS:
            report.add(Loc(template.path), "E206", "the template's output passes "
                       f"{MAX_TEMPLATE_OUTPUT_CHARS:,} characters (MAX_TEMPLATE_OUTPUT_CHARS)")
            return None
        parts.append(chunk)
    text = "".join(parts)
    bad = XML_ILLEGAL.search(text)
    if bad:
        report.add(Loc(template.path), "E205", f"the template's output contains the character "
                   f"U+{ord(bad.group()):04X} (from an escape in an expression?), which Word "
                   "and Excel files cannot hold")
        return None
    return text


def _error_loc(exc: BaseException, template: Template, paths: frozenset[str]) -> Loc:
    """The template line an exception was raised from (Jinja maps its frames to the source)."""
    where = Loc(template.path)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in paths and frame.lineno:
            where = Loc(frame.filename, frame.lineno)
    return where
