"""Makes LibreOffice's PDFs reproducible: UTC dates, ids from the content, offsets kept right."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from annexgen.render.soffice import RenderError

# Every field LibreOffice fills with the clock or a random id. A date ends in whatever zone
# LibreOffice ran in (Z', +09'00', -08'00'); it is rewritten in UTC, and the cross-reference
# offsets behind it are moved by the change in length. Ids are rewritten in place.
_DATE = re.compile(rb"/(CreationDate|ModDate) ?\(D:\d{14}[Z+\-\d']*\)")
_ID = re.compile(rb"/ID \[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-Fa-f]+)")
# The same dates in the XMP packet (PDF/A wants them equal to the Info dates). The packet's
# trailing padding absorbs any change in length, so no offset moves.
_XMP_DATE = re.compile(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>([^<]*)</xmp:\1>")
_XMP_PADDING = re.compile(rb"(\s*)(<\?xpacket end=)")
_CATALOG = re.compile(rb"/Type ?/Catalog\b")
_LANG = re.compile(rb"/Lang ?\(([A-Za-z0-9-]*)\)")
# The XMP packet's stream, and where its Dublin Core properties go.
_METADATA_STREAM = re.compile(rb"<<([^<>]*/Type ?/Metadata[^<>]*)>>\s*stream\r?\n")
# LibreOffice writes rdf:about first, pikepdf (Annex B's mended PDF) the namespace.
_DC_DESCRIPTION = re.compile(rb'<rdf:Description (?:rdf:about="" )?xmlns:dc="http://purl\.org/'
                             rb'dc/elements/1\.1/"(?: rdf:about="")?>')
_DC_LANGUAGE = re.compile(rb"\s*<dc:language>.*?</dc:language>", re.DOTALL)
# PDF/A's output intent embeds an ICC colour profile LibreOffice makes at export, stamped
# with the clock in its header (bytes 24-35: year, month, day, hour, minute, second).
_COLOUR_STREAM = re.compile(rb"<<([^<>]*/N [134]\b[^<>]*)>>\s*stream\r?\n")
_LENGTH = re.compile(rb"/Length ?(\d+)( 0 R)?")
_START_XREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_IN_USE = re.compile(rb"(\d{10}) (\d{5}) n")


def normalize_pdf(data: bytes, when: dt.datetime, language: str = "") -> bytes:
    """The PDF with its dates set to `when` (a UTC time), its language (the catalog's /Lang)
    `language` when one is given, and ids made from its bytes."""
    data = _set_dates(data, when.strftime("D:%Y%m%d%H%M%SZ").encode())
    if language:
        data = _set_language(data, language.encode("ascii"))
    data = _set_xmp_dates(data, when.strftime("%Y-%m-%dT%H:%M:%SZ").encode())
    if language:
        data = _set_xmp_language(data, language.encode("ascii"))
    data = _set_icc_dates(data, when)
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


def _set_language(data: bytes, language: bytes) -> bytes:
    """The catalog's /Lang set to `language`: LibreOffice writes one (Calc its own locale's),
    or none (Calc, for some languages); then it is added after the catalog's /Type."""
    moves: list[tuple[int, int]] = []

    def replace(match: re.Match) -> bytes:
        new = b"/Lang(%s)" % language
        moves.append((match.start(), len(new) - len(match.group(0))))
        return new

    catalog = _CATALOG.search(data)
    if catalog is None:
        return data
    start, end = data.rfind(b" obj", 0, catalog.start()), data.find(b"endobj", catalog.end())
    if start == -1 or end == -1:
        return data
    if _LANG.search(data, start, end):
        changed = data[:start] + _LANG.sub(replace, data[start:end]) + data[end:]
        moves = [(start + where, gain) for where, gain in moves]
    else:
        added = b"/Lang(%s)" % language
        changed = data[:catalog.end()] + added + data[catalog.end():]
        moves = [(catalog.end(), len(added))]
    return _move_offsets(changed, moves) if any(gain for _, gain in moves) else changed


def _set_icc_dates(data: bytes, when: dt.datetime) -> bytes:
    """Each embedded ICC profile's creation date set to `when`, the stream compressed again
    (its length, direct or in an object of its own, said again) and the offsets moved."""
    import struct

    stamp = struct.pack(">6H", when.year, when.month, when.day, when.hour, when.minute,
                        when.second)
    edits: list[tuple[int, int, bytes]] = []
    for found in _COLOUR_STREAM.finditer(data):
        if b"/FlateDecode" in found.group(1):
            edits.extend(_restamped_profile(data, found, stamp))
    return _edited(data, edits) if edits else data


def _edited(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """The PDF with each (start, end, bytes) edit made, and its offsets moved for them."""
    pieces, moves, last = [], [], 0
    for begin, finish, new in sorted(edits):
        pieces += [data[last:begin], new]
        moves.append((begin, len(new) - (finish - begin)))
        last = finish
    pieces.append(data[last:])
    return _move_offsets(b"".join(pieces), moves)


def _restamped_profile(data: bytes, found: re.Match, stamp: bytes) -> list:
    """The edits (start, end, bytes) that give one colour stream's ICC profile `stamp` as its
    date: its data, and its length where that is written; none for another stream."""
    import zlib

    length = _LENGTH.search(found.group(1))
    if length is None:
        return []
    if length.group(2):  # /Length N 0 R: the length is an object of its own
        held = re.search(rb"\n%s 0 obj\s*(\d+)\s*endobj" % length.group(1), data)
        if held is None:
            return []
        size, where = int(held.group(1)), held.span(1)
    else:
        size = int(length.group(1))
        where = (found.start(1) + length.start(1), found.start(1) + length.end(1))
    try:
        profile = zlib.decompress(data[found.end():found.end() + size])
    except zlib.error:
        return []
    if profile[36:40] != b"acsp" or profile[24:36] == stamp:
        return []
    packed = zlib.compress(profile[:24] + stamp + profile[36:], 9)
    return [(where[0], where[1], b"%d" % len(packed)),
            (found.end(), found.end() + size, packed)]


def _set_xmp_dates(data: bytes, date: bytes) -> bytes:
    """The XMP packet's dates set to `date`, its length kept by its padding."""
    found = _XMP_DATE.search(data)
    if found is None:
        return data
    start = data.rfind(b"<?xpacket begin", 0, found.start())
    padding = _XMP_PADDING.search(data, found.start())
    if start == -1 or padding is None:
        raise RenderError("LibreOffice wrote XMP dates outside an XMP packet")
    packet = data[start:padding.start(2)]
    dated = _XMP_DATE.sub(lambda m: b"<xmp:%s>%s</xmp:%s>" % (m.group(1), date, m.group(1)),
                          packet)
    room = len(packet) - len(dated)
    kept = dated.rstrip()
    if len(dated) - len(kept) + room < 1:
        raise RenderError("the XMP packet has no padding left for its dates")
    filled = kept + b"\n" + b" " * (len(packet) - len(kept) - 1)
    return data[:start] + filled + data[padding.start(2):]


def _set_xmp_language(data: bytes, language: bytes) -> bytes:
    """The XMP packet's dc:language set to `language` (PDF/UA asks for it beside /Lang), in
    the packet's padding where it has room, else in a stream grown for it (offsets moved)."""
    for found in _METADATA_STREAM.finditer(data):
        length = _LENGTH.search(found.group(1))
        if length is None or length.group(2):
            continue
        size = int(length.group(1))
        packet = data[found.end():found.end() + size]
        if not packet.startswith(b"<?xpacket begin"):
            continue
        changed = _with_language(packet, language)
        if changed is None:
            return data
        padding = _XMP_PADDING.search(changed)
        if padding is None:
            raise RenderError("LibreOffice wrote an XMP packet without its end")
        body = changed[:padding.start(1)]
        filled = body + b"\n" + b" " * max(0, size - len(changed) + len(padding.group(1)) - 1)
        new = filled + changed[padding.start(2):]
        if len(new) == size:
            return data[:found.end()] + new + data[found.end() + size:]
        digits = (found.start(1) + length.start(1), found.start(1) + length.end(1))
        return _edited(data, [(*digits, b"%d" % len(new)),
                              (found.end(), found.end() + size, new)])
    return data


def _with_language(packet: bytes, language: bytes) -> bytes | None:
    """The packet with dc:language saying `language` (None: it has no Dublin Core part)."""
    entry = b"\n   <dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>" % language
    described = _DC_DESCRIPTION.search(packet)
    if described is None:
        return None
    rest = _DC_LANGUAGE.sub(b"", packet[described.end():], count=1)
    return packet[:described.end()] + entry + rest


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
