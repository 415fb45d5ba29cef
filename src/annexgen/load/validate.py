"""Whole-corpus checks made after every file is read: ids, references, paragraphs, coverage."""

from __future__ import annotations

from collections.abc import Iterable

from annexgen.core.diagnostics import Loc, Report
from annexgen.core.limits import MAX_OUTCOMES
from annexgen.core.model import Cluster, Meeting, Outcome
from annexgen.load.fields import suggest


def check_unique(items: Iterable, what: str, report: Report) -> None:
    """Each id once; a repeat is reported where it stands, naming the first place."""
    first: dict[str, Loc] = {}
    for item in items:
        if item.id in first:
            report.add(item.loc, "E301", f"{what} id {item.id!r} is used twice "
                       f"(first at {first[item.id]})")
        else:
            first[item.id] = item.loc


def check_corpus(meetings: list[Meeting] | None, clusters: list[Cluster] | None,
                 outcomes: list[Outcome], report: Report) -> None:
    """Checks across files; None stands for a file that could not be read (no references)."""
    topics = [topic for cluster in clusters or () for topic in cluster.topics]
    check_unique(meetings or (), "meeting", report)
    check_unique(clusters or (), "cluster", report)
    check_unique(topics, "topic", report)
    check_unique(outcomes, "outcome", report)
    if len(outcomes) > MAX_OUTCOMES:
        report.add(outcomes[MAX_OUTCOMES].loc, "E207", f"{len(outcomes):,} outcomes; the limit "
                   f"is {MAX_OUTCOMES:,} (MAX_OUTCOMES)")
    if meetings is not None:
        _check_meetings(meetings, outcomes, report)
    if clusters is not None:
        _check_topics({t.id: t.title for t in topics}, outcomes, report)
    _check_paragraphs(outcomes, report)
    # What is empty can only be told once every outcome could be read.
    if not report.errors and meetings is not None and clusters is not None:
        _check_coverage(clusters, outcomes, report)
        _check_meetings_served(meetings, outcomes, report)


def _check_meetings(meetings: list[Meeting], outcomes: list[Outcome], report: Report) -> None:
    meeting_ids = {m.id for m in meetings}
    for outcome in outcomes:
        if outcome.meeting_id not in meeting_ids:
            report.add(outcome.meeting_loc, "E302", f"unknown meeting {outcome.meeting_id!r}"
                       f"{suggest(outcome.meeting_id, meeting_ids)}")


def _check_meetings_served(meetings: list[Meeting], outcomes: list[Outcome],
                           report: Report) -> None:
    served = {outcome.meeting_id for outcome in outcomes}
    for meeting in meetings:
        if meeting.id not in served:
            report.add(meeting.loc, "W505", f"meeting {meeting.id!r} has no outcomes (no file "
                       f"in outcomes/ names it): its column of Annex B is empty")


def _check_topics(titles: dict[str, str], outcomes: list[Outcome], report: Report) -> None:
    for outcome in outcomes:
        for placement in outcome.placements:
            if placement.topic_id not in titles:
                report.add(placement.loc, "E303", f"unknown topic {placement.topic_id!r}"
                           f"{topic_hint(placement.topic_id, titles)}")


_LISTED_TOPICS = 30


def topic_hint(typed: str, titles: dict[str, str]) -> str:
    """The topic id most like what was typed, by its id or its title (`mutual-legal-
    assistance` finds `mla`, titled "Mutual legal assistance"); else the ids there are."""
    from rapidfuzz import fuzz, process

    words = typed.replace("-", " ").replace("_", " ")
    by_id = process.extractOne(typed, list(titles), scorer=fuzz.ratio, score_cutoff=70)
    by_title = process.extractOne(words, titles, scorer=fuzz.token_sort_ratio,
                                  processor=str.casefold, score_cutoff=80)
    best = max((found for found in (by_id, by_title) if found is not None),
               key=lambda found: found[1], default=None)
    if best is not None:
        topic_id = str(best[0] if best is by_id else best[2])
        return f" (did you mean {topic_id!r}, “{titles[topic_id]}”?)"
    ids = sorted(titles)
    listed = ", ".join(ids[:_LISTED_TOPICS]) + (", …" if len(ids) > _LISTED_TOPICS else "")
    return f"; the topic ids of index.yaml are: {listed}"


def _check_paragraphs(outcomes: list[Outcome], report: Report) -> None:
    """A paragraph of a meeting's report is quoted by one outcome only. Ranges are compared
    by their ends (sorted), so a range's length costs nothing."""
    ordered = sorted(outcomes, key=lambda o: (o.meeting_id, o.first_para, o.last_para))
    reach: Outcome | None = None  # of this meeting's outcomes so far, the one reaching furthest
    for outcome in ordered:
        if reach is None or reach.meeting_id != outcome.meeting_id:
            reach = outcome
            continue
        if outcome.first_para <= reach.last_para:
            first, other = sorted((outcome, reach), key=_file_order)
            shared = max(outcome.first_para, reach.first_para)
            report.add(other.para_loc, "E307", f"paragraph {shared} of {other.meeting_id!r} "
                       f"is also quoted by outcome {first.id!r} ({first.para_loc})")
        if outcome.last_para > reach.last_para:
            reach = outcome


def _file_order(outcome: Outcome) -> tuple[str, int, int]:
    return outcome.para_loc.path, outcome.para_loc.line, outcome.para_loc.col


def _check_coverage(clusters: list[Cluster], outcomes: list[Outcome], report: Report) -> None:
    served = {p.topic_id for o in outcomes for p in o.placements}
    for cluster in clusters:
        empty = [t for t in cluster.topics if t.id not in served]
        if cluster.topics and len(empty) == len(cluster.topics):
            report.add(cluster.loc, "W502", f"cluster {cluster.id!r} has no outcomes")
            continue
        if not cluster.topics:
            report.add(cluster.loc, "W502", f"cluster {cluster.id!r} has no topics")
        for topic in empty:
            report.add(topic.loc, "W501", f"topic {topic.id!r} has no outcomes")
