"""Sets of reports for a test session: name -> (writer, meeting, options), written at once."""

from __future__ import annotations

from pathlib import Path

from tests.reportgen.docx_report import write_report
from tests.reportgen.lo_report import write_lo_source
from tests.reportgen.office import convert


def write_reports(corpus, spec: dict[str, tuple[str, str, dict]], folder: Path,
                  kind: str) -> dict:
    """name -> (report path, Expected) for the reports of `spec` that `kind` writes: "docx"
    (python-docx) or "lo" (LibreOffice's .docx, converted from flat ODT sources left beside
    them, all in one soffice call)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [name for name, (writer, _, _) in spec.items() if writer == kind]
    if kind == "docx":
        return {name: (folder / f"{name}.docx",
                       write_report(corpus, spec[name][1], folder / f"{name}.docx",
                                    **spec[name][2])) for name in names}
    expected = {name: write_lo_source(corpus, spec[name][1], folder / f"{name}.fodt",
                                      **spec[name][2]) for name in names}
    if names:
        convert([folder / f"{name}.fodt" for name in names], folder, "docx:MS Word 2007 XML")
    return {name: (folder / f"{name}.docx", expected[name]) for name in names}
