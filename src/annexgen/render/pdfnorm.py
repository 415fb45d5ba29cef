"""Makes LibreOffice's PDFs reproducible: fixed dates, ids from the content, same byte offsets."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

# Every field LibreOffice fills with the clock or a random id; each is rewritten in place
# with a value of the same length, so the cross-reference offsets stay right.
_DATE = re.compile(rb"/(CreationDate|ModDate)\(D:(\d{14})([^)]*)\)")
_ID = re.compile(rb"/ID \[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-Fa-f]+)")


def normalize_pdf(data: bytes, when: dt.datetime) -> bytes:
    stamp = when.strftime("%Y%m%d%H%M%S").encode()
    data = _DATE.sub(lambda m: _same_length(m, 2, stamp), data)
    digest = hashlib.md5(_blank(data), usedforsecurity=False).hexdigest().upper().encode()
    data = _ID.sub(lambda m: _fill(m, digest), data)
    return _CHECKSUM.sub(lambda m: _fill(m, digest), data)


def _same_length(match: re.Match, group: int, value: bytes) -> bytes:
    start, end = match.span(group)
    whole = match.group(0)
    offset = match.start(0)
    return whole[:start - offset] + value + whole[end - offset:]


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
