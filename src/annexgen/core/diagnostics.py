"""Located diagnostics (`file:line:col: CODE: message`) and the catalogue of their codes."""

from __future__ import annotations

from dataclasses import dataclass, field

from annexgen.core.errors import Refused

# Every code annexgen can report, with a short name; docs/diagnostics.md explains each.
CODES: dict[str, str] = {
    "E101": "yaml-syntax",
    "E102": "duplicate-key",
    "E103": "yaml-alias",
    "E104": "yaml-tag",
    "E105": "file-too-large",
    "E106": "file-unreadable",
    "E107": "path-outside",
    "E108": "empty-file",
    "E201": "wrong-type",
    "E202": "unknown-key",
    "E203": "missing-field",
    "E204": "bad-value",
    "E205": "illegal-character",
    "E206": "too-long",
    "E207": "too-many",
    "E301": "duplicate-id",
    "E302": "unknown-meeting",
    "E303": "unknown-topic",
    "E304": "phrase-not-found",
    "E305": "phrase-ambiguous",
    "E306": "phrase-overlap",
    "E307": "duplicate-paragraph",
    "E308": "unknown-footnote",
    "E309": "unknown-reference",
    "E310": "missing-words",
    "E401": "template-syntax",
    "E402": "template-undefined",
    "E403": "template-unsafe",
    "E404": "template-error",
    "E405": "markup",
    "W501": "empty-topic",
    "W502": "empty-cluster",
    "W503": "unused-footnote",
    "W504": "file-not-read",
    "W505": "meeting-without-outcomes",
    "W506": "suggestions-unreviewed",
    "W507": "outcome-not-placed",
    "W508": "cluster-not-referenced",
    "W509": "phrase-cut-by-comma",
    "W510": "value-to-set",
    "W511": "style-role-shipped",
    "E601": "report-unreadable",
    "E602": "no-outcome-section",
    "E603": "no-numbered-paragraph",
    "E604": "paragraph-number-repeated",
    "E605": "meeting-unknown",
    "E606": "paragraph-taken",
    "E607": "report-damaged",
    "E608": "no-text-layer",
    "E609": "numbering-goes-back",
    "E610": "report-of-another-meeting",
    "E611": "report-too-large",
    "W601": "phrase-lost",
    "W602": "outcome-not-in-report",
    "W603": "text-not-imported",
    "W604": "numbering-gap",
    "W605": "two-columns",
    "W606": "heading-read-as-text",
    "W607": "edited-here-and-in-report",
    "W608": "paragraph-replaced",
}


@dataclass(frozen=True, slots=True)
class Loc:
    """A position in a content file; line and column count from 1."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the content, with where it is."""

    loc: Loc
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.code.startswith("E")

    def __str__(self) -> str:
        return f"{self.loc}: {self.code}: {self.message}"


@dataclass
class Report:
    """Collects diagnostics so that every problem is reported, not only the first.

    A diagnostic found twice (the same place, code and message) is kept once, so that the
    counts printed at the end are the lines printed above them.
    """

    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[Diagnostic] = field(default_factory=set, repr=False)

    def add(self, loc: Loc, code: str, message: str) -> None:
        assert code in CODES, code
        item = Diagnostic(loc, code, message)
        if item not in self._seen:
            self._seen.add(item)
            self.items.append(item)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if not d.is_error]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.loc.path, d.loc.line, d.loc.col, d.code))


class ContentError(Refused):
    """Raised when the content has errors; carries the full report."""

    def __init__(self, report: Report):
        super().__init__(f"{len(report.errors)} error(s) in the content")
        self.report = report

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(self.report.sorted())

    def in_words(self) -> str:
        errors, warnings = len(self.report.errors), len(self.report.warnings)
        return f"{errors} error(s), {warnings} warning(s); nothing was written"


class WarningsAsErrors(Refused):
    """--strict: the content has warnings, and the build that is distributed must have none;
    nothing was written."""

    def __init__(self, warnings):
        self.warnings = tuple(warnings)
        super().__init__(f"{len(self.warnings)} warning(s), and --strict makes them errors")
        self.found_with(self.warnings)

    def in_words(self) -> str:
        return f"{self}; nothing was written"
