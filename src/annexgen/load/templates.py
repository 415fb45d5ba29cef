"""Renders the prose templates in Jinja2's sandbox with strict undefined variables."""

from __future__ import annotations

import traceback
from dataclasses import dataclass

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from annexgen.diagnostics import Loc, Report
from annexgen.limits import MAX_TEMPLATE_OUTPUT_CHARS
from annexgen.text import date_range, date_range_prose, day_month_year


@dataclass(frozen=True, slots=True)
class Template:
    """A template's source and the path it is reported under."""

    name: str
    path: str
    source: str


def pages(annex: str, cluster_id: str) -> str:
    """Markup for the pages of a cluster in an annex, filled in after layout."""
    return f"[[pages:{annex}:{cluster_id}]]"


def _environment(templates: dict[str, Template]) -> ImmutableSandboxedEnvironment:
    """A sandbox whose loader serves only the templates already read from the content."""
    by_name = {t.name: t for t in templates.values()}

    def load(name: str):
        template = by_name.get(name)
        return None if template is None else (template.source, template.path, lambda: True)

    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FunctionLoader(load), undefined=jinja2.StrictUndefined,
        autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
    )
    env.annexgen_paths = frozenset(t.path for t in templates.values())
    env.globals.update(pages=pages)
    env.filters.update(date_range=date_range, date_range_prose=date_range_prose,
                       date=day_month_year)
    return env


def render_all(templates: dict[str, Template], context: dict, report: Report) -> dict[str, str]:
    """Every template rendered; a template with problems is left out, its problems reported."""
    env = _environment(templates)
    rendered = {}
    for name, template in templates.items():
        text = _render(env, template, context, report)
        if text is not None:
            rendered[name] = text
    return rendered


# Exceptions a template can raise while rendering, with the code they are reported under.
_RENDER_ERRORS = (
    (jinja2.TemplateNotFound, "E404", "no such template in the content's templates folder"),
    (jinja2.UndefinedError, "E402", "undefined in template"),
    (SecurityError, "E403", "not allowed in a template"),
    (jinja2.TemplateError, "E404", "template error"),
    ((ArithmeticError, LookupError, TypeError, ValueError, AttributeError, RecursionError),
     "E404", "template error"),
)


def _render(env, template: Template, context: dict, report: Report) -> str | None:
    try:
        compiled = env.get_template(template.name)
        return _render_capped(compiled, context, template, report)
    except jinja2.TemplateSyntaxError as exc:
        path = exc.filename or template.path
        report.add(Loc(path, exc.lineno or 1), "E401", f"template syntax: {exc.message}")
    except Exception as exc:  # matched against the known kinds below; others propagate
        for kinds, code, label in _RENDER_ERRORS:
            if isinstance(exc, kinds):
                where = _error_loc(exc, template, env.annexgen_paths)
                report.add(where, code, f"{label}: {_describe(exc)}")
                return None
        raise
    return None


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
    return "".join(parts)


def _error_loc(exc: BaseException, template: Template, paths: frozenset[str]) -> Loc:
    """The template line an exception was raised from (Jinja maps its frames to the source)."""
    where = Loc(template.path)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in paths and frame.lineno:
            where = Loc(frame.filename, frame.lineno)
    return where
