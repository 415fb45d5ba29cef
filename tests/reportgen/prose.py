"""Filler prose for what is not an outcome: the introduction, summaries and adoption."""

from __future__ import annotations

import random
import re

# Curated agenda item titles for the shipped clusters: variants of the index's titles.
AGENDA_TITLES = {
    "political-message": "Political message and thematic orientation of the Fourteenth Congress",
    "main-theme": "Main theme of the Congress: advancing crime prevention, criminal justice "
                  "and the rule of law towards the achievement of the 2030 Agenda",
    "crime-prevention": "Comprehensive strategies for crime prevention towards social and "
                        "economic development",
    "criminal-justice": "Integrated approaches to challenges facing the criminal justice system",
    "rule-of-law": "Multidimensional approaches by Governments to promoting the rule of law",
    "international-cooperation": "International cooperation and technical assistance to "
                                 "prevent and address all forms of crime",
    "other-issues": "Other matters",
}

OPENERS = (
    "Under the item, the Meeting had before it the discussion guide prepared by the Secretariat.",
    "The representative of the Secretariat introduced the item and outlined the questions "
    "proposed for discussion in the discussion guide.",
    "In the ensuing discussion, a number of speakers shared the experience of their countries.",
    "Several speakers welcomed the opportunity to exchange views at the regional level.",
    "The panellists offered brief presentations, which were followed by an interactive exchange.",
    "Speakers thanked the host Government for the arrangements made for the Meeting.",
    "The chair of the session invited participants to focus on practical lessons learned.",
)
MIDDLES = (
    "Speakers described national measures relating to {topic}, including recent legislative "
    "reforms and the allocation of dedicated resources.",
    "Some participants noted that progress on {topic} had been uneven across the region and "
    "depended on sustained political commitment.",
    "Reference was made to pilot projects on {topic} that had been evaluated with the support "
    "of academic institutions.",
    "One speaker explained how a national coordination body had been entrusted with matters "
    "of {topic}.",
    "Attention was drawn to the need for reliable information on {topic} in order to measure "
    "the effect of policies over time.",
    "A number of delegations reported on cooperation with civil society organizations in the "
    "field of {topic}.",
    "It was observed that {topic} required the involvement of ministries beyond those "
    "responsible for justice and the interior.",
    "Several speakers gave examples of training programmes for practitioners on {topic}.",
)
CLOSERS = (
    "The discussion under the item was rich and constructive.",
    "Participants expressed appreciation for the technical assistance provided by UNODC.",
    "Some speakers indicated that further details would be shared in writing.",
    "The importance of South-South cooperation was mentioned in that context.",
    "Several participants looked forward to continuing the discussion at the Congress itself.",
    "One speaker cautioned against approaches that did not take local circumstances into account.",
)


def agenda_title(cluster) -> str:
    """A variant of the cluster's title, as an agenda item would be called."""
    if cluster.id in AGENDA_TITLES:
        return AGENDA_TITLES[cluster.id]
    title = re.sub(r"\s*\((agenda item|workshop) \d+\).*$", "", cluster.title).rstrip(": ")
    return title[:1].upper() + title[1:]


def _lower_first(title: str) -> str:
    title = re.sub(r"\s*\([A-Z]+\)", "", title).strip()
    return title if title[:2].isupper() else title[:1].lower() + title[1:]


class Filler:
    """Summary paragraphs drawn from shuffled decks, so that neighbours rarely repeat."""

    def __init__(self, seed: str):
        self._rng = random.Random(seed)
        self._decks: dict[int, list[str]] = {}

    def _draw(self, bank: tuple[str, ...]) -> str:
        deck = self._decks.setdefault(id(bank), [])
        if not deck:
            deck.extend(self._rng.sample(bank, len(bank)))
        return deck.pop()

    def paragraph(self, cluster) -> str:
        """Two or three sentences of deliberation, about one of the cluster's topics."""
        titles = [t.title for t in cluster.topics] or ["the item"]
        topic = _lower_first(self._rng.choice(titles))
        sentences = [self._draw(OPENERS), self._draw(MIDDLES).format(topic=topic)]
        if self._rng.random() < 0.6:
            sentences.append(self._draw(CLOSERS))
        return " ".join(sentences)


def dates(meeting) -> str:
    start, end = meeting.start, meeting.end
    if start.month == end.month:
        return f"from {start.day} to {end.day} {end:%B %Y}"
    return f"from {start.day} {start:%B} to {end.day} {end:%B %Y}"


def span(meeting) -> str:
    """The meeting's dates as a masthead prints them: 9–11 April 2019."""
    start, end = meeting.start, meeting.end
    if start.month == end.month:
        return f"{start.day}–{end.day} {end:%B %Y}"
    return f"{start.day} {start:%B}–{end.day} {end:%B %Y}"


def intro_sections(meeting, congress: str) -> list[tuple[str, list[str]]]:
    """The introduction's subsections, each with the paragraphs it can hold (most first)."""
    where = f"{meeting.city}, {meeting.country}"
    return [
        ("Background", [
            f"In its resolution 72/192, the General Assembly decided that regional preparatory "
            f"meetings for the {congress} would be held in 2019. The {meeting.name} was held "
            f"in {where}, {dates(meeting)}.",
            "The Assembly requested the Secretary-General to prepare a discussion guide for the "
            "regional preparatory meetings, in cooperation with the institutes of the United "
            "Nations crime prevention and criminal justice programme network.",
            "The present report summarizes the deliberations of the Meeting and the "
            "recommendations that it adopted, for consideration by the Congress.",
        ]),
        ("Opening of the Meeting", [
            f"The Meeting was opened on {meeting.start.day} {meeting.start:%B %Y} by a "
            f"representative of the Government of {meeting.country}, who welcomed participants "
            f"to {meeting.city}.",
            "A representative of the Secretariat made an opening statement, in which he recalled "
            "the history of the congresses since 1955.",
            "Statements were also made by representatives of regional organizations.",
        ]),
        ("Attendance", [
            "The Meeting was attended by representatives of Member States of the region, "
            "observers for intergovernmental organizations and individual experts invited in "
            "their personal capacity. A list of participants is contained in the annex.",
        ]),
        ("Election of officers", [
            "At its first meeting, the Meeting elected a Chair, three Vice-Chairs and a "
            "Rapporteur by acclamation.",
        ]),
        ("Adoption of the agenda and organization of work", [
            "At the same meeting, the Meeting adopted the following agenda:",
            "The Meeting approved the organization of work proposed by the Secretariat.",
        ]),
    ]


def agenda(clusters) -> list[str]:
    """The items of the adopted agenda, as listed in the introduction."""
    items = ["Opening of the Meeting.", "Election of officers.",
             "Adoption of the agenda and organization of work."]
    items += [f"{agenda_title(c)}." for c in clusters if c.id != "other-issues"]
    return [*items, "Other matters.", "Adoption of the report."]


def adoption_paragraphs(meeting) -> list[str]:
    """The paragraphs of the chapter on the adoption of the report."""
    return [
        f"At its final meeting, on {meeting.end.day} {meeting.end:%B %Y}, the Meeting "
        "considered the draft report, as introduced by the Rapporteur.",
        "The Meeting adopted its report, including the recommendations contained therein, "
        "as orally amended, and entrusted the Rapporteur with its finalization.",
        "The Chair declared the Meeting closed.",
    ]
