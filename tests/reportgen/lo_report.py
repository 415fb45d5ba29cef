"""A report authored in LibreOffice: a flat ODT from the plan, converted to .docx by soffice."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from tests.reportgen import fodt_styles, prose
from tests.reportgen.expected import Expected
from tests.reportgen.layout import PLAIN, Layout
from tests.reportgen.office import convert
from tests.reportgen.plan import AgendaList, Heading, Para, Plan, SubItem, make_plan


def write_lo_source(corpus, meeting_id: str, path: Path, *, subitems: bool = False,
                    footnotes: bool = False, layout: Layout = PLAIN) -> Expected:
    """The report as a flat ODT (.fodt) at `path`, numbered by a LibreOffice list style."""
    plan = make_plan(corpus, meeting_id, subitems=subitems, footnotes=footnotes, layout=layout)
    path.write_text(_document(plan, layout), encoding="utf-8")
    return plan.expected


def write_lo_report(corpus, meeting_id: str, path: Path, *, subitems: bool = False,
                    footnotes: bool = False, layout: Layout = PLAIN) -> Expected:
    """The report as LibreOffice writes .docx (from the flat ODT), at `path` (a .docx)."""
    source = path.with_suffix(".fodt")
    expected = write_lo_source(corpus, meeting_id, source, subitems=subitems, footnotes=footnotes,
                               layout=layout)
    (converted,) = convert([source], path.parent, "docx:MS Word 2007 XML")
    assert converted == path, converted
    return expected


def _document(plan: Plan, layout: Layout) -> str:
    job, date = plan.job_number, plan.date.strftime("%d%m%y")
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<office:document {fodt_styles.NS} office:version="1.3" '
            'office:mimetype="application/vnd.oasis.opendocument.text">'
            + fodt_styles.styles(layout)
            + fodt_styles.pages(plan.meeting.symbol, job.split()[0], f"{job}    {date}    {date}")
            + "<office:body><office:text>" + _masthead(plan) + _Body(plan).xml()
            + '<text:p text:style-name="Standard">____________________</text:p>'
            + "</office:text></office:body></office:document>")


def _p(style: str, content: str) -> str:
    return f'<text:p text:style-name="{style}">{content}</text:p>'


def _cell(content: str, style: str = "") -> str:
    styled = f' table:style-name="{style}"' if style else ""
    return f'<table:table-cell{styled} office:value-type="string">{content}</table:table-cell>'


def _masthead(plan: Plan) -> str:
    meeting = plan.meeting
    head, _, tail = meeting.symbol.partition("/")
    symbol = _p("Right", f'<text:span text:style-name="Big">{escape(head)}</text:span>/'
                f"{escape(tail)}")
    distr = "".join(_p("Standard", escape(line)) for line in (
        "Distr.: General", plan.date.strftime("%-d %B %Y"), "", "Original: English"))
    rows = (_cell(_p("Standard", "United Nations"), "Rule") + _cell(symbol, "Rule"),
            _cell(_p("Organ", escape(plan.congress)), "Thick") + _cell(distr, "Thick"))
    table = ('<table:table table:name="Masthead" table:style-name="Mast">'
             '<table:table-column table:number-columns-repeated="2"/>'
             + "".join(f"<table:table-row>{row}</table:table-row>" for row in rows)
             + "</table:table>")
    session = (f'<text:span text:style-name="Bold">{escape(meeting.name)}</text:span>'
               f"<text:line-break/>{escape(meeting.city)}, {prose.span(meeting)}")
    return table + _p("Standard", session) + _p("DocTitle", escape(plan.title))


class _Body:
    """Headings, and each run of numbered paragraphs as a text:list continuing the last one."""

    def __init__(self, plan: Plan):
        self.plan, self.parts, self.pending = plan, [], []
        self.lists, self.after_foreign, self.notes = 0, False, 0

    def xml(self) -> str:
        for block in self.plan.blocks:
            if isinstance(block, Para):
                self.pending.append(block)
                continue
            self._flush()
            if isinstance(block, Heading):
                self.parts.append(f'<text:h text:style-name="{("HCh", "H1", "H23")[block.level]}" '
                                  f'text:outline-level="{block.level + 1}">'
                                  f"{escape(block.text)}</text:h>")
            elif isinstance(block, AgendaList):
                self._agenda(block)
        self._flush()
        return "".join(self.parts)

    def _agenda(self, block: AgendaList) -> None:
        items = "".join(f"<text:list-item>{_p('SingleTxt', escape(item))}</text:list-item>"
                        for item in block.items)
        self.parts.append(f'<text:list text:style-name="Agenda">{items}</text:list>')
        self.after_foreign = True

    def _flush(self) -> None:
        """Closes the pending run as a list (each with an xml:id) that continues the previous
        one in turn by continue-numbering, by continue-list and by start-value (always so
        after another list, which continue-numbering would not skip)."""
        if not self.pending:
            return
        how, start = f'xml:id="paras{self.lists}"', None
        if self.after_foreign or self.lists % 3 == 0:
            start = self.pending[0].number if self.lists else None
        elif self.lists % 3 == 1:
            how += ' text:continue-numbering="true"'
        else:
            how += f' text:continue-list="paras{self.lists - 1}"'
        items = "".join(self._item(p, start if i == 0 else None)
                        for i, p in enumerate(self.pending))
        self.parts.append(f'<text:list text:style-name="Paras" {how}>{items}</text:list>')
        self.lists, self.after_foreign, self.pending = self.lists + 1, False, []

    def _item(self, para: Para, start: int | None) -> str:
        value = f' text:start-value="{start}"' if start else ""
        return (f"<text:list-item{value}>{_p('SingleTxt', self._runs(para))}"
                f"{self._subitems(para)}</text:list-item>")

    def _runs(self, para: Para) -> str:
        out, start = [], 0
        for note in para.notes:
            self.notes += 1
            out.append(escape(para.text[start:note.at]))
            out.append(f'<text:note text:id="ftn{self.notes}" text:note-class="footnote">'
                       f"<text:note-citation>{self.notes}</text:note-citation><text:note-body>"
                       f"{_p('Footnote', escape(note.text))}</text:note-body></text:note>")
            start = note.at
        return "".join([*out, escape(para.text[start:])])

    @staticmethod
    def _subitems(para: Para) -> str:
        if para.typed_subitems:
            return "".join(_p("SubItem", f"({s.label})<text:tab/>{escape(s.text)}")
                           for s in para.subitems)
        return _nested(para.subitems) if para.subitems else ""


def _nested(items: list[SubItem]) -> str:
    """Level-1 items as a nested list, each holding the level-2 items that follow it."""
    groups: list[tuple[SubItem, list[SubItem]]] = []
    for item in items:
        if item.level == 1:
            groups.append((item, []))
        else:
            groups[-1][1].append(item)
    out = []
    for item, children in groups:
        inner = "".join(f"<text:list-item>{_p('SingleTxt', escape(c.text))}</text:list-item>"
                        for c in children)
        inner = f"<text:list>{inner}</text:list>" if children else ""
        out.append(f"<text:list-item>{_p('SingleTxt', escape(item.text))}{inner}</text:list-item>")
    return f"<text:list>{''.join(out)}</text:list>"
