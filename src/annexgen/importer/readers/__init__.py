"""Report readers: a .docx or a PDF into headings and numbered paragraphs, in reading order."""
