"""The content model: immutable records of meetings, clusters, topics and outcomes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from annexgen.core.diagnostics import Loc
from annexgen.core.richtext import Block, PageRef
from annexgen.core.words import Words

FINAL_STATUS = "final"


@dataclass(frozen=True, slots=True)
class Event:
    """A meeting's place and dates."""

    name: str
    city: str
    country: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class Annex:
    """An annex's title (its heading and footnote come from its template)."""

    title: str


@dataclass(frozen=True, slots=True)
class ReportSections:
    """The headings of the meeting reports under which outcomes stand (take) and under
    which they do not (skip); an exercise sets them when its reports word them otherwise."""

    take: tuple[str, ...] | None
    skip: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class DocumentSet:
    """Metadata shared by the deliverables."""

    title: str
    short_title: str
    congress: str
    prepared_by: str
    author: str
    supports: Event
    language: str
    status: str
    date: dt.date
    # The `title:` records of document.yaml by key (annex_a, annex_b, …), one for each
    # deliverable that declares its title there; `doc.annex_a` reads them (so do templates).
    annexes: Mapping[str, Annex] = field(metadata={"keys_as_attributes": True})
    language_loc: Loc = field(compare=False)  # where `language` is written
    report_sections: ReportSections = ReportSections(None, None)
    symbol: str | None = None  # the document symbol, when the set has one (its properties)

    def __getattr__(self, name: str) -> Annex:
        annexes = {} if name == "annexes" else self.annexes  # (while it is being unpickled)
        if name not in annexes:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return annexes[name]

    @property
    def is_final(self) -> bool:
        return self.status.strip().lower() == FINAL_STATUS

    @property
    def marking(self) -> str | None:
        """The status text printed on every deliverable, or None when final."""
        return None if self.is_final else self.status


@dataclass(frozen=True, slots=True)
class Meeting:
    """A regional preparatory meeting and its report."""

    id: str
    region: str
    name: str
    symbol: str
    city: str
    country: str
    cite_country: bool
    start: dt.date
    end: dt.date
    url: str
    other_issues_section: str | None
    loc: Loc = field(compare=False)

    @property
    def place(self) -> str:
        """The venue as the paper cites it."""
        return f"{self.city}, {self.country}" if self.cite_country else self.city

    @property
    def heading(self) -> str:
        """The region and report symbol, as the annexes head the meeting's outcomes."""
        return f"{self.region} ({self.symbol})"


@dataclass(frozen=True, slots=True)
class Topic:
    """A main topic/issue of a cluster; its number is its position (from 1)."""

    id: str
    number: int
    title: str
    cluster_id: str
    loc: Loc = field(compare=False)
    # Every title given, by language tag ("" for one title in every language).
    titles: tuple[tuple[str, str], ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class Cluster:
    """A section of the index (A, B, ...) and of both annexes."""

    id: str
    letter: str
    title: str
    theme: str | None
    list_style: str
    topics: tuple[Topic, ...]
    loc: Loc = field(compare=False)
    # Every title given, by language tag ("" for one title in every language).
    titles: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    # "A. Access to justice": in the document's words once they are read (load/corpus.py).
    heading: str = field(default="", compare=False)

    @property
    def numbered(self) -> bool:
        return self.list_style == "number"


@dataclass(frozen=True, slots=True)
class KeyPhrase:
    """A phrase to highlight, as a character range of its outcome's text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Placement:
    """An outcome placed under one topic, with that topic's key phrases."""

    topic_id: str
    phrases: tuple[KeyPhrase, ...]
    loc: Loc = field(compare=False)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One recommendation of a meeting, written once, placed under one or more topics."""

    id: str
    meeting_id: str
    first_para: int
    last_para: int
    text: str
    placements: tuple[Placement, ...]
    loc: Loc = field(compare=False)
    meeting_loc: Loc = field(compare=False)
    para_loc: Loc = field(compare=False)
    # Topics an import suggested and no one has reviewed yet; build never uses them.
    suggested: tuple[str, ...] = ()
    suggested_loc: Loc | None = field(default=None, compare=False)
    # The headings the report printed above it (`source:`), when it was imported.
    source: str = field(default="", compare=False)

    def phrases_for(self, topic_id: str) -> tuple[KeyPhrase, ...]:
        for placement in self.placements:
            if placement.topic_id == topic_id:
                return placement.phrases
        return ()


@dataclass(frozen=True, slots=True)
class Prose:
    """A text template rendered and parsed into blocks, with its footnote definitions."""

    name: str
    blocks: tuple[Block, ...]
    footnotes: dict[str, tuple[Block, ...]]

    def page_references(self) -> list[tuple[str, str]]:
        """(annex, cluster id) of each page reference in the body, in reading order (not those
        of the footnotes, which a PDF prints wherever their pages end)."""
        return [(item.annex, item.cluster_id) for block in self.blocks
                for item in block.inlines if isinstance(item, PageRef)]


@dataclass(frozen=True, slots=True)
class Corpus:
    """Everything read from the content folder, resolved and validated."""

    document: DocumentSet
    meetings: tuple[Meeting, ...]
    clusters: tuple[Cluster, ...]
    outcomes: tuple[Outcome, ...]
    prose: dict[str, Prose]
    words: Words  # the fixed words of the document's language

    def topics(self) -> list[Topic]:
        return [topic for cluster in self.clusters for topic in cluster.topics]

    def placements(self) -> int:
        return sum(len(outcome.placements) for outcome in self.outcomes)

    def outcomes_by_topic(self) -> dict[str, dict[str, list[Outcome]]]:
        """topic id -> meeting id -> outcomes in paragraph order."""
        table: dict[str, dict[str, list[Outcome]]] = {}
        for outcome in sorted(self.outcomes, key=lambda o: (o.first_para, o.id)):
            for placement in outcome.placements:
                by_meeting = table.setdefault(placement.topic_id, {})
                by_meeting.setdefault(outcome.meeting_id, []).append(outcome)
        return table
