"""Sets of reports for a test session: name -> (writer, meeting, options), written at once."""

from __future__ import annotations

from pathlib import Path

from tests.reportgen.docx_report import write_report
from tests.reportgen.lo_report import write_lo_report

WRITERS = {"docx": write_report, "lo": write_lo_report}


def write_reports(corpus, spec: dict[str, tuple[str, str, dict]], folder: Path,
                  kind: str) -> dict:
    """name -> (report path, Expected) for the reports of `spec` that `kind` writes."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: (folder / f"{name}.docx",
                   WRITERS[kind](corpus, meeting, folder / f"{name}.docx", **options))
            for name, (writer, meeting, options) in spec.items() if writer == kind}
