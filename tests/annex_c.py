"""Annex C, plugged in by the tests: each cluster's outcomes meeting by meeting, bookmarked."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from annexgen.compose.headings import cluster_heading
from annexgen.compose.registry import Composition
from annexgen.compose.spans import outcome_spans
from annexgen.compose.word import WordDocument, bookmark_name
from annexgen.core.deliverables import Anchor, Deliverable
from annexgen.core.diagnostics import Report
from annexgen.core.model import Cluster, Corpus
from annexgen.core.richtext import Block, Span
from annexgen.pipeline.plugins import STANDARD_PLUGINS, Plugin, write_word
from annexgen.styles.model import Styles

ANNEX_C = Deliverable("annex-c", "annex-c", "docx", "Annex C", anchors="bookmark",
                      title_key="annex_c")

TEMPLATE = """\
# Annex C

{.annex-title} {{ doc.annex_c.title }}
"""
TITLE = "annex_c:\n  title: The outcomes of each cluster, meeting by meeting\n"


def compose_annex_c(corpus: Corpus, _styles: Styles, _report: Report) -> WordDocument:
    prose, document = corpus.prose[ANNEX_C.template], corpus.document
    blocks = list(prose.blocks)
    for index, cluster in enumerate(corpus.clusters):
        blocks += _cluster_blocks(corpus, cluster, first=index == 0)
    name = corpus.words.deliverable[ANNEX_C.name]
    return WordDocument(
        name=ANNEX_C.name, title=f"{name}: {document.annex_c.title}",
        blocks=tuple(blocks), footnotes=prose.footnotes, header_left=document.short_title,
        header_right=name, marking=document.marking, page_words=corpus.words.pages,
        language=corpus.words.word_language)


def _cluster_blocks(corpus: Corpus, cluster: Cluster, first: bool) -> list[Block]:
    mark = bookmark_name("c", cluster.id)
    blocks = [Block("h1", (Span(cluster_heading(cluster)),), page_break_before=not first,
                    bookmarks=(mark,))]
    for meeting in corpus.meetings:
        placed = [(outcome, topic_id) for outcome in corpus.outcomes
                  if outcome.meeting_id == meeting.id
                  and (topic_id := _first_topic_in(outcome, cluster)) is not None]
        if placed:
            blocks.append(Block("h23", (Span(meeting.heading),)))
            blocks += [Block("outcome", tuple(outcome_spans(outcome, topic_id, corpus.words)))
                       for outcome, topic_id in placed]
    blocks[-1] = replace(blocks[-1], bookmark_ends=(mark,))
    return blocks


def _first_topic_in(outcome, cluster: Cluster) -> str | None:
    """The first of the cluster's topics the outcome is placed under (its key phrases)."""
    ids = {topic.id for topic in cluster.topics}
    return next((p.topic_id for p in outcome.placements if p.topic_id in ids), None)


def annex_c_anchors(corpus: Corpus, _model: WordDocument) -> tuple[Anchor, ...]:
    return tuple(Anchor(cluster.id, cluster_heading(cluster), bookmark_name("c", cluster.id))
                 for cluster in corpus.clusters)


ANNEX_C_PLUGIN = Plugin(Composition(ANNEX_C, compose_annex_c, annex_c_anchors), write_word,
                        starter_title="The outcomes of each cluster, meeting by meeting")
WITH_ANNEX_C = STANDARD_PLUGINS.adding(ANNEX_C_PLUGIN)


def content_with_annex_c(source: Path, target: Path) -> Path:
    """A copy of a content folder with Annex C's template and title."""
    shutil.copytree(source, target)
    (target / "templates" / ANNEX_C.template_file).write_text(TEMPLATE)
    with open(target / "document.yaml", "a", encoding="utf-8") as document:
        document.write(TITLE)
    return target


def catalogues_naming_annex_c(folder: Path) -> Path:
    """annexgen's catalogues of words, each naming Annex C too (a deliverable plugged in
    brings its printed name in every language it is built in)."""
    from annexgen.core import words

    folder.mkdir(parents=True, exist_ok=True)
    for catalogue in words.CATALOGUES.iterdir():
        if catalogue.name.endswith(".yaml"):
            text = catalogue.read_text("utf-8")
            (folder / catalogue.name).write_text(
                text.replace("\ndeliverable:\n", "\ndeliverable:\n  annex-c: Annex C\n", 1),
                "utf-8")
    return folder
