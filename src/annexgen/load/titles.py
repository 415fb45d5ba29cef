"""A title that is one text for every language, or a mapping of language tags to texts."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from annexgen.load import fields
from annexgen.load.fields import Ctx

# The languages a title may be given in: the six official languages of the United Nations,
# as the primary subtag of a BCP 47 tag (fr, zh-Hans, es-419).
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
_TAG = re.compile(r"^([a-z]{2,3})(?:-[a-z0-9]{2,8})*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Title:
    """The title in the document's language (None when it lacks one) and every title given,
    by language tag ("" for a plain string, the title in every language)."""

    text: str | None
    given: tuple[tuple[str, str], ...]


def primary(tag: str) -> str:
    """The language of a tag, lower case: zh for zh-Hans."""
    return tag.split("-")[0].strip().lower()


def read_title(ctx: Ctx, node: yaml.Node, what: str, language: str | None,
               noun: str = "title") -> Title:
    """The title of `node` (or another text given by language, named by `noun`): a string,
    or a mapping whose keys are language tags of LANGUAGES; the one for `language` (None:
    the first given) must be there."""
    if not isinstance(node, yaml.MappingNode):
        value = fields.text(ctx, node, what)
        return Title(value, () if value is None else (("", value),))
    given = _by_language(ctx, node, what)
    if not given:
        return Title(None, ())
    if language is None:
        return Title(given[0][1], tuple(given))
    chosen = pick(given, language)
    if chosen is None:
        ctx.error(node, "E203", f"{what} has no {noun} in {language!r}, document.yaml's "
                  f"language (it has {', '.join(tag for tag, _ in given)}); a {noun} is never "
                  "taken from another language")
    return Title(chosen, tuple(given))


def pick(given: list[tuple[str, str]], language: str) -> str | None:
    """The title for `language`: its own tag, else the one tag of the same language."""
    exact = [text for tag, text in given if tag.lower() == language.strip().lower()]
    if exact:
        return exact[0]
    same = [text for tag, text in given if primary(tag) == primary(language)]
    return same[0] if len(same) == 1 else None


def _by_language(ctx: Ctx, node: yaml.MappingNode, what: str) -> list[tuple[str, str]]:
    given: list[tuple[str, str]] = []
    for key, value in node.value:
        tag = key.value if isinstance(key, yaml.ScalarNode) else ""
        match = _TAG.match(tag)
        if match is None or match.group(1).lower() not in LANGUAGES:
            ctx.error(key, "E204", f"{what}: {tag!r} is not a language annexgen knows; "
                      f"give a language tag of {', '.join(LANGUAGES)} (fr, es, zh-Hans …)")
            continue
        if any(other.lower() == tag.lower() for other, _ in given):
            ctx.error(key, "E102", f"{what} is given in {tag!r} twice")
            continue
        text = fields.text(ctx, value, f"{what} in {tag!r}")
        if text is not None:
            given.append((tag, text))
    return given
