"""Keeps one headless LibreOffice running and converts to PDF the files it is sent, over UNO.

Run as a script by a Python that has LibreOffice's `uno` module (not annexgen's own
interpreter): `python3 uno_driver.py SOFFICE PROFILE_URL PIPE_NAME STARTUP_TIMEOUT`.
Protocol, one JSON object per line: it prints {"ready": true} once LibreOffice answers,
then reads jobs {"job": N, "source": path, "pdf": path, "anchors": [[id, mark], ...]} and
answers each, in order, with {"job": N, "done": true, "pages": N, "anchors": {id: page}} or
{"job": N, "error": "..."};
a mark is a bookmark's name (Writer) or a sheet row from 1 (Calc), and its page is read
from LibreOffice's own layout. End of input shuts LibreOffice down. When `uno` cannot be
imported it prints {"unavailable": "..."} and exits with status 3; when LibreOffice itself
dies, it says so on stderr and exits with status 4 (the client then starts afresh).
"""

import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path

try:
    import uno
    from com.sun.star.beans import PropertyValue
except ImportError as missing:
    print(json.dumps({"unavailable": f"python module uno: {missing}"}), flush=True)
    sys.exit(3)

SPREADSHEET = "com.sun.star.sheet.SpreadsheetDocument"


def main(soffice: str, profile_url: str, pipe_name: str, startup_timeout: float) -> int:
    office = _launch(soffice, profile_url, pipe_name)
    try:
        desktop = _connect(office, pipe_name, startup_timeout)
    except RuntimeError as exc:
        _reply(error=str(exc))
        _stop(office, None)
        return 1
    _reply(ready=True)
    for line in sys.stdin:
        try:
            job = json.loads(line)
            pages, anchors = _convert(desktop, Path(job["source"]), Path(job["pdf"]),
                                      job.get("anchors", []), job.get("filter_data", {}))
        except Exception as exc:  # every UNO failure is reported to the client, which decides
            if office.poll() is not None:  # LibreOffice itself is gone: so is this driver
                print(f"LibreOffice stopped (exit {office.returncode}) while converting: "
                      f"{type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
                return 4
            _reply(job=_number(line), error=str(exc) if isinstance(exc, RuntimeError)
                   else f"{type(exc).__name__}: {exc}")
            continue
        _reply(job=job.get("job"), done=True, pages=pages, anchors=anchors)
    _stop(office, desktop)
    return 0


def _launch(soffice: str, profile_url: str, pipe_name: str) -> subprocess.Popen:
    accept = f"--accept=pipe,name={pipe_name};urp;StarOffice.ComponentContext"
    return subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile_url}", "--headless", "--invisible",
         "--nologo", "--nodefault", "--norestore", "--nolockcheck", accept],
        stdin=subprocess.DEVNULL, stdout=sys.stderr, stderr=sys.stderr)


def _connect(office: subprocess.Popen, pipe_name: str, timeout: float):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:pipe,name={pipe_name};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + timeout
    while True:
        try:
            context = resolver.resolve(url)
            return context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context)
        except Exception as exc:  # NoConnectException until LibreOffice listens
            if office.poll() is not None:
                raise RuntimeError(f"LibreOffice exited with status {office.returncode} "
                                   "before it accepted a connection") from exc
            if time.monotonic() > deadline:
                raise RuntimeError(f"LibreOffice did not answer within {timeout:.0f} s") from exc
            time.sleep(0.05)


def _convert(desktop, source: Path, target: Path, anchors: list, filter_data: dict) -> tuple:
    """Exports the PDF; returns its page count and the page of each anchor (None where the
    layout cannot tell)."""
    document = desktop.loadComponentFromURL(source.as_uri(), "_blank", 0,
                                            _properties(Hidden=True, ReadOnly=True))
    if document is None:
        raise RuntimeError(f"LibreOffice could not load {source.name}")
    try:
        spreadsheet = document.supportsService(SPREADSHEET)
        pdf_filter = "calc_pdf_Export" if spreadsheet else "writer_pdf_Export"
        data = uno.Any("[]com.sun.star.beans.PropertyValue", _properties(**filter_data))
        document.storeToURL(target.as_uri(), _properties(FilterName=pdf_filter, FilterData=data))
        if spreadsheet:
            return _sheet_pages(document, anchors)
        return _text_pages(document, anchors)
    finally:
        document.close(True)


def _text_pages(document, anchors: list) -> tuple:
    """Writer: the page the view cursor stands on at each bookmark's start."""
    cursor = document.getCurrentController().getViewCursor()
    bookmarks = document.getBookmarks()
    found = {}
    for cluster_id, name in anchors:
        if bookmarks.hasByName(name):
            cursor.gotoRange(bookmarks.getByName(name).getAnchor().getStart(), False)
            found[cluster_id] = cursor.getPage()
    cursor.jumpToLastPage()
    return cursor.getPage(), found


def _sheet_pages(document, anchors: list) -> tuple:
    """Calc, a workbook of one printed sheet: a row's page is one more than the row breaks
    above it (the breaks of the layout just printed, manual and automatic)."""
    sheet = document.getSheets().getByIndex(0)
    used = sheet.createCursor()
    used.gotoEndOfUsedArea(False)
    last = used.getRangeAddress().EndRow  # breaks go on below it, through empty rows
    areas = sheet.getPrintAreas()  # the first printed row starts page 1: it is no break
    first = min((area.StartRow for area in areas), default=0)
    breaks = [item.Position for item in sheet.getRowPageBreaks()
              if first < item.Position <= last]
    found = {}
    for cluster_id, row in anchors:
        found[cluster_id] = 1 + sum(1 for position in breaks if position <= row - 1)
    pages = 1 + len(breaks) if document.getSheets().getCount() == 1 else None
    return pages, found


def _properties(**values) -> tuple:
    properties = []
    for name, value in values.items():
        item = PropertyValue()
        item.Name, item.Value = name, value
        properties.append(item)
    return tuple(properties)


def _stop(office: subprocess.Popen, desktop) -> None:
    if desktop is not None:
        # The bridge drops while LibreOffice quits, which is the goal.
        with contextlib.suppress(Exception):
            desktop.terminate()
    try:
        office.wait(timeout=15)
    except subprocess.TimeoutExpired:
        office.kill()
        office.wait()


def _number(line: str):
    """The job's number, also from a request that failed to be read."""
    with contextlib.suppress(Exception):
        return json.loads(line).get("job")
    return None


def _reply(**message) -> None:
    print(json.dumps(message), flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])))
