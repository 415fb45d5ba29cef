"""Reads one meeting report, .docx or .pdf, in a child process bounded in time and memory;
what cannot be read is said in words about the file."""

from __future__ import annotations

import zlib
from pathlib import Path

from lxml import etree

from annexgen.core.diagnostics import Loc, Report
from annexgen.core.limits import MAX_REPORT_BYTES, MAX_REPORT_MEMORY_BYTES, MAX_REPORT_SECONDS
from annexgen.importer.readers.blocks import ReadReport, UnreadableReport
from annexgen.importer.readers.docx_report import read_docx
from annexgen.importer.readers.pdf_report import read_pdf
from annexgen.load.files import FileTooLarge, NotRegularFile, read_capped
from annexgen.proc.bounded import Bounds, Overrun, run_bounded

READERS = (".docx", ".pdf")


def read_report(path: Path, report: Report) -> ReadReport | None:
    """The report's blocks, or None with a located E601 saying why they cannot be read."""
    shown = str(path)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        hint = " (save it as .docx first)" if suffix in (".doc", ".odt", ".rtf") else ""
        report.add(Loc(shown), "E601", f"a report must be a .docx or .pdf file, not "
                   f"{suffix or 'a file without a suffix'}{hint}")
        return None
    data = _report_bytes(path, report)
    if data is None:
        return None

    def read() -> ReadReport | str:
        try:
            if suffix == ".docx":
                return read_docx(data, shown)
            return read_pdf(str(path), shown)
        except UnreadableReport as exc:
            return str(exc)
        except Exception as exc:  # what a damaged file makes the readers raise
            return _unreadable(exc)

    result = run_bounded(read, Bounds(MAX_REPORT_MEMORY_BYTES, MAX_REPORT_SECONDS))
    if isinstance(result, Overrun):
        report.add(Loc(shown), "E601", f"reading the report was stopped: {result.reason} "
                   f"(MAX_REPORT_SECONDS, MAX_REPORT_MEMORY_BYTES)")
        return None
    if isinstance(result, str):
        report.add(Loc(shown), "E601", result)
        return None
    return result


def _unreadable(exc: Exception) -> str:
    """Why a report could not be read, in words about the file."""
    if isinstance(exc, MemoryError) or "Memory allocation failed" in str(exc):
        return (f"reading the report needed more than {MAX_REPORT_MEMORY_BYTES // 2**20:,} MB "
                "of memory (MAX_REPORT_MEMORY_BYTES): a part of it inflates to far more than "
                "a report holds")
    if isinstance(exc, zlib.error):
        return f"a compressed part of the file is damaged ({exc}); save it again and retry"
    if isinstance(exc, etree.XMLSyntaxError):
        return f"a part of the file is not well-formed XML ({exc}); save it again and retry"
    return f"the file is damaged or not what its name says ({type(exc).__name__}: {exc})"


def _report_bytes(path: Path, report: Report) -> bytes | None:
    shown = str(path)
    try:
        return read_capped(path, MAX_REPORT_BYTES)
    except FileNotFoundError:
        report.add(Loc(shown), "E601", "report not found")
    except NotRegularFile as exc:
        report.add(Loc(shown), "E601", f"this is {exc.strerror}, not a regular file")
    except FileTooLarge as exc:
        report.add(Loc(shown), "E601", f"the report is {exc.strerror} bytes; the limit is "
                   f"{MAX_REPORT_BYTES:,} (MAX_REPORT_BYTES)")
    except OSError as exc:
        report.add(Loc(shown), "E601", f"cannot read the report: {exc.strerror}")
    return None
