"""verify_package passes the shipped and golden outputs and names the part of each planted fault."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pytest

from annexgen import verify
from annexgen.verify import verify_package
from tests.golden import CASES, build_case

PAPER, ANNEX_A, ANNEX_B = "snapshot-paper.docx", "annex-a.docx", "annex-b.xlsx"
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


def sub_once(pattern: str, replacement: str) -> Callable[[str], str]:
    return lambda text: re.sub(pattern, replacement, text, count=1)


@pytest.mark.parametrize("name", [PAPER, ANNEX_A, ANNEX_B])
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


def test_missing_footnote(shipped_files):
    broken = rewrite(shipped_files[PAPER], "word/footnotes.xml",
                     sub_once(r'<w:footnote w:id="2">.*?</w:footnote>', ""))
    assert verify_package(PAPER, broken) == [
        f"{PAPER}: word/document.xml: footnote reference 2 has no footnote in word/footnotes.xml"]


def test_duplicate_bookmark_name(shipped_files):
    rename = sub_once(r'w:name="t_declaration_concise"', 'w:name="t_declaration_inclusive"')
    broken = rewrite(shipped_files[ANNEX_A], "word/document.xml", rename)
    assert verify_package(ANNEX_A, broken) == [
        f"{ANNEX_A}: word/document.xml: bookmark name 't_declaration_inclusive' is used twice "
        "(first in word/document.xml)"]


def test_bookmark_name_over_40_characters(shipped_files):
    long_name = "t_" + "x" * 39
    broken = rewrite(shipped_files[ANNEX_A], "word/document.xml",
                     sub_once(r'w:name="t_action_oriented"', f'w:name="{long_name}"'))
    assert verify_package(ANNEX_A, broken) == [
        f"{ANNEX_A}: word/document.xml: bookmark name {long_name!r} has 41 characters; "
        "Word allows 40"]


def test_bookmark_without_end(shipped_files):
    broken = rewrite(shipped_files[ANNEX_A], "word/document.xml",
                     sub_once(r'<w:bookmarkEnd w:id="2"/>', ""))
    assert verify_package(ANNEX_A, broken) == [
        f"{ANNEX_A}: word/document.xml: bookmark 't_declaration_concise' (id 2) has no bookmarkEnd"]


def test_dropped_override_leaves_the_generic_xml_type(shipped_files):
    broken = rewrite(shipped_files[PAPER], "[Content_Types].xml",
                     sub_once(r'<Override PartName="/word/footnotes.xml"[^>]*/>', ""))
    assert verify_package(PAPER, broken) == [
        f"{PAPER}: word/footnotes.xml has content type application/xml; as the footnotes part "
        f"(word/_rels/document.xml.rels rId11) it needs an Override with {FOOTNOTES_TYPE}"]


def test_part_without_any_content_type(shipped_files):
    def drop(text: str) -> str:
        text = re.sub(r'<Default Extension="xml"[^>]*/>', "", text)
        return re.sub(r'<Override PartName="/xl/theme/theme1.xml"[^>]*/>', "", text)

    broken = rewrite(shipped_files[ANNEX_B], "[Content_Types].xml", drop)
    assert verify_package(ANNEX_B, broken) == [
        f"{ANNEX_B}: xl/theme/theme1.xml has no content type in [Content_Types].xml"]


def test_dangling_relationship(shipped_files):
    broken = rewrite(shipped_files[PAPER], "word/_rels/document.xml.rels",
                     sub_once(r'Target="footer1.xml"', 'Target="footer9.xml"'))
    assert verify_package(PAPER, broken) == [
        f"{PAPER}: word/_rels/document.xml.rels: relationship rId5 points to 'footer9.xml', "
        "which the package does not hold"]


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


def test_formula_cell(shipped_files):
    broken = rewrite(shipped_files[ANNEX_B], "xl/worksheets/sheet3.xml",
                     sub_once(r'<c r="A2" s="7" t="inlineStr"><is><t>[^<]*</t></is></c>',
                              '<c r="A2"><f>HYPERLINK("http://evil.example")</f></c>'))
    assert verify_package(ANNEX_B, broken) == [
        f"{ANNEX_B}: xl/worksheets/sheet3.xml: cell A2 holds a formula"]


def test_formula_result_cell(shipped_files):
    broken = rewrite(shipped_files[ANNEX_B], "xl/worksheets/sheet3.xml",
                     sub_once(r'<c r="A2" s="7" t="inlineStr"><is><t>[^<]*</t></is></c>',
                              '<c r="A2" t="str"><v>3</v></c>'))
    assert verify_package(ANNEX_B, broken) == [
        f'{ANNEX_B}: xl/worksheets/sheet3.xml: cell A2 holds a formula result (t="str")']


def test_javascript_hyperlink(shipped_files):
    broken = rewrite(shipped_files[ANNEX_B], "xl/worksheets/_rels/sheet3.xml.rels",
                     sub_once(r'Target="https://[^"]*"', 'Target="javascript:alert(1)"'))
    assert verify_package(ANNEX_B, broken) == [
        f"{ANNEX_B}: xl/worksheets/_rels/sheet3.xml.rels: hyperlink rId1 points to "
        "'javascript:alert(1)'; only http://, https:// and mailto: links are allowed"]


def test_word_hyperlinks_are_held_to_the_same_schemes(shipped_files):
    broken = rewrite(shipped_files[PAPER], "word/_rels/document.xml.rels",
                     sub_once(r'Target="https://[^"]*"', 'Target="file:///etc/passwd"'))
    assert verify_package(PAPER, broken) == [
        f"{PAPER}: word/_rels/document.xml.rels: hyperlink rId6 points to 'file:///etc/passwd'; "
        "only http://, https:// and mailto: links are allowed"]


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
