"""How a generated report is set, beyond its words: the variations a PDF reader must see through."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    """The default is the UN look the fixtures always had; each field changes one thing.

    font: the family of every style (None: Times New Roman in .docx, Liberation Serif in
    LibreOffice's own documents). close_tab: the tab after a paragraph number stops 0.4 cm
    after the number's start, so that a one-digit number ("8.") stands a narrow gap from its
    text while longer ones tab on to the indent. tight: subheadings (H23) have no space after
    them and body paragraphs none before or after: a paragraph's first line follows the line
    above it at the body's own pitch. agenda_size: the size of the agenda item headings (H1,
    12 pt in UN documents): at 14 pt their lines stand further apart than body lines do.
    raised_marks: footnote references at body size, raised, not as smaller superscripts (in
    a .docx, w:position on the reference run, as Word prints it; LibreOffice prints the
    references of a .docx as superscripts whatever the run says, so a PDF with raised marks
    is printed from LibreOffice's own flat ODT, whose citation style raises them a third
    of the size). marks_before_punctuation: the reference stands before the full stop that
    ends its sentence ("Development¹."). two_columns: the outcome sections of this agenda
    item (0 the first) are set in two columns, in a section of their own.
    """

    font: str | None = None
    close_tab: bool = False
    tight: bool = False
    agenda_size: float | None = None
    raised_marks: bool = False
    marks_before_punctuation: bool = False
    two_columns: int | None = None


PLAIN = Layout()
