"""Finds the outcome sections of a report and the numbered paragraphs that stand in them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from annexgen.core.diagnostics import Loc, Report
from annexgen.importer.readers.blocks import Kind, ReportBlock

# The headings whose paragraphs are outcomes, and those whose paragraphs are not, in the
# wording of UN reports by language (docs/import.md says where each comes from and which are
# less sure). An exercise may set its own (document.yaml, import: take: and skip:).
DEFAULT_SECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ar": (("نتائج المداولات", "التوصيات", "الاستنتاجات والتوصيات",
            "التوصيات التي اعتمدها الاجتماع"),
           ("موجز المداولات", "موجز المناقشات", "مقدمة", "تنظيم الأعمال",
            "الحضور وتنظيم الأعمال", "اعتماد التقرير")),
    "en": (("Outcome of deliberations", "Outcomes of deliberations", "Recommendations",
            "Conclusions and recommendations", "Recommendations adopted by the meeting"),
           ("Summary of deliberations", "Summary of discussions", "Introduction",
            "Organization of the meeting", "Adoption of the report")),
    "es": (("Resultado de las deliberaciones", "Resultados de las deliberaciones",
            "Recomendaciones", "Conclusiones y recomendaciones",
            "Recomendaciones aprobadas por la Reunión"),
           ("Resumen de las deliberaciones", "Resumen de los debates", "Introducción",
            "Organización de los trabajos", "Asistencia y organización de los trabajos",
            "Aprobación del informe", "Aprobación del informe y clausura de la Reunión")),
    "fr": (("Résultat des délibérations", "Résultats des délibérations", "Recommandations",
            "Conclusions et recommandations", "Recommandations adoptées par la Réunion"),
           ("Résumé des débats", "Résumé des délibérations", "Introduction",
            "Organisation des travaux", "Participation et organisation des travaux",
            "Adoption du rapport", "Adoption du rapport et clôture de la Réunion")),
    "ru": (("Итоги обсуждения", "Результаты обсуждения", "Рекомендации", "Выводы и рекомендации",
            "Рекомендации, принятые Совещанием"),
           ("Резюме обсуждения", "Резюме прений", "Введение", "Организация работы",
            "Участники и организация работы", "Утверждение доклада")),
    "zh": (("审议结果", "建议", "结论和建议", "会议通过的建议"),
           ("审议情况摘要", "讨论摘要", "导言", "工作安排", "出席情况和工作安排", "通过报告")),
}
# How close a heading must be to a name to count as it (rapidfuzz ratio, 0-100): allows
# "Outcomes of the deliberations", not "Summary of deliberations".
_MATCH = 88
_PUNCTUATION = re.compile(r"[^\w\s]")


@dataclass(frozen=True, slots=True)
class Sections:
    """Headings that start an outcome section (take) or end one (skip)."""

    take: tuple[str, ...]
    skip: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FoundParagraph:
    """A numbered paragraph of an outcome section, sub-items joined by line breaks."""

    number: int
    text: str
    path: tuple[str, ...]  # the headings above it, outermost first
    loc: Loc
    footnotes: int
    agenda: str = ""  # the heading the outcome heading stands under (its agenda item)


# Characters a Word or Excel file cannot hold (a PDF's text layer may carry them): as spaces.
_UNHOLDABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _holdable(text: str) -> str:
    return _UNHOLDABLE.sub(" ", text)


def sections_for(language: str, take: tuple[str, ...] | None = None,
                 skip: tuple[str, ...] | None = None) -> Sections:
    default_take, default_skip = DEFAULT_SECTIONS.get(language.split("-")[0].lower(),
                                                      DEFAULT_SECTIONS["en"])
    return Sections(take if take is not None else default_take,
                    skip if skip is not None else default_skip)


def _key(text: str) -> str:
    return utils.default_process(_PUNCTUATION.sub(" ", text))


def matches(heading: str, names: tuple[str, ...]) -> bool:
    key = _key(heading)
    return any(fuzz.ratio(key, _key(name)) >= _MATCH for name in names)


def outcome_paragraphs(blocks: tuple[ReportBlock, ...], sections: Sections, path: str,
                       report: Report) -> list[FoundParagraph]:
    """The paragraphs under take headings (and under their subheadings, until a heading of
    the same depth or above, or a skip heading). Problems go to `report`."""
    found: list[_Growing] = []
    stack: list[ReportBlock] = []  # the headings in force, outermost first
    taking: int | None = None  # the depth of the take heading in force
    agenda = ""
    takes: list[ReportBlock] = []
    for block in blocks:
        if block.kind is Kind.HEADING:
            stack = [h for h in stack if h.level < block.level] + [block]
            if taking is not None and block.level <= taking:
                taking = None
            if matches(block.text, sections.take):
                taking = block.level
                takes.append(block)
                agenda = stack[-2].title if len(stack) > 1 else block.title
            elif taking is not None and matches(block.text, sections.skip):
                taking = None
            continue
        if taking is None:
            continue
        _take(block, found, tuple(h.title for h in stack), agenda, report)
    if not takes:
        seen = [b.title for b in blocks if b.kind is Kind.HEADING]
        shown = "; ".join(seen[:12]) + ("; …" if len(seen) > 12 else "")
        report.add(Loc(path), "E602", f"no {sections.take[0]!r} heading found (nor "
                   f"{', '.join(repr(t) for t in sections.take[1:])}); headings seen: "
                   f"{shown or 'none'}. If the report words its outcome headings otherwise, "
                   "name them in document.yaml under import: take: (docs/import.md)")
    elif not found:
        report.add(takes[0].loc, "E603", f"no numbered paragraph under {takes[0].title!r} "
                   "(or any other outcome heading)")
    return [paragraph.frozen() for paragraph in found]


class _Growing:
    """A paragraph being read: its sub-items are added as they come (a list, not a string
    copied at each one, so that a long run of them costs no more than its length)."""

    def __init__(self, block: ReportBlock, path: tuple[str, ...], agenda: str):
        self.block, self.path, self.agenda = block, path, agenda
        self.parts = [_holdable(block.text)]
        self.footnotes = block.footnotes

    def add(self, block: ReportBlock) -> None:
        self.parts.append(f"{block.label} {_holdable(block.text)}".strip())
        self.footnotes += block.footnotes

    def frozen(self) -> FoundParagraph:
        number = self.block.number if self.block.number is not None else 0
        return FoundParagraph(number, "\n".join(self.parts), self.path, self.block.loc,
                              self.footnotes, self.agenda)


def _take(block: ReportBlock, found: list[_Growing], path: tuple[str, ...], agenda: str,
          report: Report) -> None:
    if block.kind is Kind.PARAGRAPH and block.number is not None:
        found.append(_Growing(block, path, agenda))
        return
    if not found or found[-1].path != path:
        report.add(block.loc, "W603", f"text under {path[-1]!r} before its first numbered "
                   f"paragraph is not imported: {block.text[:60]!r}")
        return
    found[-1].add(block)
