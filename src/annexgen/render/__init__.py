"""Rendering with LibreOffice: PDFs for distribution and the page numbers only layout knows."""
