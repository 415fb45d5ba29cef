"""Named limits: caps on content and the limits of the formats annexgen writes."""

# -- content caps (annexgen's own; a file over them is refused with its name) --
MAX_CONTENT_FILE_BYTES = 2_000_000
MAX_TEMPLATE_OUTPUT_CHARS = 1_000_000
MAX_OUTCOME_CHARS = 20_000
MAX_OUTCOMES = 100_000
MAX_PHRASES_PER_TOPIC = 20
MAX_TEMPLATE_EXPONENT = 64
# What rendering all the templates may cost, whatever they ask for (the shipped ones take
# about 0.03 s and a few MB, also at 100 times the shipped content).
MAX_TEMPLATE_SECONDS = 4
MAX_TEMPLATE_MEMORY_BYTES = 512 * 2**20
MAX_FIELD_CHARS = 2_000
# Numbers read from content: a UN report has a few hundred paragraphs, and a key phrase
# cannot occur more often than this in an outcome of MAX_OUTCOME_CHARS.
MAX_PARAGRAPH_NUMBER = 9_999
MAX_OCCURRENCE = 1_000

# -- Excel (Microsoft "Excel specifications and limits") --
EXCEL_MAX_CELL_CHARS = 32_767
EXCEL_MAX_LINE_FEEDS = 253
EXCEL_MAX_ROW_HEIGHT_PT = 409
EXCEL_MAX_SHEET_NAME = 31
EXCEL_MAX_HEADER_FOOTER_CHARS = 255
EXCEL_MAX_URL_CHARS = 2_079

# -- Word --
WORD_MAX_BOOKMARK_NAME = 40
