"""The Annex B layout engine: font metrics, lines in a cell, rows on a page."""
