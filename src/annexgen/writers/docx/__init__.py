"""The Word writer: one module per part of the package (document, styles, footnotes ...)."""
