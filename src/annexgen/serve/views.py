"""What each page shows, made from the workspace: the queue and its progress, one outcome
with its topics and marked phrases, Annex A's order, the matrix and the problems."""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from annexgen.api import Workspace, right_to_left
from annexgen.core.deliverables import ANNEX_A, STANDARD
from annexgen.core.diagnostics import Diagnostic
from annexgen.core.model import Outcome, Topic


@dataclass(frozen=True, slots=True)
class Written:
    """The `lang` and `dir` attributes of an element, as a template writes them into its
    tag: `<div {{ written }}>`."""

    language: str
    direction: str  # "ltr", "rtl" or "auto" (the browser tells from the text itself)

    def __html__(self) -> str:
        return f'lang="{html.escape(self.language)}" dir="{self.direction}"'

    @property
    def typed(self) -> Written:
        """For a box the reviewer types into, empty at first (its placeholder is in the
        interface's language): its direction follows what is typed."""
        return Written(self.language, "auto")


# A quotation in a message: Python's repr of a string ('…' or "…", as the checks write
# them) or curly double quotes; an apostrophe inside a word (topic's) starts none.
_QUOTED = re.compile(r"""(?<!\w)(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|“[^”\n]*”)(?!\w)""")


@dataclass(frozen=True, slots=True)
class Said:
    """An English sentence quoting the content (a heading, words of the text), or a
    diagnostic with its file, as a template writes it: each quotation and the file's name in
    a `<bdi>` of its own, so that an Arabic one does not turn the English sentence round."""

    said: str | Diagnostic

    def __html__(self) -> str:
        if isinstance(self.said, Diagnostic):
            found = self.said
            return (f"<bdi>{html.escape(str(found.loc))}</bdi>: {html.escape(found.code)}: "
                    f"{Said(found.message).__html__()}")
        pieces, at = [], 0
        for quoted in _QUOTED.finditer(self.said):
            pieces += [html.escape(self.said[at:quoted.start()]),
                       f"<bdi>{html.escape(quoted.group())}</bdi>"]
            at = quoted.end()
        return "".join([*pieces, html.escape(self.said[at:])])


# The workbench's own words (labels, buttons, messages) are English, left to right, whatever
# the content's language: a translation of the interface changes this.
INTERFACE = Written("en", "ltr")


def written(workspace: Workspace) -> Written:
    """How an element showing the content's own text (an outcome, a phrase, a title, a
    meeting) declares it: the document's language, right to left when that language is
    written so, else "auto" (an English document may quote Arabic)."""
    language = workspace.document.language
    return Written(language, "rtl" if right_to_left(language) else "auto")


# Topics take the stylesheet's highlight colours in turn (c0 … c8: light enough for black
# text at WCAG AA contrast).
COLOURS = 9


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of an outcome's text: plain, or a key phrase of one or more topics."""

    text: str
    start: int
    end: int
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TopicLine:
    """A topic as the outcome panel lists it: its key (1–9), whether it is accepted or only
    suggested, its colour, and the phrases (suggested ones for a suggestion)."""

    key: int
    topic: Topic
    accepted: bool
    colour: str


@dataclass(frozen=True, slots=True)
class Progress:
    reviewed: int
    waiting: int
    per_meeting: tuple[tuple[str, int, int], ...]  # meeting heading, reviewed, waiting

    @property
    def done(self) -> bool:
        return self.waiting == 0


def topics_by_id(workspace: Workspace) -> dict[str, Topic]:
    return {topic.id: topic for cluster in workspace.clusters for topic in cluster.topics}


def topic_named(workspace: Workspace, typed: str) -> str:
    """The topic id someone typed or picked: an id as it is, else the topic whose title is
    what was typed (ignoring case), else the one topic whose id or title starts with it; what
    matches none (or several) is passed on for the check to refuse with its suggestions."""
    wanted = " ".join(typed.split()).casefold()
    topics = topics_by_id(workspace).values()
    if not wanted or any(topic.id == typed for topic in topics):
        return typed
    titled = [t.id for t in topics if t.title.casefold() == wanted]
    started = [t.id for t in topics
               if t.id.startswith(wanted) or t.title.casefold().startswith(wanted)]
    found = titled or started
    return found[0] if len(found) == 1 else typed


def colour_of(workspace: Workspace) -> dict[str, str]:
    """Each topic's highlight class, in the index's order."""
    order = [topic.id for cluster in workspace.clusters for topic in cluster.topics]
    return {topic_id: f"c{index % COLOURS}" for index, topic_id in enumerate(order)}


def progress(workspace: Workspace, outcomes: list[Outcome]) -> Progress:
    waiting = Counter(o.meeting_id for o in outcomes if o.suggested)
    every = Counter(o.meeting_id for o in outcomes)
    rows = tuple((m.heading, every[m.id] - waiting[m.id], waiting[m.id])
                 for m in workspace.meetings)
    total = sum(waiting.values())
    return Progress(len(outcomes) - total, total, rows)


def topic_lines(workspace: Workspace, outcome: Outcome) -> list[TopicLine]:
    """The outcome's accepted topics, then its suggested ones, numbered 1, 2, … for keys."""
    known, colours = topics_by_id(workspace), colour_of(workspace)
    accepted = [p.topic_id for p in outcome.placements if p.topic_id in known]
    suggested = [t for t in outcome.suggested if t in known and t not in accepted]
    return [TopicLine(index, known[topic_id], topic_id in accepted, colours[topic_id])
            for index, topic_id in enumerate([*accepted, *suggested], start=1)]


def pieces(outcome: Outcome) -> list[Piece]:
    """The text cut where key phrases begin and end, each piece with the topics marking it."""
    marks = [(phrase.start, phrase.end, placement.topic_id)
             for placement in outcome.placements for phrase in placement.phrases]
    cuts = sorted({0, len(outcome.text), *(s for s, _, _ in marks), *(e for _, e, _ in marks)})
    found = []
    for start, end in itertools.pairwise(cuts):
        topics = tuple(t for s, e, t in marks if s <= start and end <= e)
        found.append(Piece(outcome.text[start:end], start, end, topics))
    return found


def neighbours(outcomes: list[Outcome], outcome_id: str) -> tuple[str | None, str | None,
                                                                   str | None]:
    """The previous and next outcome in report order, and the next one waiting for review
    (after this one, else from the start)."""
    ids = [o.id for o in outcomes]
    at = ids.index(outcome_id)
    before = ids[at - 1] if at > 0 else None
    after = ids[at + 1] if at + 1 < len(ids) else None
    later = [o.id for o in outcomes[at + 1:] + outcomes[:at] if o.suggested]
    return before, after, (later[0] if later else None)


def pages_of(workspace: Workspace, outcome: Outcome,
             published: dict[tuple[str, str], tuple[int, int]]) -> list[tuple[str, int, int]]:
    """Where the outcome is printed in Annex A as out/ holds it now: (cluster title, first
    page, last page) of each cluster it is placed in (its pages hold the outcome)."""
    cluster_of = {topic.id: cluster for cluster in workspace.clusters for topic in cluster.topics}
    found = []
    for placement in outcome.placements:
        cluster = cluster_of.get(placement.topic_id)
        span = published.get((ANNEX_A.name, cluster.id)) if cluster else None
        if cluster is not None and span and (cluster.title, *span) not in found:
            found.append((cluster.title, *span))
    return found


def first_to_review(outcomes: list[Outcome]) -> str | None:
    waiting = [o.id for o in outcomes if o.suggested]
    return waiting[0] if waiting else (outcomes[0].id if outcomes else None)


@dataclass(frozen=True, slots=True)
class Located:
    """A diagnostic with the outcome it stands in, if it stands in one."""

    diagnostic: Diagnostic
    outcome_id: str | None


def located(workspace: Workspace, diagnostics: tuple[Diagnostic, ...]) -> list[Located]:
    """Each diagnostic with the outcome whose lines hold it (the last entry starting at or
    before its line in its file)."""
    starts: dict[str, list[tuple[int, str]]] = {}
    for outcome in workspace.outcomes():
        starts.setdefault(outcome.loc.path, []).append((outcome.loc.line, outcome.id))
    found = []
    for diagnostic in diagnostics:
        entries = sorted(starts.get(diagnostic.loc.path, []))
        before = [outcome_id for line, outcome_id in entries if line <= diagnostic.loc.line]
        found.append(Located(diagnostic, before[-1] if before else None))
    return found


def annex_a_order(workspace: Workspace, outcomes: list[Outcome]):
    """Cluster → topic → the outcomes under it, meeting by meeting, as Annex A prints them."""
    by_topic: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        for placement in outcome.placements:
            by_topic.setdefault(placement.topic_id, []).append(outcome)
    return [(cluster, [(topic, by_topic.get(topic.id, [])) for topic in cluster.topics])
            for cluster in workspace.clusters]


def matrix(workspace: Workspace, outcomes: list[Outcome]):
    """Topic rows by cluster, and for each meeting the outcomes placed there (an empty
    list is an empty cell of Annex B)."""
    cells: dict[tuple[str, str], list[Outcome]] = {}
    for outcome in outcomes:
        for placement in outcome.placements:
            cells.setdefault((placement.topic_id, outcome.meeting_id), []).append(outcome)
    return [(cluster, [(topic, [cells.get((topic.id, m.id), []) for m in workspace.meetings])
                       for topic in cluster.topics])
            for cluster in workspace.clusters]


def rendered_pdfs() -> list[tuple[str, str]]:
    """(file name, what it is) of each PDF the deliverables have."""
    return [(item.pdf, item.title) for item in STANDARD if item.rendered]
