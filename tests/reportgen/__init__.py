"""Test fixtures: UN-style meeting reports (.docx by python-docx or LibreOffice), their outcomes."""

from tests.reportgen.docx_report import write_report
from tests.reportgen.expected import Expected
from tests.reportgen.lo_report import write_lo_report, write_lo_source
from tests.reportgen.office import convert, to_pdf, to_pdfs

__all__ = ["Expected", "convert", "to_pdf", "to_pdfs", "write_lo_report", "write_lo_source",
           "write_report"]
