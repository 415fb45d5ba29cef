"""verify_package passes the shipped and golden outputs and names the part of each planted fault."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pytest

from annexgen.core import deliverables
from annexgen.core.deliverables import STANDARD
from annexgen.writers import verify
from annexgen.writers.verify import verify_package
from tests.golden import CASES, build_case

PAPER, ANNEX_A, ANNEX_B = (item.office for item in (deliverables.PAPER, deliverables.ANNEX_A,
                                                    deliverables.ANNEX_B))
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def rewrite(data: bytes, part: str, change: Callable[[str], str]) -> bytes:
    """The package with one part's text changed (the change must change something)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                changed = change(content.decode("utf-8"))
                assert changed != content.decode("utf-8"), f"the change did not apply to {part}"
                content = changed.encode("utf-8")
            target.writestr(info.filename, content)
    return out.getvalue()


def without_member(data: bytes, part: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    assert part in source.namelist()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


@pytest.mark.parametrize("name", STANDARD.offices)
def test_shipped_outputs_pass(shipped_files, name):
    assert verify_package(name, shipped_files[name]) == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_case_outputs_pass(case):
    for name, data in build_case(case).items():
        assert verify_package(name, data) == [], name


def test_not_a_zip():
    assert verify_package(PAPER, b"previous good build") == [
        f"{PAPER}: the file is not a zip package (File is not a zip file)"]


def test_truncated_package(shipped_files):
    data = shipped_files[ANNEX_B]
    assert verify_package(ANNEX_B, data[: len(data) // 2]) == [
        f"{ANNEX_B}: the file is not a zip package (File is not a zip file)"]


# One planted fault per case: (package, part, [(pattern, replacement), ...], the one problem).
_LONG_NAME = "t_" + "x" * 39
PLANTED = {
    "missing footnote": (
        PAPER, "word/footnotes.xml", [(r'<w:footnote w:id="2">.*?</w:footnote>', "")],
        f"{PAPER}: word/document.xml: footnote reference 2 has no footnote in "
        "word/footnotes.xml"),
    "duplicate bookmark name": (
        ANNEX_A, "word/document.xml",
        [(r'w:name="t_declaration_concise"', 'w:name="t_declaration_inclusive"')],
        f"{ANNEX_A}: word/document.xml: bookmark name 't_declaration_inclusive' is used twice "
        "(first in word/document.xml)"),
    "bookmark name over 40 characters": (
        ANNEX_A, "word/document.xml", [(r'w:name="t_action_oriented"', f'w:name="{_LONG_NAME}"')],
        f"{ANNEX_A}: word/document.xml: bookmark name {_LONG_NAME!r} has 41 characters; "
        "Word allows 40"),
    "bookmark without end": (
        ANNEX_A, "word/document.xml", [(r'<w:bookmarkEnd w:id="2"/>', "")],
        f"{ANNEX_A}: word/document.xml: bookmark 't_declaration_concise' (id 2) has no "
        "bookmarkEnd"),
    "dropped override leaves the generic xml type": (
        PAPER, "[Content_Types].xml", [(r'<Override PartName="/word/footnotes.xml"[^>]*/>', "")],
        f"{PAPER}: word/footnotes.xml has content type application/xml; as the footnotes part "
        f"(word/_rels/document.xml.rels rId11) it needs an Override with {FOOTNOTES_TYPE}"),
    "part without any content type": (
        ANNEX_B, "[Content_Types].xml",
        [(r'<Default Extension="xml"[^>]*/>', ""),
         (r'<Override PartName="/xl/theme/theme1.xml"[^>]*/>', "")],
        f"{ANNEX_B}: xl/theme/theme1.xml has no content type in [Content_Types].xml"),
    "dangling relationship": (
        PAPER, "word/_rels/document.xml.rels", [(r'Target="footer1.xml"', 'Target="footer9.xml"')],
        f"{PAPER}: word/_rels/document.xml.rels: relationship rId5 points to 'footer9.xml', "
        "which the package does not hold"),
    "formula cell": (
        ANNEX_B, "xl/worksheets/sheet3.xml",
        [(r'<c r="A2" s="7" t="inlineStr"><is><t>[^<]*</t></is></c>',
          '<c r="A2"><f>HYPERLINK("http://evil.example")</f></c>')],
        f"{ANNEX_B}: xl/worksheets/sheet3.xml: cell A2 holds a formula"),
    "formula result cell": (
        ANNEX_B, "xl/worksheets/sheet3.xml",
        [(r'<c r="A2" s="7" t="inlineStr"><is><t>[^<]*</t></is></c>',
          '<c r="A2" t="str"><v>3</v></c>')],
        f'{ANNEX_B}: xl/worksheets/sheet3.xml: cell A2 holds a formula result (t="str")'),
    "javascript hyperlink": (
        ANNEX_B, "xl/worksheets/_rels/sheet3.xml.rels",
        [(r'Target="https://[^"]*"', 'Target="javascript:alert(1)"')],
        f"{ANNEX_B}: xl/worksheets/_rels/sheet3.xml.rels: hyperlink rId1 points to "
        "'javascript:alert(1)', which must start with https://, http:// or mailto:"),
    "word hyperlinks are held to the same schemes": (
        PAPER, "word/_rels/document.xml.rels",
        [(r'Target="https://[^"]*"', 'Target="file:///etc/passwd"')],
        f"{PAPER}: word/_rels/document.xml.rels: hyperlink rId6 points to "
        "'file:///etc/passwd', which must start with https://, http:// or mailto:"),
}


@pytest.mark.parametrize("fault", sorted(PLANTED))
def test_planted_fault_is_named(shipped_files, fault):
    name, part, edits, expected = PLANTED[fault]

    def plant(text: str) -> str:
        for pattern, replacement in edits:
            text, count = re.subn(pattern, replacement, text, count=1)
            assert count == 1, f"{pattern!r} did not apply"
        return text

    assert verify_package(name, rewrite(shipped_files[name], part, plant)) == [expected]


def test_missing_part_named_by_an_absolute_target(shipped_files):
    broken = without_member(shipped_files[ANNEX_B], "xl/worksheets/sheet2.xml")
    assert verify_package(ANNEX_B, broken) == [
        f"{ANNEX_B}: xl/_rels/workbook.xml.rels: relationship rId2 points to "
        "'/xl/worksheets/sheet2.xml', which the package does not hold"]


def test_malformed_xml_part(shipped_files):
    broken = rewrite(shipped_files[ANNEX_B], "xl/styles.xml", lambda text: text[:-20])
    problems = verify_package(ANNEX_B, broken)
    assert len(problems) == 1
    assert problems[0].startswith(f"{ANNEX_B}: xl/styles.xml is not well-formed XML")


def test_every_problem_is_reported_not_only_the_first(shipped_files):
    topic_marks = 0

    def lengthen(text: str) -> str:
        nonlocal topic_marks
        topic_marks = text.count('w:name="t_')
        return text.replace('w:name="t_', 'w:name="t_padded_far_past_the_forty_characters_')

    problems = verify_package(ANNEX_A, rewrite(shipped_files[ANNEX_A], "word/document.xml",
                                               lengthen))
    assert topic_marks > 10
    assert len(problems) == topic_marks
    assert all(p.startswith(f"{ANNEX_A}: word/document.xml: bookmark name 't_padded_")
               and p.endswith("Word allows 40") for p in problems)


@pytest.fixture(autouse=True, params=["whole", "streamed"])
def parse_mode(request, monkeypatch):
    """Every check runs twice: parts parsed whole, and parsed as the slim stream that large
    parts get."""
    if request.param == "streamed":
        monkeypatch.setattr(verify, "_STREAM_ABOVE_BYTES", 0)
