"""What an importer should read back from a generated report."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Expected:
    """The outcome paragraphs of one report, by printed paragraph number.

    paragraphs: number -> exact text (footnote marks removed, sub-items on their own lines as
    "\\n(a) ..."); outcome_ids_by_para: number -> the content outcome it comes from (a range
    outcome owns several numbers); agenda_items_by_para: number -> the title of the agenda item
    heading it stands under (without its letter); summary_texts: every filler paragraph's text.
    """

    meeting_id: str
    symbol: str
    job_number: str
    paragraphs: dict[int, str] = field(default_factory=dict)
    outcome_ids_by_para: dict[int, str] = field(default_factory=dict)
    agenda_items_by_para: dict[int, str] = field(default_factory=dict)
    summary_texts: list[str] = field(default_factory=list)
    footnotes_in_outcomes: int = 0
    subitem_paras: list[int] = field(default_factory=list)

    def paras_of(self, outcome_id: str) -> list[int]:
        """The paragraph numbers an outcome was written as, in order."""
        return sorted(n for n, oid in self.outcome_ids_by_para.items() if oid == outcome_id)

    def outcome_text(self, outcome_id: str) -> str:
        """An outcome's text as its paragraphs join back (one space between parts)."""
        return " ".join(self.paragraphs[n] for n in self.paras_of(outcome_id))

    def para_range(self, outcome_id: str) -> str | int:
        """The outcome's `para` as the content writes it: 12 or "12-14"."""
        numbers = self.paras_of(outcome_id)
        return numbers[0] if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}"
