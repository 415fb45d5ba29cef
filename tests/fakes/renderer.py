"""A renderer without LibreOffice, for testing the pipeline: each cluster on a page of its own.

It keeps the `Renderer` contract: an office file in, a real PDF out (pdftotext reads it), its
page count, and the page of each anchor. An annex gets a page for its opening and one for
each cluster, which shows the cluster's heading; the paper gets one page with its text, so
that the check of the pages it prints is the real one. It records what it was sent, and can
fail a job or take its time over each.
"""

from __future__ import annotations

import io
import threading
import time
import zipfile
from collections.abc import Sequence
from concurrent.futures import Future

from lxml import etree

from annexgen.render.renderer import Job, Rendering
from annexgen.render.soffice import RenderError

_TEXT = {"docx": ("word/document.xml", "{http://schemas.openxmlformats.org/"
                  "wordprocessingml/2006/main}p")}


class FakeRenderer:
    def __init__(self, fail: str | None = None, seconds: float = 0.0):
        self.fail, self.seconds = fail, seconds
        self.submitted: list[str] = []
        self.started = 0
        self._lock = threading.Lock()

    def start(self) -> None:
        self.started += 1

    def submit(self, jobs: Sequence[Job]) -> list[Future[Rendering]]:
        futures = []
        for job in jobs:
            with self._lock:
                self.submitted.append(job.file_name)
            future: Future[Rendering] = Future()
            threading.Thread(target=self._render, args=(job, future), daemon=True).start()
            futures.append(future)
        return futures

    def close(self, wait: bool = True) -> None:
        pass

    def _render(self, job: Job, future: Future[Rendering]) -> None:
        time.sleep(self.seconds)
        if self.fail is not None and job.name.startswith(self.fail):
            future.set_exception(RenderError(f"the fake renderer fails {job.file_name}"))
            return
        if job.anchors:
            pages = [f"{job.name} opening"] + [anchor.heading for anchor in job.anchors]
            anchors = {anchor.cluster_id: index + 2 for index, anchor in enumerate(job.anchors)}
        else:
            pages, anchors = [_paragraphs(job)], {}
        pdf = pdf_of(pages)
        future.set_result(Rendering(pdf, len(_laid_out(pages)), anchors))


def _paragraphs(job: Job) -> str:
    part, tag = _TEXT["docx"]
    with zipfile.ZipFile(io.BytesIO(job.source)) as package:
        root = etree.fromstring(package.read(part))
    return "\n".join("".join(p.itertext()) for p in root.iter(tag))


def pdf_of(pages: list[str]) -> bytes:
    """A PDF of plain text pages (Helvetica, WinAnsi), laid out as LibreOffice lays out its
    own: objects uncompressed, a cross-reference table, its dates and ids to be set."""
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"",
               b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>"]
    kids = []
    for lines in _laid_out(pages):
        shown = b"".join(b"(" + _escape(line) + b") Tj T* " for line in lines)
        stream = b"BT /F1 9 Tf 11 TL 40 800 Td " + shown + b"ET"
        objects.append(b"<</Length %d>>stream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents %d 0 R"
                       b"/Resources<</Font<</F1 3 0 R>>>>>>" % len(objects))
        kids.append(len(objects))
    objects[1] = b"<</Type/Pages/Kids[%s]/Count %d>>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids), len(kids))
    objects.append(b"<</Producer(annexgen fake)/CreationDate(D:20200101000000Z)"
                   b"/ModDate(D:20200101000000Z)>>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<</Size %d/Root 1 0 R/Info %d 0 R/ID [<%s> <%s>]>>\n"
              % (len(objects) + 1, len(objects), b"0" * 32, b"0" * 32))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def _laid_out(pages: list[str], width: int = 90, height: int = 70) -> list[list[str]]:
    """Each text's lines cut at `width` characters, on as many pages as they need."""
    laid = []
    for text in pages:
        lines = [line[i:i + width] for line in text.split("\n")
                 for i in range(0, len(line) or 1, width)]
        laid += [lines[i:i + height] for i in range(0, len(lines), height)]
    return laid


def _escape(line: str) -> bytes:
    data = line.encode("cp1252", "replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
