"""The floor: the same deliverables written as XML strings straight into zips, from the corpus."""

from __future__ import annotations

import io
import zipfile

from annexgen.core.richtext import BOLD, ITALIC, Break, NoteRef, PageRef, Span
from annexgen.core.words import english

W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
KEY_RPR = '<w:rPr><w:rStyle w:val="KeyPhrase"/><w:highlight w:val="yellow"/></w:rPr>'
REF_RPR = '<w:rPr><w:rStyle w:val="ParagraphReference"/></w:rPr>'
LABEL_RPR = '<w:rPr><w:rStyle w:val="RuninLabel"/></w:rPr>'
STYLE_IDS = ("Title", "HCh", "H1", "H23", "SingleTxt", "Outcome", "KeyPhrase",
             "ParagraphReference", "RuninLabel", "FootnoteText", "FootnoteReference")
# Annex B: lines in a 22.5-wide column at 9 pt, and the row height a cell is split at.
CHARS_PER_LINE, LINE_PT, ROW_PAD_PT, SPLIT_PT = 27, 11.25, 4.0, 200.0
XLSX_FONT = '<rFont val="Times New Roman"/><sz val="9"/>'


def esc(text: str) -> str:
    return text.translate(_ESCAPE)


def write_all(corpus) -> dict[str, bytes]:
    """The paper, Annex A and Annex B as package bytes, by file name."""
    table = outcomes_by_topic(corpus)
    return {
        "snapshot-paper.docx": paper_docx(corpus),
        "annex-a.docx": annex_a_docx(corpus, table),
        "annex-b.xlsx": annex_b_xlsx(corpus, table),
    }


def outcomes_by_topic(corpus) -> dict[str, dict[str, list]]:
    table: dict[str, dict[str, list]] = {}
    for outcome in sorted(corpus.outcomes, key=lambda o: (o.first_para, o.id)):
        for placement in outcome.placements:
            table.setdefault(placement.topic_id, {}).setdefault(outcome.meeting_id, []).append(
                (outcome, placement.phrases))
    return table


def zip_parts(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in parts.items():
            package.writestr(name, xml.encode(), compresslevel=6)
    return buffer.getvalue()


# -- Word ----------------------------------------------------------------------------------

def run(text: str, rpr: str = "") -> str:
    space = ' xml:space="preserve"' if text[:1] == " " or text[-1:] == " " else ""
    return f"<w:r>{rpr}<w:t{space}>{esc(text)}</w:t></w:r>"


def paragraph(style: str, runs: str, before: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{before}</w:pPr>{runs}</w:p>'


def para_ref(outcome) -> str:
    """The paragraph reference in English, as annexgen prints it."""
    return _ENGLISH.paragraphs(outcome.first_para, outcome.last_para)


_ENGLISH = english()


def outcome_runs(outcome, phrases) -> str:
    """The text split at the topic's key phrases, then the paragraph reference."""
    runs, pos, text = [], 0, outcome.text
    for phrase in phrases:
        if phrase.start > pos:
            runs.append(run(text[pos:phrase.start]))
        runs.append(run(text[phrase.start:phrase.end], KEY_RPR))
        pos = phrase.end
    if pos < len(text):
        runs.append(run(text[pos:]))
    runs.append(run(" "))
    runs.append(run(para_ref(outcome), REF_RPR))
    return "".join(runs)


def annex_a_docx(corpus, table) -> bytes:
    body: list[str] = [paragraph("Title", run("Annex A"))]
    for index, cluster in enumerate(corpus.clusters):
        breaks = "<w:pageBreakBefore/>" if index else ""
        body.append(paragraph("H1", run(f"{cluster.letter}. {cluster.title}"), breaks))
        for topic in cluster.topics:
            body.append(paragraph("H23", run(f"{topic.number}. {topic.title}")))
            body += _topic_outcomes(corpus.meetings, table.get(topic.id, {}))
    return docx_package("".join(body), "")


def _topic_outcomes(meetings, by_meeting) -> list[str]:
    paragraphs = []
    for meeting in meetings:
        for index, (outcome, phrases) in enumerate(by_meeting.get(meeting.id, ())):
            label = run(f"{meeting.region} ({meeting.symbol}): ", LABEL_RPR) if index == 0 else ""
            paragraphs.append(paragraph("Outcome", label + outcome_runs(outcome, phrases)))
    return paragraphs


def paper_docx(corpus) -> bytes:
    prose = corpus.prose["paper"]
    notes: dict[str, int] = {}
    body = "".join(paragraph("SingleTxt", inline_runs(block.inlines, notes))
                   for block in prose.blocks)
    footnotes = "".join(
        f'<w:footnote w:id="{number}">'
        + "".join(paragraph("FootnoteText", inline_runs(b.inlines, {}))
                  for b in prose.footnotes.get(name, ()))
        + "</w:footnote>" for name, number in notes.items())
    return docx_package(body, footnotes)


def inline_runs(inlines, notes: dict[str, int]) -> str:
    runs = []
    for item in inlines:
        if isinstance(item, Span):
            marks = ("<w:b/>" if BOLD in item.marks else "") + (
                "<w:i/>" if ITALIC in item.marks else "")
            runs.append(run(item.text, f"<w:rPr>{marks}</w:rPr>" if marks else ""))
        elif isinstance(item, NoteRef):
            number = notes.setdefault(item.name, len(notes) + 1)
            runs.append(f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                        f'<w:footnoteReference w:id="{number}"/></w:r>')
        elif isinstance(item, PageRef):
            runs.append(run("pages [?]"))
        elif isinstance(item, Break):
            runs.append("<w:r><w:br/></w:r>")
    return "".join(runs)


def docx_package(body: str, footnotes: str) -> bytes:
    rels = ('<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/styles" Target="styles.xml"/>')
    overrides = _override("/word/document.xml", "wordprocessingml.document.main")
    overrides += _override("/word/styles.xml", "wordprocessingml.styles")
    parts = {"word/document.xml": f"{DECLARATION}<w:document {W_NS}><w:body>{body}"
                                  "<w:sectPr/></w:body></w:document>",
             "word/styles.xml": _styles_xml()}
    if footnotes:
        rels += ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
                 '2006/relationships/footnotes" Target="footnotes.xml"/>')
        overrides += _override("/word/footnotes.xml", "wordprocessingml.footnotes")
        parts["word/footnotes.xml"] = (f"{DECLARATION}<w:footnotes {W_NS}>{footnotes}"
                                       "</w:footnotes>")
    parts["word/_rels/document.xml.rels"] = _relationships(rels)
    parts["_rels/.rels"] = _relationships(
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/>')
    parts["[Content_Types].xml"] = _content_types(overrides)
    return zip_parts(parts)


def _styles_xml() -> str:
    styles = "".join(f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{sid}"/>'
                     "</w:style>" for sid in STYLE_IDS)
    return f"{DECLARATION}<w:styles {W_NS}>{styles}</w:styles>"


def _override(name: str, kind: str) -> str:
    return (f'<Override PartName="{name}" ContentType="application/'
            f'vnd.openxmlformats-officedocument.{kind}+xml"/>')


def _relationships(body: str) -> str:
    return (f'{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships">{body}</Relationships>')


def _content_types(overrides: str) -> str:
    return (f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            f'ContentType="application/xml"/>{overrides}</Types>')


# -- Excel ---------------------------------------------------------------------------------

def annex_b_xlsx(corpus, table) -> bytes:
    meetings = corpus.meetings
    rows = [_text_row(1, ["Main topic/issue", *(f"{m.region} ({m.symbol})" for m in meetings)],
                      30.0)]
    merges = []
    for cluster in corpus.clusters:
        rows.append(_text_row(len(rows) + 1, [f"{cluster.letter}. {cluster.title}"], 30.0))
        merges.append(f"A{len(rows)}:{chr(ord('A') + len(meetings))}{len(rows)}")
        for topic in cluster.topics:
            rows += _topic_rows(len(rows) + 1, f"{topic.number}. {topic.title}", meetings,
                                table.get(topic.id, {}))
    return xlsx_package(_sheet_xml(rows, merges, len(meetings)))


def _topic_rows(first_row: int, label: str, meetings, by_meeting) -> list[str]:
    """Row k holds every meeting's k-th chunk of outcomes; later rows are continuations."""
    chunks = [_chunks(by_meeting.get(m.id, [])) for m in meetings]
    rows = []
    for k in range(max((len(c) for c in chunks), default=1) or 1):
        number = first_row + k
        cells = [_inline_cell(f"A{number}", [(label if k == 0 else label + " (cont.)", "")])]
        lines = 1
        for column, per_meeting in enumerate(chunks):
            if k < len(per_meeting):
                runs, chunk_lines = per_meeting[k]
                cells.append(_inline_cell(f"{chr(ord('B') + column)}{number}", runs))
                lines = max(lines, chunk_lines)
        rows.append(f'<row r="{number}" ht="{lines * LINE_PT + ROW_PAD_PT:.2f}" '
                    f'customHeight="1">{"".join(cells)}</row>')
    return rows


def _chunks(entries) -> list[tuple[list[tuple[str, str]], int]]:
    """Outcomes as rich-text runs, in cells no taller than SPLIT_PT, split between outcomes."""
    chunks, runs, lines = [], [], 0
    for outcome, phrases in entries:
        own = len(outcome.text) // CHARS_PER_LINE + 1
        if runs and (lines + 1 + own) * LINE_PT + ROW_PAD_PT > SPLIT_PT:
            chunks.append((runs, lines))
            runs, lines = [], 0
        if runs:
            runs.append(("\n\n", ""))
            lines += 1
        runs += _outcome_cell_runs(outcome, phrases)
        lines += own
    if runs:
        chunks.append((runs, lines))
    return chunks


def _outcome_cell_runs(outcome, phrases) -> list[tuple[str, str]]:
    runs, pos, text = [], 0, outcome.text
    for phrase in phrases:
        if phrase.start > pos:
            runs.append((text[pos:phrase.start], ""))
        runs.append((text[phrase.start:phrase.end], '<b val="1"/><u val="single"/>'))
        pos = phrase.end
    runs.append((text[pos:] + " " + para_ref(outcome), ""))
    return runs


def _inline_cell(ref: str, runs: list[tuple[str, str]]) -> str:
    body = "".join(f'<r><rPr>{XLSX_FONT}{marks}</rPr><t xml:space="preserve">{esc(text)}</t></r>'
                   for text, marks in runs)
    return f'<c r="{ref}" s="1" t="inlineStr"><is>{body}</is></c>'


def _text_row(number: int, texts: list[str], height: float) -> str:
    cells = "".join(_inline_cell(f"{chr(ord('A') + i)}{number}", [(text, "")])
                    for i, text in enumerate(texts))
    return f'<row r="{number}" ht="{height}" customHeight="1">{cells}</row>'


def _sheet_xml(rows: list[str], merges: list[str], meetings: int) -> str:
    cols = '<col min="1" max="1" width="32" customWidth="1"/>' + "".join(
        f'<col min="{i}" max="{i}" width="22.5" customWidth="1"/>' for i in range(2, meetings + 2))
    merged = "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
    return (f'{DECLARATION}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            f'2006/main"><cols>{cols}</cols><sheetData>{"".join(rows)}</sheetData>'
            f'<mergeCells count="{len(merges)}">{merged}</mergeCells></worksheet>')


def xlsx_package(sheet: str) -> bytes:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return zip_parts({
        "[Content_Types].xml": _content_types(
            _override("/xl/workbook.xml", "spreadsheetml.sheet.main")
            + _override("/xl/worksheets/sheet1.xml", "spreadsheetml.worksheet")
            + _override("/xl/styles.xml", "spreadsheetml.styles")),
        "_rels/.rels": _relationships(f'<Relationship Id="rId1" Type="{rel}/officeDocument" '
                                      'Target="xl/workbook.xml"/>'),
        "xl/workbook.xml": (f'{DECLARATION}<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
                            '<sheet name="Annex B" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": _relationships(
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'),
        "xl/styles.xml": (f'{DECLARATION}<styleSheet xmlns="{main}"><fonts count="1"><font>'
                          '<sz val="9"/><name val="Times New Roman"/></font></fonts>'
                          '<fills count="1"><fill><patternFill patternType="none"/></fill>'
                          '</fills><borders count="1"><border/></borders><cellXfs count="2">'
                          '<xf fontId="0" fillId="0" borderId="0"/><xf fontId="0" fillId="0" '
                          'borderId="0" applyAlignment="1"><alignment wrapText="1" '
                          'vertical="top"/></xf></cellXfs></styleSheet>'),
        "xl/worksheets/sheet1.xml": sheet,
    })
