"""The files of a new, small and valid exercise, as `annexgen init` writes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from annexgen.core.deliverables import Deliverable, Registry
from annexgen.core.errors import Refused
from annexgen.pipeline.plugins import STANDARD_PLUGINS, Plugins
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
prepared_by: the Secretariat
author: The Secretariat
# The meeting these papers are prepared for (cited in the footnotes, after "the": write its
# name without "the").
supports:
  name: "TO SET: the meeting these papers are for"
  city: "TO SET: its city"
  country: "TO SET: its country"
  # Dates are written YYYY-MM-DD; these are examples init made up: set the real ones.
  start: "2031-09-09"
  end: "2031-09-11"
language: en
# Printed on every deliverable until it says "final".
status: DRAFT
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
    title: Access to justice
    list: bullet
    topics:
      - id: legal-aid
        title: Legal aid for all
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
      Participants recommended that legal aid be extended to rural areas, so that
      everyone could have access to justice.
    topics:
      legal-aid: [legal aid, rural areas]
"""

PAPER = """\
{#- paper.md.j2: the snapshot paper. Markup: "#" title, "##" chapter, "###" section,
    "- " bullets and "1. " numbered items (two spaces more per level), **bold**,
    *italic*, ^superscript^, [^name] a footnote (defined below as "[^name]: text"),
    [text](url) or <url> links, "{.style}" at the start of a paragraph picks its style,
    and a line ending in "\\" breaks the line there. pages("annex-a", c.id) prints the
    pages of a cluster, read from the rendered annexes. See docs/templates.md. -#}
# {{ doc.title }}[^provenance]

## I. BACKGROUND

- The recommendations made at the {{ meetings | length | words }} meetings are
  reflected in their reports:
{% for m in meetings %}
  - *{{ m.symbol }} ({{ m.region }}; {{ m.place }}, {{ m.start | date_range(m.end) }})*\\
    <{{ m.url }}>{{ "." if loop.last else ";" }}
{% endfor %}

[^provenance]: Prepared by {{ doc.prepared_by }} for the {{ doc.supports.name }}, held in
  {{ doc.supports.city }}, {{ doc.supports.country }},
  {{ doc.supports.start | date_range_prose(doc.supports.end) }}.

## II. AN “INDEX” OF MAIN TOPICS
{% for c in clusters %}

### {{ c.letter }}. {{ c.title }}

{.see} *See: <see>*

{% for t in c.topics %}
{{ "%d." % t.number if c.numbered else "-" }} {{ t.title }}{{ "." if loop.last else ";" }}
{% endfor %}
{% endfor %}
"""

ANNEX = """\
{#- <file>: the opening of <X>; the outcomes follow, composed from the
    content. -#}
# <X>[^provenance]

<title>[^provenance]: <X> was prepared by {{ doc.prepared_by }} to group thematically the
  outcomes of the {{ meetings | length | words }} meetings for the {{ doc.congress }}.
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


class FolderNotEmpty(Refused):
    """`init` writes only into a new or empty folder."""


def skeleton_files(meetings: int, plugins: Plugins = STANDARD_PLUGINS,
                   with_styles: bool = False) -> dict[str, str]:
    """The exercise's files by path relative to its folder: its content/ (a template for each
    deliverable, a title in document.yaml for each that takes its title from there), a
    .gitignore for the out/ builds make beside it, and with `with_styles` a styles/ holding a
    copy of the shipped styles."""
    first = dt.date(2031, 1, 13)
    listed = "".join(
        MEETING.format(n=n, start=first + dt.timedelta(weeks=2 * (n - 1)),
                       end=first + dt.timedelta(weeks=2 * (n - 1), days=2))
        for n in range(1, meetings + 1))
    titles = "".join(TITLE.replace("<key>", plugin.deliverable.title_key)
                     .replace("<title>", plugin.starter_title or plugin.deliverable.title)
                     for plugin in plugins if plugin.deliverable.title_key)
    templates = {f"templates/{item.template_file}": _template(item, plugins.registry)
                 for item in plugins.registry}
    content = {
        "document.yaml": DOCUMENT + titles,
        "meetings.yaml": MEETINGS_HEAD + listed,
        "index.yaml": INDEX,
        "outcomes/region-1.yaml": OUTCOMES,
        **templates,
    }
    styles = {"styles/styles.yaml": STYLES_HEAD + (DEFAULT_STYLES / "styles.yaml").read_text(
        encoding="utf-8")} if with_styles else {}
    return {".gitignore": GITIGNORE, "README.md": README,
            **{f"content/{name}": text for name, text in content.items()},
            **styles}


def _template(item: Deliverable, registry: Registry) -> str:
    """The paper's template for what cites the annexes' pages (citing each), else the
    opening of an annex."""
    if item.cites_pages:
        return PAPER.replace("<see>", "; ".join(
            f'{annex.title}, {{{{ pages("{annex.name}", c.id) }}}}' for annex in registry.annexes))
    title = ANNEX_TITLE.replace("<key>", item.title_key) if item.title_key else ""
    return (ANNEX.replace("<file>", item.template_file).replace("<title>", title)
            .replace("<X>", item.title))


def write_skeleton(folder: Path, meetings: int, plugins: Plugins = STANDARD_PLUGINS,
                   with_styles: bool = False) -> list[Path]:
    """Writes the exercise into `folder` (created if missing); FolderNotEmpty otherwise."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "is not empty" if folder.is_dir() else "is a file"
        raise FolderNotEmpty(f"{folder} {what}; init writes only into a new or empty folder")
    written = []
    for relative, text in skeleton_files(meetings, plugins, with_styles).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
