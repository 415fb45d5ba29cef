"""The layout of a report, independent of its file format: headings and numbered paragraphs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tests.reportgen import prose
from tests.reportgen.expected import Expected
from tests.reportgen.languages import AGENDA_TITLES, HEADINGS
from tests.reportgen.layout import PLAIN, Layout
from tests.reportgen.split import sentence_end, sentences, split_text

ROMAN = ("I", "II", "III", "IV", "V")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
ROMAN_SMALL = ("i", "ii", "iii", "iv", "v", "vi")
FOOTNOTES = (
    "General Assembly resolution 70/1.",
    "See A/CONF.234/PM.1, paras. 20–24.",
    "United Nations, Treaty Series, vol. 2225, No. 39574.",
    "Economic and Social Council resolution 2002/13, annex.",
    "The statements made at the Meeting are available on the website of UNODC.",
)


@dataclass(frozen=True)
class Heading:
    level: int  # 0 HCh, 1 H1, 2 H23
    label: str  # "II", "A", "2": printed by numbering or typed
    text: str


@dataclass(frozen=True)
class Note:
    at: int  # offset in the paragraph's text where the reference mark goes
    text: str


@dataclass(frozen=True)
class SubItem:
    level: int  # 1 (a), 2 (i)
    label: str  # "a", "ii"
    text: str


@dataclass
class Para:
    number: int
    text: str
    role: str  # intro, summary, outcome, adoption
    notes: list[Note] = field(default_factory=list)
    subitems: list[SubItem] = field(default_factory=list)
    typed_subitems: bool = False
    separate_sublist: bool = False
    outcome_id: str | None = None

    @property
    def expected(self) -> str:
        return self.text + "".join(f"\n({s.label}) {s.text}" for s in self.subitems)


@dataclass(frozen=True)
class AgendaList:
    items: tuple[str, ...]


@dataclass
class Plan:
    meeting: object
    congress: str
    date: dt.date
    job_number: str
    title: str
    clusters: tuple = ()
    language: str = "en"  # the words of its headings and agenda titles (languages.py)
    blocks: list = field(default_factory=list)
    expected: Expected | None = None

    def paras(self) -> list[Para]:
        return [b for b in self.blocks if isinstance(b, Para)]

    def words(self, key: str) -> str:
        return HEADINGS[self.language][key]

    def agenda_title(self, cluster) -> str:
        titles = AGENDA_TITLES.get(self.language)
        return titles[cluster.id] if titles else prose.agenda_title(cluster)


def make_plan(corpus, meeting_id: str, *, subitems=False, footnotes=False,
              layout: Layout = PLAIN, language: str = "en") -> Plan:
    """The whole report for one meeting, its outcomes at their content paragraph numbers;
    its headings in `language` (the outcomes' text is the content's)."""
    meeting = next(m for m in corpus.meetings if m.id == meeting_id)
    congress = corpus.document.congress
    plan = Plan(meeting, congress, meeting.end + dt.timedelta(days=19), _job(meeting),
                f"Report of the {meeting.name} for the {congress}, held in {meeting.city} "
                f"{prose.dates(meeting)}", corpus.clusters, language)
    filler = prose.Filler(f"reportgen:{meeting_id}")
    groups = _groups(corpus, meeting_id)
    _introduction(plan, min(max(groups[0][1][0].first_para - 2, 0), 10))
    _agenda_items(plan, groups, filler)
    _adoption(plan)
    if subitems:
        _add_subitems(plan)
    if footnotes:
        _add_footnotes(plan, layout.marks_before_punctuation)
    plan.expected = _expected(plan)
    return plan


def _job(meeting) -> str:
    serial = 1000 + sum(map(ord, meeting.symbol)) * 7 % 9000
    return f"V.{meeting.end:%y}-{serial:05d} (E)"


def _groups(corpus, meeting_id: str) -> list[tuple[object, list]]:
    """Runs of outcomes with consecutive numbers under one cluster (that of the first topic)."""
    cluster_of = {t.id: c for c in corpus.clusters for t in c.topics}
    outcomes = sorted((o for o in corpus.outcomes if o.meeting_id == meeting_id),
                      key=lambda o: o.first_para)
    groups: list[tuple[object, list]] = []
    for outcome in outcomes:
        cluster = cluster_of[outcome.placements[0].topic_id]
        last = groups[-1] if groups else None
        if last and last[0] is cluster and last[1][-1].last_para + 1 == outcome.first_para:
            last[1].append(outcome)
        else:
            groups.append((cluster, [outcome]))
    return groups


def _heading(plan: Plan, level: int, label: str, text: str) -> None:
    plan.blocks.append(Heading(level, label, text))


def _next_number(plan: Plan) -> int:
    paras = plan.paras()
    return paras[-1].number + 1 if paras else 1


def _para(plan: Plan, text: str, role: str, outcome_id: str | None = None) -> None:
    plan.blocks.append(Para(_next_number(plan), text, role, outcome_id=outcome_id))


def _introduction(plan: Plan, count: int) -> None:
    """Chapter I: `count` numbered paragraphs spread over its subsections."""
    _heading(plan, 0, "I", plan.words("introduction"))
    sections = prose.intro_sections(plan.meeting, plan.congress)
    taken = [0] * len(sections)
    for turn in range(count):
        pool = [i for i, (_, texts) in enumerate(sections) if taken[i] < len(texts)]
        taken[pool[turn % len(pool)]] += 1
    for index, ((title, texts), used) in enumerate(zip(sections, taken, strict=True)):
        if used:
            _heading(plan, 1, LETTERS[index].upper(), title)
            for text in texts[:used]:
                _para(plan, text, "intro")
                if text.endswith("agenda:"):
                    plan.blocks.append(AgendaList(tuple(prose.agenda(plan.clusters))))


def _agenda_items(plan: Plan, groups, filler: prose.Filler) -> None:
    """Chapter II: an agenda item heading per cluster run, Summary then Outcome sections."""
    _heading(plan, 0, "II", plan.words("items"))
    current, seen, letter, sub = None, set(), 0, 0
    for cluster, outcomes in groups:
        gap = outcomes[0].first_para - _next_number(plan)
        if cluster is not current:
            title = plan.words("item").format(number=_item_number(plan, cluster),
                                              title=plan.agenda_title(cluster))
            _heading(plan, 1, LETTERS[letter].upper(),
                     title + (plan.words("continued") if cluster.id in seen else ""))
            current, letter, sub = cluster, letter + 1, 0
            seen.add(cluster.id)
        if gap > 0:
            sub += 1
            _heading(plan, 2, str(sub), plan.words("summary"))
            for _ in range(gap):
                _para(plan, filler.paragraph(cluster), "summary")
        sub += 1
        _heading(plan, 2, str(sub), plan.words("outcome"))
        for outcome in outcomes:
            _outcome(plan, outcome, cluster)


def _item_number(plan: Plan, cluster) -> int:
    return 3 + [c.id for c in plan.clusters].index(cluster.id)


def _outcome(plan: Plan, outcome, cluster) -> None:
    assert _next_number(plan) == outcome.first_para, outcome.id
    count = outcome.last_para - outcome.first_para + 1
    for part in split_text(outcome.text, count):
        _para(plan, part, "outcome", outcome.id)


def _adoption(plan: Plan) -> None:
    _heading(plan, 0, "III", plan.words("adoption"))
    for text in prose.adoption_paragraphs(plan.meeting)[:2]:
        _para(plan, text, "adoption")


def _single_outcomes(plan: Plan) -> list[Para]:
    """Outcome paragraphs that are a whole outcome, those with most sentences first."""
    paras = [p for p in plan.paras() if p.role == "outcome"]
    owners = [p.outcome_id for p in paras]
    singles = [p for p in paras if owners.count(p.outcome_id) == 1]
    return sorted(singles, key=lambda p: (-sentences(p.text), -len(p.text), p.number))


def _add_subitems(plan: Plan) -> None:
    """Sub-items on three outcome paragraphs: one nested to (i), one typed, one its own list."""
    nested, typed, separate = _single_outcomes(plan)[:3]
    lead, a, b, i, ii, c = split_text(nested.text, 6)
    nested.text, nested.subitems = lead, [
        SubItem(1, "a", a), SubItem(1, "b", b), SubItem(2, "i", i), SubItem(2, "ii", ii),
        SubItem(1, "c", c)]
    for para, count in ((typed, 3), (separate, 4)):
        lead, *items = split_text(para.text, count)
        para.text = lead
        para.subitems = [SubItem(1, LETTERS[k], t) for k, t in enumerate(items)]
    typed.typed_subitems = True
    separate.separate_sublist = True


def _add_footnotes(plan: Plan, before_punctuation: bool) -> None:
    """References after the first full stop of a few outcome paragraphs and one summary one
    (or, `before_punctuation`, just before it)."""
    outcomes = [p for p in plan.paras() if p.role == "outcome" and not p.subitems]
    summaries = [p for p in plan.paras() if p.role == "summary"]
    ranged = [p for p in outcomes if sum(q.outcome_id == p.outcome_id for q in outcomes) > 1]
    chosen = [outcomes[1], ranged[0] if ranged else outcomes[2], outcomes[-1], *summaries[:1]]
    unique = list({p.number: p for p in chosen}.values())
    for index, para in enumerate(unique):
        at = sentence_end(para.text)
        if before_punctuation:
            at = _before_stop(para.text, at)
        para.notes.append(Note(at, FOOTNOTES[index % len(FOOTNOTES)]))


def _before_stop(text: str, at: int) -> int:
    """The offset of the full stop (or ! ?) that ends the sentence ending at `at`, past any
    closing quote."""
    while at > 0 and text[at - 1] not in ".!?":
        at -= 1
    return at - 1 if at else len(text)


def _expected(plan: Plan) -> Expected:
    expected = Expected(plan.meeting.id, plan.meeting.symbol, plan.job_number)
    agenda_item = ""
    for block in plan.blocks:
        if isinstance(block, Heading) and block.level == 1:
            agenda_item = block.text
        if not isinstance(block, Para):
            continue
        if block.role != "outcome":
            expected.summary_texts.append(block.text)
            continue
        expected.paragraphs[block.number] = block.expected
        expected.outcome_ids_by_para[block.number] = block.outcome_id
        expected.agenda_items_by_para[block.number] = agenda_item
        expected.footnotes_in_outcomes += len(block.notes)
        if block.subitems:
            expected.subitem_paras.append(block.number)
    return expected
