"""The files of a new, small and valid exercise, as `annexgen init` writes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from annexgen.core.deliverables import Deliverable, Registry
from annexgen.core.errors import Refused
from annexgen.core.words import Words, catalogue_for, fill, languages, load_words
from annexgen.pipeline.plugins import STANDARD_PLUGINS, Plugins
from annexgen.pipeline.starters import STARTERS, Starter
from annexgen.styles.load import DEFAULT_STYLES

DOCUMENT = """\
# document.yaml: what the three deliverables say about themselves. Printed in the paper's
# title and footnotes, in the annexes' headings, and in the files' properties.
# A value that starts with "TO SET" is one init could not know: check warns (W510) until
# each says what it should.
title: "TO SET: the paper's title"
short_title: "TO SET: its short title, printed in the running heads"
# What the meetings prepare, printed after "the" in the annexes' footnotes ("for the
# Fourteenth Congress"): write it without "the".
congress: "TO SET: the conference or session the meetings prepare"
prepared_by: <prepared_by>
author: <author>
# The meeting these papers are prepared for (cited in the footnotes, after "the": write its
# name without "the").
supports:
  name: "TO SET: the meeting these papers are for"
  city: "TO SET: its city"
  country: "TO SET: its country"
  # Dates are written YYYY-MM-DD; these are examples init made up: set the real ones.
  start: "2031-09-09"
  end: "2031-09-11"
language: <language>
# Printed on every deliverable until it says "final".
status: <status>
# The date stamped into the files, so that the same content always gives the same bytes.
date: "2031-09-01"
"""

TITLE = """\
<key>:
  title: <title>
"""

MEETINGS_HEAD = """\
# meetings.yaml: the meetings whose outcomes are mapped, in the order of the paper's list
# and of Annex B's columns. Each gets one file of outcomes in outcomes/ (named as you like,
# saying `meeting: ID`). Add `cite_country: true` to cite a venue with its country, and
# `other_issues_section: TITLE` (or null) where a report's "Other issues" is named otherwise.
meetings:
"""

MEETING = """\
  - id: region-{n}
    region: "TO SET: the region of meeting {n}"
    name: "TO SET: the name of meeting {n}"
    # The symbol its report prints: annexgen import finds the meeting of a report by it.
    symbol: "TO SET: its report's symbol, like A/CONF.000/RPM.{n}/1"
    city: "TO SET: city"
    country: "TO SET: country"
    # Example dates init made up (YYYY-MM-DD): set the meeting's own.
    start: "{start}"
    end: "{end}"
    url: https://example.org/TO-SET/report-{n}
"""

INDEX = """\
# index.yaml: the index of the paper (its section III) and the rows of both annexes.
# Clusters in order (lettered A, B, ... in that order), each with its topics; `list` says
# how the paper lists a cluster's topics: bullet, or number.
clusters:
  - id: access-to-justice
    title: <cluster>
    list: bullet
    topics:
      - id: legal-aid
        title: <topic>
"""

OUTCOMES = """\
# One file per meeting: each outcome of its report once, with its paragraph number (or
# "12-14" for several), its text, and under each topic it serves the key phrases to
# highlight there (found exactly, once, as whole words).
meeting: region-1
outcomes:
  - id: rpm1-legal-aid
    para: 12
    text: >-
      <outcome>
    topics:
      legal-aid: [<phrases>]
"""

PAPER = """\
{#- paper.md.j2: the snapshot paper. Markup: "#" title, "##" chapter, "###" section,
    "- " bullets and "1. " numbered items (two spaces more per level), **bold**,
    *italic*, ^superscript^, [^name] a footnote (defined below as "[^name]: text"),
    [text](url) or <url> links, "{.style}" at the start of a paragraph picks its style,
    and a line ending in "\\" breaks the line there. pages("annex-a", c.id) prints the
    pages of a cluster, read from the rendered annexes. See docs/templates.md. -#}
# {{ doc.title }}[^provenance]

## <background>

- <reports>
{% for m in meetings %}
  - *{{ m.symbol }} ({{ m.region }}; {{ m.place }}, {{ m.start | date_range(m.end) }})*\\
    <{{ m.url }}>{{ "." if loop.last else ";" }}
{% endfor %}

[^provenance]: <provenance>

## <index>
{% for c in clusters %}

### {{ c.heading }}

{.see} *<see>*

{% for t in c.topics %}
{{ "%d." % t.number if c.numbered else "-" }} {{ t.title }}{{ "." if loop.last else ";" }}
{% endfor %}
{% endfor %}
"""

ANNEX = """\
{#- <file>: the opening of <X>; the outcomes follow, composed from the
    content. -#}
# <X>[^provenance]

<title>[^provenance]: <annex-note>
"""

ANNEX_TITLE = """\
{.annex-title} {{ doc.<key>.title }}

"""


GITIGNORE = """\
# What annexgen builds from content/ is made again at every build: keep it out of git.
out/
# Lock files Word and LibreOffice leave beside an open file.
~$*
.~lock.*#
"""

STYLES_HEAD = """\
# This exercise's own copy of the styles annexgen ships: annexgen uses it, not them, for
# the content folder beside it (a --styles folder given on the command line comes first).

"""


README = """\
# A new annexgen exercise

- `content/`: what the deliverables say. Start with `document.yaml` and `meetings.yaml`
  (every value marked "TO SET" is yours to write; `annexgen check` lists those left),
  then `index.yaml` (clusters and topics) and one file per meeting in `content/outcomes/`,
  or import the meetings' reports with `annexgen import REPORT.docx --content .`.
- `out/`: what `annexgen build --content .` makes (three files and their PDFs); never
  edit it by hand, it is made again at every build.
- `styles/`, when there is one: this exercise's fonts, sizes and spacing.

From this folder: `annexgen check --content .`, then `annexgen build --content .`
(add `--strict` for the build you send out: warnings count as errors). `annexgen` is found
once its environment is active (`. PATH/TO/annexgen/.venv/bin/activate`) or when it was
installed with `pipx install` or `uv tool install`. To compare versions with `annexgen
diff`, keep this folder in git (`git init`, then commit each version).
"""


# The English skeleton, as init has always written it (its test keeps it byte for byte).
ENGLISH = Starter(
    status="DRAFT", prepared_by="the Secretariat", author="The Secretariat",
    background="I. BACKGROUND", index="II. AN “INDEX” OF MAIN TOPICS",
    reports="The recommendations made at the {{ meetings | length | words }} meetings are\n"
            "  reflected in their reports:",
    provenance="Prepared by {{ doc.prepared_by }} for the {{ doc.supports.name }}, held in\n"
               "  {{ doc.supports.city }}, {{ doc.supports.country }},\n"
               "  {{ doc.supports.start | date_range_prose(doc.supports.end) }}.",
    annex_note="<X> was prepared by {{ doc.prepared_by }} to group thematically the\n"
               "  outcomes of the {{ meetings | length | words }} meetings for the "
               "{{ doc.congress }}.",
    cluster="Access to justice", topic="Legal aid for all",
    outcome="Participants recommended that legal aid be extended to rural areas, so that\n"
            "      everyone could have access to justice.",
    phrases=("legal aid", "rural areas"))


class FolderNotEmpty(Refused):
    """`init` writes only into a new or empty folder."""


class NoSuchLanguage(Refused):
    """`init --language` names a language annexgen has no words or starter text for."""


def starter_for(language: str) -> tuple[str, Starter, Words]:
    """The catalogue's tag, the example text and the words of `language` (a BCP 47 tag, found
    as the catalogues are: fr-FR is fr); NoSuchLanguage when annexgen has none."""
    name = catalogue_for(language, languages())
    if name is None or (name != "en" and name not in STARTERS):
        known = ", ".join(sorted({"en", *STARTERS}))
        raise NoSuchLanguage(f"init has no skeleton in {language!r} (it has {known})")
    return name, STARTERS.get(name, ENGLISH), load_words(name)


def _filled(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace(f"<{name}>", value)
    return text


def skeleton_files(meetings: int, plugins: Plugins = STANDARD_PLUGINS,
                   with_styles: bool = False, language: str = "en") -> dict[str, str]:
    """The exercise's files by path relative to its folder: its content/ (a template for each
    deliverable, a title in document.yaml for each that takes its title from there), a
    .gitignore for the out/ builds make beside it, and with `with_styles` a styles/ holding a
    copy of the shipped styles. In `language` its templates' and examples' text is the
    starter's (pipeline/starters.py), the fixed words are the catalogue's; the comments stay
    English."""
    tag, starter, words = starter_for(language)
    values = {"language": language, "status": starter.status, "author": starter.author,
              "prepared_by": starter.prepared_by, "cluster": starter.cluster,
              "topic": starter.topic, "outcome": starter.outcome,
              "phrases": ", ".join(starter.phrases), "background": starter.background,
              "reports": starter.reports, "provenance": starter.provenance,
              "index": starter.index}
    first = dt.date(2031, 1, 13)
    listed = "".join(
        MEETING.format(n=n, start=first + dt.timedelta(weeks=2 * (n - 1)),
                       end=first + dt.timedelta(weeks=2 * (n - 1), days=2))
        for n in range(1, meetings + 1))
    titles = "".join(TITLE.replace("<key>", plugin.deliverable.title_key)
                     .replace("<title>", starter.titles.get(plugin.deliverable.title_key)
                              or plugin.starter_title or plugin.deliverable.title)
                     for plugin in plugins if plugin.deliverable.title_key)
    templates = {f"templates/{item.template_file}":
                 _filled(_template(item, plugins.registry, words, tag), values)
                 for item in plugins.registry}
    content = {
        "document.yaml": _filled(DOCUMENT, values) + titles,
        "meetings.yaml": MEETINGS_HEAD + listed,
        "index.yaml": _filled(INDEX, values),
        "outcomes/region-1.yaml": _filled(OUTCOMES, values),
        **templates,
    }
    styles = {"styles/styles.yaml": STYLES_HEAD + (DEFAULT_STYLES / "styles.yaml").read_text(
        encoding="utf-8")} if with_styles else {}
    return {".gitignore": GITIGNORE, "README.md": README,
            **{f"content/{name}": text for name, text in content.items()},
            **styles}


def _template(item: Deliverable, registry: Registry, words: Words, tag: str) -> str:
    """The paper's template for what cites the annexes' pages (citing each), else the
    opening of an annex, named in the catalogue's words (English: as init always wrote
    them; another language cites the pages with see_pages, which words them at build)."""
    if item.cites_pages:
        return PAPER.replace("<see>", _see(registry, words) if tag == "en" else
                             "{{ see_pages(c) }}")
    title = ANNEX_TITLE.replace("<key>", item.title_key) if item.title_key else ""
    name = item.title if tag == "en" else words.deliverable.get(item.name, item.title)
    return (ANNEX.replace("<file>", item.template_file).replace("<title>", title)
            .replace("<annex-note>", STARTERS.get(tag, ENGLISH).annex_note).replace("<X>", name))


def _see(registry: Registry, words: Words) -> str:
    """The English paper's "See: Annex A, {{ pages(…) }}; Annex B, …", on one line."""
    return fill(words.see_pages.see, references=f"{words.see_pages.separator} ".join(
        fill(words.see_pages.reference, annex=annex.title,
             pages=f'{{{{ pages("{annex.name}", c.id) }}}}') for annex in registry.annexes))


def write_skeleton(folder: Path, meetings: int, plugins: Plugins = STANDARD_PLUGINS,
                   with_styles: bool = False, language: str = "en") -> list[Path]:
    """Writes the exercise into `folder` (created if missing); FolderNotEmpty otherwise."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "is not empty" if folder.is_dir() else "is a file"
        raise FolderNotEmpty(f"{folder} {what}; init writes only into a new or empty folder")
    written = []
    files = skeleton_files(meetings, plugins, with_styles, language)
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
