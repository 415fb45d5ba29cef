"""PDF normalisation: UTC dates whatever zone LibreOffice wrote, offsets still right."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from annexgen.render.pdfnorm import normalize_pdf
from annexgen.render.soffice import RenderError

WHEN = dt.datetime(2019, 9, 11)


def _pdf(date: bytes) -> bytes:
    """A small PDF laid out as LibreOffice writes one, its dates before most objects."""
    objects = [b"<</Type/Catalog/Pages 3 0 R>>",
               b"<</Producer(LibreOffice)/CreationDate(%s)/ModDate(%s)>>" % (date, date),
               b"<</Type/Pages/Kids[4 0 R]/Count 1>>",
               b"<</Type/Page/Parent 3 0 R/MediaBox[0 0 595 842]>>"]
    pdf, offsets = b"%PDF-1.6\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return pdf + (b"trailer\n<</Size %d/Root 1 0 R/Info 2 0 R/ID [ <%s>\n<%s> ]>>\n"
                  b"startxref\n%d\n%%%%EOF\n" % (len(objects) + 1, b"0F" * 16, b"0F" * 16, table))


def _offsets_are_right(pdf: bytes) -> bool:
    """`startxref` names the table, and each entry in use the object it stands for."""
    table = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf).group(1))
    entries = re.findall(rb"(\d{10}) \d{5} ([nf])", pdf[table:pdf.index(b"trailer", table)])
    return pdf.startswith(b"xref", table) and all(
        pdf.startswith(b"%d 0 obj" % number, int(offset))
        for number, (offset, kind) in enumerate(entries) if kind == b"n")


@pytest.mark.parametrize("zone", [b"Z'", b"+09'00'", b"-08'00'", b"+0530", b"Z", b""])
def test_dates_are_utc_whatever_zone_was_written(zone):
    pdf = normalize_pdf(_pdf(b"D:20251201093015" + zone), WHEN)
    assert pdf.count(b"(D:20190911000000Z)") == 2
    assert pdf == normalize_pdf(_pdf(b"D:20190101000000Z'"), WHEN)
    assert _offsets_are_right(pdf)


def test_ids_come_from_the_content():
    pdf = normalize_pdf(_pdf(b"D:20251201093015+09'00'"), WHEN)
    [first, second] = re.search(rb"/ID \[ <(\w+)>\n<(\w+)> \]", pdf).groups()
    assert first == second != b"0F" * 16
    assert normalize_pdf(pdf, WHEN) == pdf


def test_a_pdf_whose_table_cannot_be_found_is_an_error():
    pdf = _pdf(b"D:20251201093015+09'00'").replace(b"startxref", b"startXref")
    with pytest.raises(RenderError, match="cross-reference table"):
        normalize_pdf(pdf, WHEN)
