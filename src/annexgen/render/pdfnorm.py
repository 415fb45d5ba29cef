"""Makes LibreOffice's PDFs reproducible: UTC dates, ids from the content, offsets kept right."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from annexgen.render.soffice import RenderError

# Every field LibreOffice fills with the clock or a random id. A date ends in whatever zone
# LibreOffice ran in (Z', +09'00', -08'00'); it is rewritten in UTC, and the cross-reference
# offsets behind it are moved by the change in length. Ids are rewritten in place.
_DATE = re.compile(rb"/(CreationDate|ModDate)\(D:\d{14}[Z+\-\d']*\)")
_ID = re.compile(rb"/ID \[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-Fa-f]+)")
_START_XREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_IN_USE = re.compile(rb"(\d{10}) (\d{5}) n")


def normalize_pdf(data: bytes, when: dt.datetime) -> bytes:
    """The PDF with its dates set to `when` (a UTC time) and ids made from its bytes."""
    data = _set_dates(data, when.strftime("D:%Y%m%d%H%M%SZ").encode())
    digest = hashlib.md5(_blank(data), usedforsecurity=False).hexdigest().upper().encode()
    data = _ID.sub(lambda m: _fill(m, digest), data)
    return _CHECKSUM.sub(lambda m: _fill(m, digest), data)


def _set_dates(data: bytes, date: bytes) -> bytes:
    moves: list[tuple[int, int]] = []  # (where in the old bytes, bytes gained there)

    def replace(match: re.Match) -> bytes:
        new = b"/%s(%s)" % (match.group(1), date)
        moves.append((match.start(), len(new) - len(match.group(0))))
        return new

    changed = _DATE.sub(replace, data)
    return _move_offsets(changed, moves) if any(gain for _, gain in moves) else changed


def _move_offsets(data: bytes, moves: list[tuple[int, int]]) -> bytes:
    """The cross-reference table and `startxref` pointing where the objects are now."""

    def moved(offset: int) -> int:
        return offset + sum(gain for where, gain in moves if where < offset)

    end = _START_XREF.search(data)
    if end is None or not data.startswith(b"xref", table := moved(int(end.group(1)))):
        raise RenderError("LibreOffice wrote a PDF without a cross-reference table at its end")
    stop = data.index(b"trailer", table)
    entries = _IN_USE.sub(lambda m: b"%010d %s n" % (moved(int(m.group(1))), m.group(2)),
                          data[table:stop])
    return b"%s%s%s%d%s" % (data[:table], entries, data[stop:end.start(1)], table,
                           data[end.end(1):])


def _fill(match: re.Match, digest: bytes) -> bytes:
    whole, offset = match.group(0), match.start(0)
    for group in range(len(match.groups()), 0, -1):
        start, end = match.span(group)
        value = (digest * 2)[: end - start]
        whole = whole[:start - offset] + value + whole[end - offset:]
    return whole


def _blank(data: bytes) -> bytes:
    data = _ID.sub(b"", data)
    return _CHECKSUM.sub(b"", data)
