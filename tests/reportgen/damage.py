"""PDFs spoilt after printing: a page whose content stream breaks off, pages that are only a
picture of themselves (a scan), a page whose content inflates far beyond any page's, an
object the file has lost."""

from __future__ import annotations

import subprocess
import tempfile
import zlib
from pathlib import Path

import pikepdf


def _content_stream(page: pikepdf.Page) -> pikepdf.Stream:
    contents = page.obj.Contents
    return contents[0] if isinstance(contents, pikepdf.Array) else contents


def break_page(pdf: Path, page: int, out: Path) -> Path:
    """`pdf` with page `page` (from 1) damaged: its compressed content stream keeps its first
    half, the rest is overwritten with bytes that are no deflate data (as a bad sector or a
    cut download leaves it). The other pages are untouched."""
    with pikepdf.open(pdf) as document:
        stream = _content_stream(document.pages[page - 1])
        raw = stream.read_raw_bytes()
        half = len(raw) // 2
        stream.write(raw[:half] + bytes((i * 37 + 11) % 256 for i in range(len(raw) - half)),
                     filter=pikepdf.Name.FlateDecode)
        document.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out


def inflate_page(pdf: Path, page: int, out: Path, megabytes: int) -> Path:
    """`pdf` with page `page`'s content replaced by `megabytes` MB of spaces, deflated (a
    few hundred kB in the file)."""
    packer = zlib.compressobj(9)
    block = b" " * 2**20
    packed = b"".join(packer.compress(block) for _ in range(megabytes)) + packer.flush()
    with pikepdf.open(pdf) as document:
        _content_stream(document.pages[page - 1]).write(packed, filter=pikepdf.Name.FlateDecode)
        document.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out


def lose_object(pdf: Path, out: Path, which) -> Path:
    """`pdf` without the object `which(document)` names (its objgen): the header of its
    definition blanked, so that neither the cross-reference table nor a reader scanning
    the file finds it (LibreOffice writes objects outside object streams)."""
    with pikepdf.open(pdf) as document:
        number, generation = which(document)
    data = bytearray(pdf.read_bytes())
    head = b"\n%d %d obj" % (number, generation)
    at = data.index(head)
    data[at + 1:at + len(head)] = b" " * (len(head) - 1)
    out.write_bytes(bytes(data))
    return out


def bold_font_map(document: pikepdf.Pdf) -> tuple[int, int]:
    """The Unicode map of the first bold font of the first page."""
    fonts = document.pages[0].obj.Resources.Font
    return next(font.ToUnicode.objgen for font in fonts.values()
                if "Bold" in str(font.BaseFont) and "/ToUnicode" in font)


def picture_pages(pdf: Path, pages: list[int] | None, out: Path, dpi: int = 100) -> Path:
    """`pdf` with the given pages (from 1; None: every page) replaced by a JPEG picture of
    themselves (grey, in RGB as pdftoppm writes it) and nothing else: no text layer, as a
    scanner makes them."""
    with pikepdf.open(pdf) as document, tempfile.TemporaryDirectory() as folder:
        numbers = pages if pages is not None else list(range(1, len(document.pages) + 1))
        for number in numbers:
            stem = Path(folder) / f"p{number}"
            subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-jpeg", "-singlefile", "-f",
                            str(number), "-l", str(number), str(pdf), str(stem)], check=True)
            _replace_with_picture(document, number - 1, stem.with_suffix(".jpg").read_bytes(),
                                  dpi)
        document.save(out)
    return out


def _replace_with_picture(document: pikepdf.Pdf, index: int, jpeg: bytes, dpi: int) -> None:
    old = document.pages[index]
    box = [float(v) for v in old.mediabox]
    width, height = box[2] - box[0], box[3] - box[1]
    pixels_wide, pixels_high = round(width * dpi / 72), round(height * dpi / 72)
    image = pikepdf.Stream(document, jpeg)
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    wide, high, components = _jpeg_frame(jpeg) or (pixels_wide, pixels_high, 3)
    image.Width, image.Height, image.BitsPerComponent = wide, high, 8
    image.ColorSpace = pikepdf.Name.DeviceGray if components == 1 else pikepdf.Name.DeviceRGB
    image.Filter = pikepdf.Name.DCTDecode
    content = pikepdf.Stream(document, f"q {width:.2f} 0 0 {height:.2f} 0 0 cm /Scan Do Q"
                             .encode())
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=old.mediabox, Contents=content,
                              Resources=pikepdf.Dictionary(
                                  XObject=pikepdf.Dictionary(Scan=image)))
    document.pages.insert(index, pikepdf.Page(page))
    del document.pages[index + 1]


def _jpeg_frame(jpeg: bytes) -> tuple[int, int, int] | None:
    """Width, height and colour components from a JPEG's start-of-frame marker."""
    at = 2
    while at + 9 < len(jpeg):
        if jpeg[at] != 0xFF:
            return None
        marker, length = jpeg[at + 1], int.from_bytes(jpeg[at + 2:at + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            return (int.from_bytes(jpeg[at + 7:at + 9], "big"),
                    int.from_bytes(jpeg[at + 5:at + 7], "big"), jpeg[at + 9])
        at += 2 + length
    return None
