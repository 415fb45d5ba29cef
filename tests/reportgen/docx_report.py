"""Writes a UN-style meeting report as .docx with python-docx, numbered by Word or typed."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt

from tests.reportgen import ooxml, prose
from tests.reportgen.docx_styles import HEADINGS, NOTE, NOTE_REF, NUMPARA, PARA, TITLE, add_styles
from tests.reportgen.expected import Expected
from tests.reportgen.layout import PLAIN, Layout
from tests.reportgen.plan import AgendaList, Heading, Para, Plan, make_plan

NUMBERINGS = ("auto", "typed")


def write_report(corpus, meeting_id: str, path: Path, *, numbering: str = "auto",
                 subitems: bool = False, footnotes: bool = False,
                 layout: Layout = PLAIN, language: str = "en") -> Expected:
    """The meeting's report at `path`; its outcome paragraphs carry their content numbers."""
    if numbering not in NUMBERINGS:
        raise ValueError(f"numbering must be one of {NUMBERINGS}")
    plan = make_plan(corpus, meeting_id, subitems=subitems, footnotes=footnotes, layout=layout,
                     language=language)
    writer = _Writer(plan, numbering == "auto", layout)
    writer.write()
    writer.document.save(path)
    return plan.expected


class _Writer:
    def __init__(self, plan: Plan, auto: bool, layout: Layout):
        self.plan, self.auto, self.layout = plan, auto, layout
        self.document = Document()
        add_styles(self.document, auto, layout)
        if auto:
            ooxml.install_numbering(self.document, NUMPARA, HEADINGS, layout.close_tab)
        self.notes = ooxml.Footnotes(self.document, NOTE, NOTE_REF, layout.raised_marks)
        self.agenda_items, self.in_columns = 0, False

    def write(self) -> None:
        self._page()
        self._masthead()
        for block in self.plan.blocks:
            if isinstance(block, Heading):
                self._columns(block)
                self._heading(block)
            elif isinstance(block, Para):
                self._para(block)
            elif isinstance(block, AgendaList):
                self._agenda(block)
        self._end_rule()

    # Page, running heads and masthead

    def _page(self) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.6)
        section.left_margin = section.right_margin = Cm(2.2)
        section.header_distance, section.footer_distance = Cm(1.0), Cm(0.8)
        section.different_first_page_header_footer = True
        self.document.settings.odd_and_even_pages_header_footer = True
        symbol, short_job = self.plan.meeting.symbol, self.plan.job_number.split()[0]
        self._head(section.header, symbol, WD_ALIGN_PARAGRAPH.RIGHT)
        self._head(section.even_page_header, symbol, WD_ALIGN_PARAGRAPH.LEFT)
        self._foot(section.footer, short_job, page_first=False)
        self._foot(section.even_page_footer, short_job, page_first=True)
        first = section.first_page_footer.paragraphs[0]
        first.add_run(f"{self.plan.job_number}    {self.plan.date:%d%m%y}    "
                      f"{self.plan.date:%d%m%y}").font.size = Pt(8)

    @staticmethod
    def _head(header, symbol: str, align) -> None:
        paragraph = header.paragraphs[0]
        paragraph.alignment = align
        run = paragraph.add_run(symbol)
        run.bold, run.font.size = True, Pt(9)
        ooxml.border(paragraph._p.get_or_add_pPr(), "bottom", 4)

    def _foot(self, footer, short_job: str, page_first: bool) -> None:
        paragraph = footer.paragraphs[0]
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(16.6), WD_TAB_ALIGNMENT.RIGHT)
        if page_first:
            self._page_number(paragraph)
            paragraph.add_run(f"\t{short_job}").font.size = Pt(8)
        else:
            paragraph.add_run(f"{short_job}\t").font.size = Pt(8)
            self._page_number(paragraph)

    @staticmethod
    def _page_number(paragraph) -> None:
        ooxml.add_field(paragraph, "PAGE", "2")
        for run in paragraph.runs:
            run.bold, run.font.size = True, Pt(9)

    def _masthead(self) -> None:
        meeting, doc = self.plan.meeting, self.document
        table = doc.add_table(rows=2, cols=2)
        table.autofit = False
        for row, widths in zip(table.rows, ((Cm(8), Cm(8.6)), (Cm(11), Cm(5.6))), strict=True):
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
        top_left, top_right = table.rows[0].cells
        top_left.paragraphs[0].add_run("United Nations").font.size = Pt(12)
        head, _, tail = meeting.symbol.partition("/")
        symbol = top_right.paragraphs[0]
        symbol.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        symbol.add_run(head).font.size = Pt(20)
        symbol.add_run(f"/{tail}").font.size = Pt(10)
        ooxml.border(symbol._p.get_or_add_pPr(), "bottom", 4)
        ooxml.border(top_left.paragraphs[0]._p.get_or_add_pPr(), "bottom", 4)
        organ, distr = table.rows[1].cells
        run = organ.paragraphs[0].add_run(self.plan.congress)
        run.bold, run.font.size = True, Pt(15)
        for index, line in enumerate(("Distr.: General", self.plan.date.strftime("%-d %B %Y"),
                                      "", "Original: English")):
            paragraph = distr.paragraphs[0] if index == 0 else distr.add_paragraph()
            paragraph.add_run(line).font.size = Pt(10)
        session = doc.add_paragraph()
        ooxml.border(session._p.get_or_add_pPr(), "top", 18)
        session.add_run(meeting.name).bold = True
        session.add_run(f"\n{meeting.city}, {prose.span(meeting)}")
        doc.add_paragraph(self.plan.title, style=TITLE)

    # Body

    def _columns(self, block: Heading) -> None:
        """Ends the section before the two-column outcome sections (Layout.two_columns) and
        the one holding them, each at its last paragraph (continuous breaks)."""
        if block.level == 1 and block.text.startswith(self.plan.words("item").split("{")[0]):
            self.agenda_items += 1
        wanted = self.layout.two_columns
        body = self.document.element.body
        if (wanted is not None and not self.in_columns and self.agenda_items == wanted + 1
                and block.level == 2 and block.text == self.plan.words("outcome")):
            ooxml.end_section(body, columns=1)
            self.in_columns = True
        elif self.in_columns and block.level < 2:
            ooxml.end_section(body, columns=2)
            self.in_columns = False

    def _heading(self, block: Heading) -> None:
        style = HEADINGS[block.level]
        text = block.text if self.auto else f"{block.label}.\t{block.text}"
        self.document.add_paragraph(text, style=style)

    def _para(self, para: Para) -> None:
        if self.auto:
            paragraph = self.document.add_paragraph(style=PARA if para.number % 3 == 0 else NUMPARA)
            if para.number % 3 == 0:
                ooxml.set_num(paragraph._p.get_or_add_pPr(), ooxml.PARAS, 0)
            self._runs(paragraph, para)
        else:
            gap = "\t" if para.number % 2 else " "
            paragraph = self.document.add_paragraph(f"{para.number}.{gap}", style=PARA)
            self._runs(paragraph, para)
        for item in para.subitems:
            self._subitem(item, para)

    def _runs(self, paragraph, para: Para) -> None:
        start = 0
        for note in para.notes:
            paragraph.add_run(para.text[start:note.at])
            self.notes.reference(paragraph, note.text)
            start = note.at
        paragraph.add_run(para.text[start:])

    def _subitem(self, item, para: Para) -> None:
        paragraph = self.document.add_paragraph(style=PARA)
        fmt = paragraph.paragraph_format
        typed = para.typed_subitems or not self.auto
        if typed:
            fmt.left_indent, fmt.first_line_indent = Cm(1.27 * (item.level + 1)), Cm(-1.27)
            paragraph.add_run(f"({item.label})\t{item.text}")
            fmt.tab_stops.add_tab_stop(Cm(1.27 * (item.level + 1)))
            return
        num_id, level = (ooxml.SUBLIST, 0) if para.separate_sublist else (ooxml.PARAS, item.level)
        ooxml.set_num(paragraph._p.get_or_add_pPr(), num_id, level)
        paragraph.add_run(item.text)

    def _agenda(self, block: AgendaList) -> None:
        for index, item in enumerate(block.items, start=1):
            paragraph = self.document.add_paragraph(style=PARA)
            paragraph.paragraph_format.space_after = Pt(0)
            if self.auto:
                ooxml.set_num(paragraph._p.get_or_add_pPr(), ooxml.AGENDA, 0)
                paragraph.add_run(item)
            else:
                fmt = paragraph.paragraph_format
                fmt.left_indent, fmt.first_line_indent = Cm(3.17), Cm(-1.27)
                paragraph.add_run(f"{index}.\t{item}")

    def _end_rule(self) -> None:
        rule = self.document.add_paragraph("_" * 20)
        rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
        rule.paragraph_format.space_before = Pt(18)
