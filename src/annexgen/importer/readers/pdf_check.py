"""What a PDF report's own structure says before its text is read (pikepdf): which pages'
content cannot be decoded in full, and whether a page without text draws a picture (a scan)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf

from annexgen.core.limits import MAX_PDF_PAGE_CONTENT_BYTES
from annexgen.importer.readers.blocks import UnreadableReport
from annexgen.importer.readers.pdf_ligatures import turned

_CHUNK = 1 << 20
# How deep forms drawn by forms are followed; real documents nest one or two.
_FORM_DEPTH = 8


@dataclass(frozen=True, slots=True)
class Damage:
    """A page whose text layer cannot be read in full, and why."""

    page: int  # from 1
    why: str
    oversized: bool = False  # its content inflates past MAX_PDF_PAGE_CONTENT_BYTES


class PdfCheck:
    """An open PDF, for the checks of its structure; a context manager."""

    def __init__(self, path: str):
        try:
            self._pdf = pikepdf.open(path)
        except pikepdf.PasswordError:
            raise UnreadableReport("the PDF is encrypted with a password; save it again without "
                                   "one, or import the .docx") from None
        except (pikepdf.PikepdfError, OSError, ValueError) as exc:
            raise UnreadableReport(f"cannot be read as a PDF ({_first_line(exc)})") from None
        self._seen: dict[tuple[int, int], str | None] = {}  # stream -> its damage, if any

    def __enter__(self) -> PdfCheck:
        return self

    def __exit__(self, *_) -> None:
        self._pdf.close()

    @property
    def page_count(self) -> int:
        return len(self._pdf.pages)

    def damaged_pages(self) -> list[Damage]:
        """Pages whose content (its streams, the forms it draws, its fonts' maps to Unicode)
        does not decode, stops short, or inflates past MAX_PDF_PAGE_CONTENT_BYTES."""
        found = []
        for number, page in enumerate(self._guarded_pages(), start=1):
            try:
                damage = self._page_damage(number, page)
            except (pikepdf.PikepdfError, RecursionError, TypeError, ValueError) as exc:
                damage = Damage(number, f"its structure cannot be read ({_first_line(exc)})")
            if damage is not None:
                found.append(damage)
        return found

    def syntax_damage(self) -> list[Damage]:
        """Pages whose content, though it decodes, is not made of PDF operators (parsed
        only when poppler complained: a stream whose bytes were overwritten inflates to
        garbage)."""
        found = []
        for number, page in enumerate(self._guarded_pages(), start=1):
            try:
                unknown = sorted({str(instruction.operator) for instruction in
                                  pikepdf.parse_content_stream(page)} - _OPERATORS)
            except (pikepdf.PikepdfError, TypeError, ValueError, RecursionError) as exc:
                found.append(Damage(number, f"its content does not parse ({_first_line(exc)})"))
                continue
            if unknown:
                found.append(Damage(number, f"its content holds {len(unknown)} "
                                    "unknown operator(s), bytes that are no PDF"))
        return found

    def draws_picture(self, number: int) -> bool:
        """Whether page `number` (from 1) paints an image: an image XObject it (or a form it
        draws) invokes, or an inline image."""
        if not 1 <= number <= self.page_count:
            return False  # a page poppler found in a page tree qpdf reads otherwise
        try:
            page = self._pdf.pages[number - 1]
            return self._paints_image(page.obj, _resources(page.obj), 0)
        except (pikepdf.PikepdfError, RecursionError, TypeError, ValueError):
            return False

    def write_reading_copy(self, path: str) -> bool:
        """Writes at `path` a copy of the PDF whose fonts map their right-to-left ligatures
        (Arabic lam-alef) to their letters in printed order, for poppler to read instead
        (pdf_ligatures); False, and nothing written, when no font has one."""
        changed = False
        done: set[tuple[int, int]] = set()
        try:
            for page in self._guarded_pages():
                for stream, what in self._resource_streams(_resources(page.obj), 0):
                    if stream is None or what != _UNICODE_MAP or stream.objgen in done:
                        continue
                    done.add(stream.objgen)
                    data = turned(stream.read_bytes())
                    if data is not None:
                        stream.write(data)
                        changed = True
            if changed:
                self._pdf.save(path)
        except (pikepdf.PikepdfError, OSError, RecursionError, TypeError, ValueError):
            return False
        return changed

    def _guarded_pages(self) -> Iterator[pikepdf.Page]:
        try:
            yield from self._pdf.pages
        except pikepdf.PikepdfError as exc:
            raise UnreadableReport(f"its page tree cannot be read ({_first_line(exc)})") from None

    def _page_damage(self, number: int, page: pikepdf.Page) -> Damage | None:
        for stream, what in self._page_streams(page.obj):
            if stream is None:
                return Damage(number, f"{what} is missing (its object is lost)")
            why = self._stream_damage(stream)
            if why == _OVERSIZED:
                return Damage(number, f"its content inflates to more than "
                              f"{MAX_PDF_PAGE_CONTENT_BYTES // 2**20} MB (a page of text holds "
                              "well under 1 MB)", oversized=True)
            if why is not None:
                return Damage(number, f"{what} {why}")
        return None

    def _page_streams(self, page: pikepdf.Dictionary) -> Iterator[tuple[pikepdf.Stream | None,
                                                                        str]]:
        """The page's content streams, then those of the forms and fonts its resources hold;
        None for one its page names but the file has lost."""
        entries = dict(page.items())  # a lost object's key is there, its value None
        if "/Contents" in entries:
            contents = entries["/Contents"]
            for stream in (contents if isinstance(contents, pikepdf.Array) else [contents]):
                yield (stream if isinstance(stream, pikepdf.Stream) else None,
                       "its content stream")
        yield from self._resource_streams(_resources(page), 0)

    def _resource_streams(self, resources: pikepdf.Object | None, depth: int
                          ) -> Iterator[tuple[pikepdf.Stream | None, str]]:
        if not isinstance(resources, pikepdf.Dictionary) or depth > _FORM_DEPTH:
            return
        fonts = resources.get("/Font")
        if isinstance(fonts, pikepdf.Dictionary):
            for font in fonts.values():
                if not isinstance(font, pikepdf.Dictionary):
                    yield None, "a font it uses"
                    continue
                entries = dict(font.items())
                if "/ToUnicode" in entries:
                    to_unicode = entries["/ToUnicode"]
                    yield (to_unicode if isinstance(to_unicode, pikepdf.Stream) else None,
                           _UNICODE_MAP)
        objects = resources.get("/XObject")
        if isinstance(objects, pikepdf.Dictionary):
            for xobject in objects.values():
                if not isinstance(xobject, pikepdf.Stream):
                    yield None, "a form or image it draws"
                elif xobject.get("/Subtype") == "/Form":
                    yield xobject, "a form it draws"
                    yield from self._resource_streams(xobject.get("/Resources"), depth + 1)

    def _stream_damage(self, stream: pikepdf.Stream) -> str | None:
        key = stream.objgen
        if key != (0, 0) and key in self._seen:
            return self._seen[key]
        why = _decode_damage(stream)
        if key != (0, 0):
            self._seen[key] = why
        return why

    def _paints_image(self, holder: pikepdf.Object, resources: pikepdf.Object | None,
                      depth: int) -> bool:
        if depth > _FORM_DEPTH:
            return False
        objects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) \
            else None
        for instruction in pikepdf.parse_content_stream(holder):
            operator, operands = str(instruction.operator), instruction.operands
            if operator == "INLINE IMAGE":
                return True
            if operator != "Do" or not operands or not isinstance(objects, pikepdf.Dictionary) \
                    or not isinstance(operands[0], pikepdf.Name):
                continue
            xobject = objects.get(operands[0])
            if not isinstance(xobject, pikepdf.Stream):
                continue
            if xobject.get("/Subtype") == "/Image":
                return True
            if xobject.get("/Subtype") == "/Form" and self._paints_image(
                    xobject, xobject.get("/Resources"), depth + 1):
                return True
        return False


_OVERSIZED = "oversized"
_UNICODE_MAP = "the Unicode map of a font it uses"
# The operators of PDF content streams (ISO 32000-1, Annex A), and pikepdf's name for an
# inline image.
_OPERATORS = frozenset((
    "b", "B", "b*", "B*", "BDC", "BI", "BMC", "BT", "BX", "c", "cm", "CS", "cs", "d", "d0",
    "d1", "Do", "DP", "EI", "EMC", "ET", "EX", "f", "F", "f*", "G", "g", "gs", "h", "i", "ID",
    "j", "J", "K", "k", "l", "m", "M", "MP", "n", "q", "Q", "re", "RG", "rg", "ri", "s", "S",
    "SC", "sc", "SCN", "scn", "sh", "T*", "Tc", "Td", "TD", "Tf", "Tj", "TJ", "TL", "Tm", "Tr",
    "Ts", "Tw", "Tz", "v", "w", "W", "W*", "y", "'", '"', "INLINE IMAGE"))


def _decode_damage(stream: pikepdf.Stream) -> str | None:
    """Why the stream cannot be decoded in full, or None. A stream compressed with deflate
    alone (what PDF writers use) is inflated here a megabyte at a time and thrown away, so
    a stream that would inflate past the bound is found without holding it."""
    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else \
        [str(filters)] if filters is not None else []
    if names in (["/FlateDecode"], ["/Fl"]):
        return _inflate_damage(stream.read_raw_bytes())
    try:
        data = stream.read_bytes()
    except pikepdf.DataDecodingError as exc:
        return f"does not decode ({_first_line(exc)})"
    except MemoryError:
        return _OVERSIZED
    return _OVERSIZED if len(data) > MAX_PDF_PAGE_CONTENT_BYTES else None


def _inflate_damage(raw: bytes) -> str | None:
    """Inflated as raw deflate data after the zlib header, so that the end of its last block
    is its end; the checksum after it, when there is one, must match what was inflated
    (some writers leave it out, and readers do without it)."""
    header = len(raw) >= 2 and raw[0] & 0x0F == 8 and (raw[0] << 8 | raw[1]) % 31 == 0
    inflater = zlib.decompressobj(-15)
    total, checksum, data = 0, 1, raw[2:] if header else raw
    try:
        while True:
            chunk = inflater.decompress(data, _CHUNK)
            total += len(chunk)
            checksum = zlib.adler32(chunk, checksum)
            if total > MAX_PDF_PAGE_CONTENT_BYTES:
                return _OVERSIZED
            data = inflater.unconsumed_tail
            if not data:
                break
        checksum = zlib.adler32(inflater.flush(), checksum)
    except zlib.error as exc:
        return f"does not inflate ({str(exc).split(': ', 1)[-1]})"
    if not inflater.eof:
        return "breaks off before its end (its deflate data is cut short)"
    trailer = inflater.unused_data
    if header and len(trailer) >= 4 and int.from_bytes(trailer[:4], "big") != checksum:
        return "inflates to other bytes than were written (its checksum does not match)"
    return None


def _resources(page: pikepdf.Dictionary) -> pikepdf.Dictionary | None:
    """The page's resources, inherited from the page tree when the page has none."""
    node: pikepdf.Object | None = page
    for _ in range(64):
        if not isinstance(node, pikepdf.Dictionary):
            return None
        resources = node.get("/Resources")
        if isinstance(resources, pikepdf.Dictionary):
            return resources
        node = node.get("/Parent")
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
