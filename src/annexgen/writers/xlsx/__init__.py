"""The Excel writer: Annex B as a workbook, one module per sheet."""
