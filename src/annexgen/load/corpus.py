"""Reads the whole content folder, then resolves and validates it as one corpus."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from annexgen.core.deliverables import STANDARD, Registry
from annexgen.core.diagnostics import ContentError, Loc, Report
from annexgen.core.model import Cluster, Corpus, DocumentSet, Meeting, Outcome
from annexgen.core.words import Words, WordsError, load_words
from annexgen.load import schema
from annexgen.load.fields import Ctx
from annexgen.load.files import (
    OUTCOMES_DIR,
    TEMPLATES_DIR,
    ContentFolder,
    open_folder,
)
from annexgen.load.outcomes import meeting_of, read_outcome_file
from annexgen.load.prose import check_cluster_references, parse_prose
from annexgen.load.templates import Template, render_all, template_context
from annexgen.load.validate import check_corpus
from annexgen.load.yamlio import report_illegal_characters


def load_corpus(content_dir: Path, report: Report | None = None,
                overlay: dict[str, str] | None = None, shown: str | None = None,
                registry: Registry = STANDARD) -> Corpus:
    """The validated corpus of the registry's deliverables (with the overlay's files as they
    are about to be written); raises ContentError carrying every problem found (each file
    named under `shown`, by default the folder's path)."""
    report = report if report is not None else Report()
    corpus = _read(content_dir, report, overlay, shown, registry)
    if report.errors or corpus is None:
        raise ContentError(report)
    return corpus


@dataclass(frozen=True, slots=True)
class Mapping:
    """The exercise without its templates: what an import reads and extends."""

    folder: ContentFolder
    document: DocumentSet
    meetings: tuple[Meeting, ...]
    clusters: tuple[Cluster, ...]
    outcomes: tuple[Outcome, ...]
    # Each meeting's outcome files (relative to the folder), empty ones included.
    files_by_meeting: dict[str, tuple[str, ...]]


def load_mapping(content_dir: Path, report: Report, overlay: dict[str, str] | None = None,
                 registry: Registry = STANDARD) -> Mapping:
    """The checked YAML files of the content folder (with the overlay's files as they are
    about to be written); raises ContentError on any error."""
    folder = open_folder(content_dir, report, overlay)
    if folder is None:
        raise ContentError(report)
    document, meetings, clusters, (outcomes, files) = _read_yaml(folder, report, registry)
    if report.errors or document is None or meetings is None or clusters is None:
        raise ContentError(report)
    return Mapping(folder, document, tuple(meetings), tuple(clusters), tuple(outcomes),
                   files)


def _read_yaml(folder: ContentFolder, report: Report, registry: Registry):
    document = _read_one(folder, "document.yaml", functools.partial(
        schema.read_document, title_keys=registry.title_keys), report)
    meetings = _read_one(folder, "meetings.yaml", schema.read_meetings, report)
    language = document.language if document is not None else None
    clusters = _read_one(folder, "index.yaml", functools.partial(
        schema.read_index, language=language), report)
    outcomes, files = _read_outcomes(folder, report)
    # References into a file that could not be read would only repeat its problem.
    check_corpus(meetings, clusters, outcomes, report)
    return document, meetings, clusters, (outcomes, files)


def _read(content_dir: Path, report: Report, overlay: dict[str, str] | None,
          shown: str | None, registry: Registry) -> Corpus | None:
    folder = open_folder(content_dir, report, overlay, shown)
    if folder is None:
        return None
    document, meetings, clusters, (outcomes, _) = _read_yaml(folder, report, registry)
    words = read_words(document, registry, report) if document is not None else None
    if clusters is not None and words is not None:
        clusters = lettered(clusters, words)
    templates = _read_templates(folder, report, registry)
    # The templates are checked in the same run, rendered when what they print was read.
    known = (document is not None and meetings is not None and clusters is not None
             and words is not None)
    context = template_context(document, meetings, clusters) if known else None
    rendered = render_all(templates, context, words, registry, report)
    cluster_ids = {c.id for c in clusters or ()}
    prose = {
        name: parse_prose(name, text, templates, cluster_ids, registry.annex_names, report)
        for name, text in rendered.items()
    }
    if not known or words is None or report.errors:
        return None
    for citing in registry.citing:
        if citing.template in prose:
            check_cluster_references(prose[citing.template], clusters, registry.annex_names,
                                     templates[citing.template].path, report)
    order = {meeting.id: position for position, meeting in enumerate(meetings)}
    outcomes.sort(key=lambda o: (order[o.meeting_id], o.first_para))
    return Corpus(document, tuple(meetings), tuple(clusters), tuple(outcomes), prose, words)


def lettered(clusters: list[Cluster], words: Words) -> list[Cluster]:
    """The clusters with their letters and headings in the document's words."""
    relettered = []
    for position, cluster in enumerate(clusters):
        letter, heading = words.sections.of(position, cluster.title)
        relettered.append(dataclasses.replace(cluster, letter=letter, heading=heading))
    return relettered


def read_words(document: DocumentSet, registry: Registry, report: Report) -> Words | None:
    """The fixed words of the document's language, with a name for each annex of the
    registry; every problem of its catalogue is reported at document.yaml's `language`
    (E310)."""
    try:
        words = load_words(document.language)
    except WordsError as exc:
        for problem in exc.problems:
            report.add(document.language_loc, "E310", problem)
        return None
    unnamed = [name for name in registry.annex_names if name not in words.deliverable]
    for name in unnamed:
        report.add(document.language_loc, "E310", f"the words of {document.language!r} lack "
                   f"'deliverable.{name}', the printed name of the deliverable {name!r}")
    return None if unnamed else words


def _read_one(folder: ContentFolder, name: str, reader, report: Report):
    source = folder.yaml(name, report)
    if source is None or source.root is None:
        return None
    _report_values_to_set(Ctx(source, report), source.root)
    return reader(Ctx(source, report), source.root)


def left_to_set(value: str) -> bool:
    """Whether a value is still as init wrote it: "TO SET: the paper's title", or in a web
    address the path /TO-SET/."""
    return value.startswith("TO SET:") or "/TO-SET/" in value


def _report_values_to_set(ctx: Ctx, node) -> None:
    """W510 at each value still as init wrote it."""
    if isinstance(node, yaml.ScalarNode) and left_to_set(node.value):
        ctx.report.add(ctx.loc(node), "W510", f"still as annexgen init wrote it "
                       f"({node.value!r}): write the real value")
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            _report_values_to_set(ctx, value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _report_values_to_set(ctx, item)


def _read_outcomes(folder: ContentFolder,
                   report: Report) -> tuple[list[Outcome], dict[str, tuple[str, ...]]]:
    outcomes: list[Outcome] = []
    files: dict[str, tuple[str, ...]] = {}
    if not (folder.root / OUTCOMES_DIR).is_dir() and not folder.overlay:
        report.add(Loc(folder.show(OUTCOMES_DIR)), "E106", "the outcomes folder is missing "
                   "(one YAML file per meeting goes there)")
    for relative in folder.outcome_files(report):
        source = folder.yaml(relative, report)
        if source is not None and source.root is not None:
            outcomes.extend(read_outcome_file(Ctx(source, report), source.root))
            meeting_id = meeting_of(source.root)
            if meeting_id is not None:
                files[meeting_id] = (*files.get(meeting_id, ()), relative)
    return outcomes, files


def _read_templates(folder: ContentFolder, report: Report,
                    registry: Registry) -> dict[str, Template]:
    """The templates by name (each deliverable's and any they include)."""
    names = set(folder.listing(TEMPLATES_DIR, ".j2"))
    names |= {f"{TEMPLATES_DIR}/{item.template_file}" for item in registry}
    templates = {}
    for relative in sorted(names):
        text = folder.read(relative, report)
        if text is not None and not report_illegal_characters(text, folder.show(relative),
                                                              report):
            name = relative.removeprefix(f"{TEMPLATES_DIR}/")
            # Jinja reads \r\n as one line break; so do the positions reported in it.
            source = text.replace("\r\n", "\n")
            templates[name.removesuffix(".md.j2")] = Template(name, folder.show(relative),
                                                              source)
    return templates
