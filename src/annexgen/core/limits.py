"""Named limits: caps on content and the limits of the formats annexgen writes."""

# -- content caps (annexgen's own; a file over them is refused with its name) --
MAX_CONTENT_FILE_BYTES = 2_000_000
MAX_TEMPLATE_OUTPUT_CHARS = 1_000_000
MAX_OUTCOME_CHARS = 20_000
MAX_OUTCOMES = 100_000
MAX_PHRASES_PER_TOPIC = 20
MAX_TEMPLATE_EXPONENT = 64
# What rendering all the templates may cost, whatever they ask for (the shipped ones take
# about 0.03 s, also at 100 times the shipped content).
MAX_TEMPLATE_SECONDS = 4
MAX_TEMPLATE_MEMORY_BYTES = 512 * 2**20
MAX_FIELD_CHARS = 2_000
# The most meetings `annexgen init` writes into a new exercise.
MAX_MEETINGS = 50
# Numbers read from content: a UN report has a few hundred paragraphs, and no one marks
# the thousandth occurrence of a phrase in one outcome.
MAX_PARAGRAPH_NUMBER = 9_999
MAX_OCCURRENCE = 1_000
# Annex B's sheet styles must hold an outcome this long in one cell: the shipped outcomes
# run to 704 characters (median 404), so a layout refusing 700 would refuse real content.
ORDINARY_OUTCOME_CHARS = 700

# -- Excel (Microsoft "Excel specifications and limits") --
EXCEL_MAX_CELL_CHARS = 32_767
EXCEL_MAX_LINE_FEEDS = 253
EXCEL_MAX_ROW_HEIGHT_PT = 409
EXCEL_MAX_SHEET_NAME = 31
EXCEL_MAX_HEADER_FOOTER_CHARS = 255
EXCEL_MAX_URL_CHARS = 2_079
EXCEL_MAX_COLUMN_WIDTH = 255  # characters; also [MS-OI29500] 2.1.598 (col width 0 to 255)
EXCEL_DEFAULT_COLUMN_WIDTH = 8.43
EXCEL_MAX_FONT_PT = 409  # Excel's font size box: 1 to 409

# -- Word ([MS-OI29500], Office Implementation Information for ISO/IEC 29500) --
WORD_MAX_BOOKMARK_NAME = 40
WORD_MAX_PAGE_MM = 558.8  # pgSz w and h at most 31680 twips, 22 in (2.1.219)
WORD_MAX_STYLE_NAME = 253  # basedOn, link and aliases values: at most 253 characters (2.1.227-234)
WORD_MAX_FONT_PT = 1638  # Word's Font dialog: 1 to 1638 pt, in half points (ST_HpsMeasure)

# -- styles/styles.yaml (annexgen's own bounds, far inside the formats' limits above) --
# A UN document sets 9 to 14 pt; a size outside this range is a typo, not a design.
STYLE_FONT_PT = (4, 72)
# Space before or after a paragraph: up to an inch.
STYLE_SPACING_PT = (0, 72)
# An exact line height against the font size: closer lines overlap (Word and LibreOffice
# clip the glyphs), and Word's line spacing presets end at triple.
LINE_EXACT_TO_SIZE = (1, 3)
# Page sides: from a small card up to Word's largest page.
PAGE_SIDE_MM = (50, WORD_MAX_PAGE_MM)
# The narrowest and lowest text area the margins may leave, and the narrowest an indent
# may leave of it: a column of a few words, a few lines (the sizes must fit it too, below).
MIN_TEXT_WIDTH_MM = 40
MIN_TEXT_HEIGHT_MM = 40
# Each paragraph style's lines must hold this many characters (a satisfactory line has 45
# to 75, Bringhurst, The Elements of Typographic Style, 2.1.2) and a page this many lines:
# fewer, and the shipped content runs to thousands of pages (12,124 for Annex A at 72 pt in
# a 62.5 mm column, 268 s to render), past LibreOffice's 300 s for one document.
MIN_CHARS_PER_LINE = 30
MIN_LINES_PER_PAGE = 10
# The topic column's share of the matrix's width: from a narrow label column to half the page.
SHEET_TOPIC_SHARE = (0.1, 0.5)
# Annex B's sheet styles must hold an ordinary outcome in one cell with this many meetings
# (the shipped content has 5); more meetings make narrower columns, and an outcome too long
# for them is refused on its own (E206).
SHEET_MEETINGS_CHECKED = 6
# Annex B is printed on A4 (ISO 216) in landscape: width, height in mm.
SHEET_PAPER_MM = (297, 210)
# Levels numbering.xml defines for bullets and numbered lists (Word allows 9).
LIST_LEVELS = 3

# -- meeting reports read by `annexgen import` --
# A UN meeting report is 20 to 60 pages: well under a megabyte as .docx, a few as PDF.
MAX_REPORT_BYTES = 50_000_000
# Reading one report (opening the package or running pdftotext, then parsing) may take
# this long and this much memory beyond the importer's own, whatever the file holds.
MAX_REPORT_SECONDS = 60
MAX_REPORT_MEMORY_BYTES = 1024 * 2**20
# A PDF page of text draws itself with 10 to 100 kB of content (a dense page with tables
# under 1 MB): a page whose content inflates past this is damaged or hostile, and is not
# read (its decompression is counted a megabyte at a time, never held).
MAX_PDF_PAGE_CONTENT_BYTES = 64 * 2**20
# Words a PDF report may hold: a 60-page report has about 30,000; a thousand pages of
# dense text, 600,000.
MAX_PDF_WORDS = 2_000_000
