"""styles.yaml's bounds, field by field and across fields, and the Word style ids of its names."""

from __future__ import annotations

import copy
import dataclasses
import math
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from annexgen.compose.annex_b import compose
from annexgen.compose.paper import compose_paper
from annexgen.core.diagnostics import ContentError, Report
from annexgen.core.limits import (
    EXCEL_MAX_COLUMN_WIDTH,
    EXCEL_MAX_FONT_PT,
    EXCEL_MAX_ROW_HEIGHT_PT,
    LINE_EXACT_TO_SIZE,
    MIN_CHARS_PER_LINE,
    MIN_LINES_PER_PAGE,
    MIN_TEXT_HEIGHT_MM,
    MIN_TEXT_WIDTH_MM,
    ORDINARY_OUTCOME_CHARS,
    PAGE_SIDE_MM,
    SHEET_MEETINGS_CHECKED,
    SHEET_PAPER_MM,
    SHEET_TOPIC_SHARE,
    STYLE_FONT_PT,
    WORD_MAX_FONT_PT,
    WORD_MAX_PAGE_MM,
)
from annexgen.layout.cell_metrics import column_widths, prose, prose_fits
from annexgen.load.corpus import load_corpus
from annexgen.styles.checks import AVERAGE_CHAR_EM, MM_PER_PT, Located, name_problems
from annexgen.styles.ids import STYLE_ID_CHARACTERS, WRITTEN_STYLES, style_id
from annexgen.styles.load import load_styles
from annexgen.styles.model import (
    CHARACTER_ROLES,
    PARAGRAPH_ROLES,
    Page,
    ParagraphStyle,
    Sheet,
    number_range,
)
from annexgen.writers.docx.package import write_docx
from annexgen.writers.docx.styles_part import style_ids, styles_xml
from annexgen.writers.verify import verify_package
from tests.conftest import CONTENT, STYLES
from tests.corpora import outcome, synthetic

SHIPPED = yaml.safe_load((STYLES / "styles.yaml").read_text())
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def load(folder: Path, data: dict, report: Report | None = None):
    """The styles of a styles.yaml holding `data`, written into `folder`."""
    folder.mkdir(exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (folder / "styles.yaml").write_text(text, encoding="utf-8")
    return load_styles(folder, report)


def diagnostics(tmp_path: Path, data: dict) -> list:
    """Every diagnostic of a styles.yaml holding `data` (empty when it is accepted)."""
    report = Report()
    try:
        load(tmp_path / "styles", data, report)
    except ContentError:
        assert report.errors, "refused without a diagnostic"
    return report.sorted()


def line_of(data: dict, *keys: str) -> int:
    """The line a field is written on in the file `diagnostics` writes for `data`."""
    root = yaml.compose(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return Located(root)(*keys).start_mark.line + 1


def edited(*changes: tuple[tuple[str, ...], object]) -> dict:
    """The shipped styles with these (keys, value) changes."""
    data = copy.deepcopy(SHIPPED)
    for keys, value in changes:
        target = data
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    return data


def test_the_shipped_styles_are_accepted(tmp_path):
    assert diagnostics(tmp_path, SHIPPED) == []


def test_the_bounds_stay_inside_what_word_and_excel_allow():
    assert STYLE_FONT_PT[0] >= 1 and STYLE_FONT_PT[1] <= min(WORD_MAX_FONT_PT, EXCEL_MAX_FONT_PT)
    assert STYLE_FONT_PT[1] * LINE_EXACT_TO_SIZE[1] * MM_PER_PT < WORD_MAX_PAGE_MM
    assert PAGE_SIDE_MM[1] == WORD_MAX_PAGE_MM
    widest = column_widths(0, SHEET_TOPIC_SHARE[0], 1)[1]
    assert widest <= EXCEL_MAX_COLUMN_WIDTH and SHEET_TOPIC_SHARE[1] <= 0.5
    assert SHEET_PAPER_MM[1] > EXCEL_MAX_ROW_HEIGHT_PT * MM_PER_PT


# -- each field's own range --------------------------------------------------------------------

FIELDS = [
    *((("paragraph", "outcome", key), key) for key in
      ("size", "line_exact", "before", "after", "indent_left_mm", "hanging_mm")),
    *((("page", key), key) for key in
      ("width_mm", "height_mm", "margin_top_mm", "margin_bottom_mm", "margin_left_mm",
       "margin_right_mm", "header_mm", "footer_mm")),
    (("list_level_indent_mm",), "list_level_indent_mm"),
    *((("sheet", key), key) for key in
      ("size", "title_size", "topic_column_share", "margin_mm", "header_footer_mm")),
]


def range_errors(found: list, key: str) -> list:
    return [d for d in found
            if d.message.startswith(f"{key!r} ") and "must be between" in d.message]


@pytest.mark.parametrize(("keys", "key"), FIELDS, ids=[".".join(k) for k, _ in FIELDS])
def test_each_number_is_refused_just_outside_its_range_and_not_at_its_ends(tmp_path, keys, key):
    (low, high), _ = number_range(key)
    for inside in (low, high):
        assert range_errors(diagnostics(tmp_path, edited((keys, inside))), key) == []
    for outside in (low - 0.01, high + 0.01):
        data = edited((keys, outside))
        refused = range_errors(diagnostics(tmp_path, data), key)
        assert [(d.code, d.loc.line) for d in refused] == [("E204", line_of(data, *keys))]
        assert f"not {outside:g}" in refused[0].message


def test_every_numeric_field_is_tried_above():
    records = (ParagraphStyle, Page, Sheet)
    numeric = {spec.name for record in records for spec in dataclasses.fields(record)
               if spec.type in ("float", "float | None")}
    assert numeric | {"list_level_indent_mm"} == {key for _, key in FIELDS}
    with pytest.raises(KeyError):
        number_range("an_unknown_size")


# -- across fields: just inside is accepted, just outside is refused where it becomes so -------

def accepted(tmp_path, *changes) -> bool:
    return diagnostics(tmp_path, edited(*changes)) == []


def refused_at(tmp_path, keys: tuple[str, ...], *changes) -> str:
    """The one E204's message, which must be at the field at `keys`."""
    data = edited(*changes)
    found = diagnostics(tmp_path, data)
    assert [(d.code, d.loc.line) for d in found] == [("E204", line_of(data, *keys))], found
    return found[0].message


def unindented() -> tuple:
    """Changes that take every indent away, so that the narrowest text width is usable."""
    paragraph = SHIPPED["paragraph"]
    return ((("list_level_indent_mm",), 0),
            *((("paragraph", role, key), 0) for role in paragraph
              for key in ("indent_left_mm", "hanging_mm") if key in paragraph[role]))


def small_type(*roles: str) -> tuple:
    """Changes that set these styles (all by default) in 8 pt on 9.6 pt lines, without
    spacing, so that the smallest text area holds enough of them."""
    return tuple((("paragraph", role, key), value) for role in roles or SHIPPED["paragraph"]
                 for key, value in (("size", 8), ("line_exact", 9.6), ("before", 0),
                                    ("after", 0)))


def test_left_and_right_margins_leave_the_least_text_width(tmp_path):
    side = (210 - MIN_TEXT_WIDTH_MM) / 2
    left, right = ("page", "margin_left_mm"), ("page", "margin_right_mm")
    assert accepted(tmp_path, (left, side), (right, side), *unindented(), *small_type())
    message = refused_at(tmp_path, right, (left, side), (right, side + 0.1))
    assert "leave 39.9 mm of text width on a 210 mm wide page" in message
    message = refused_at(tmp_path, ("page", "margin_right_mm"),
                         (("page", "margin_left_mm"), 120), (("page", "margin_right_mm"), 100))
    assert message == "margins of 120 + 100 mm leave no text width on a 210 mm wide page"


def test_a_narrower_page_is_blamed_when_it_is_written_after_the_margins(tmp_path):
    data = edited()
    data["page"] = {**data["page"], "margin_left_mm": 150}
    data["page"]["width_mm"] = data["page"].pop("width_mm")  # now written last
    found = diagnostics(tmp_path, data)
    assert [d.loc.line for d in found] == [line_of(data, "page", "width_mm")]


def test_top_and_bottom_margins_leave_the_least_text_height(tmp_path):
    side = (297 - MIN_TEXT_HEIGHT_MM) / 2
    top, bottom = ("page", "margin_top_mm"), ("page", "margin_bottom_mm")
    assert accepted(tmp_path, (top, side), (bottom, side), *small_type())
    refused_at(tmp_path, bottom, (top, side), (bottom, side + 0.1))


@pytest.mark.parametrize(("part", "margin"), [("header_mm", "margin_top_mm"),
                                              ("footer_mm", "margin_bottom_mm")])
def test_header_and_footer_sit_inside_their_margins(tmp_path, part, margin):
    assert accepted(tmp_path, (("page", part), 24.9))
    message = refused_at(tmp_path, ("page", part), (("page", part), 25))
    assert f"{part} of 25 mm must be less than {margin} of 25 mm" in message


def test_exact_lines_are_between_once_and_three_times_the_size(tmp_path):
    at = ("paragraph", "body", "line_exact")
    for line in (10, 30):
        assert accepted(tmp_path, (at, line))
    assert "less than the 10 pt size" in refused_at(tmp_path, at, (at, 9.9))
    assert "more than 3 times the 10 pt size" in refused_at(tmp_path, at, (at, 30.1))


def test_font_sizes_are_whole_or_half_points(tmp_path):
    at = ("paragraph", "outcome", "size")
    assert accepted(tmp_path, (at, 10.5))
    assert "(10 or 10.5)" in refused_at(tmp_path, at, (at, 10.25))


def test_the_first_line_hangs_no_further_than_the_margin(tmp_path):
    indent, hanging = ("paragraph", "footnote", "indent_left_mm"), ("paragraph", "footnote",
                                                                    "hanging_mm")
    assert accepted(tmp_path, (hanging, 8))
    message = refused_at(tmp_path, hanging, (indent, 8), (hanging, 8.1))
    assert "start 0.1 mm left of the margin" in message


def test_an_indent_leaves_lines_of_the_least_text_width(tmp_path):
    at = ("paragraph", "see", "indent_left_mm")
    assert accepted(tmp_path, (at, 160 - MIN_TEXT_WIDTH_MM), *small_type("see"))
    refused_at(tmp_path, at, (at, 160.1 - MIN_TEXT_WIDTH_MM), *small_type("see"))
    assert "wider than the 160 mm text width" in refused_at(tmp_path, at, (at, 170))


def test_the_deepest_list_level_leaves_lines_of_the_least_text_width(tmp_path):
    step = (160 - MIN_TEXT_WIDTH_MM - 7.5) / 2  # bullet and number are indented 7.5 mm
    lists = small_type("bullet", "number")
    assert accepted(tmp_path, (("list_level_indent_mm",), step), *lists)
    data = edited((("list_level_indent_mm",), step + 0.1), *lists)
    found = diagnostics(tmp_path, data)
    assert [d.loc.line for d in found] == [line_of(data, "list_level_indent_mm")] * 2
    assert "style 'bullet'" in found[0].message + found[1].message


def test_a_paragraph_of_one_line_fits_the_text_height(tmp_path):
    hch = ("paragraph", "hch")
    low = ((("page", "margin_top_mm"), 126), (("page", "margin_bottom_mm"), 126),
           *small_type(), ((*hch, "before"), 72))
    room_pt = 45 / MM_PER_PT  # 297 - 126 - 126 mm
    fits_exactly = room_pt - 72 - 9.6
    assert accepted(tmp_path, *low, ((*hch, "after"), math.floor(fits_exactly * 10) / 10))
    message = refused_at(tmp_path, (*hch, "after"), *low,
                         ((*hch, "after"), math.ceil(fits_exactly * 10) / 10))
    assert "more than the 45 mm text height" in message


def test_a_line_holds_the_least_characters(tmp_path):
    size, line = ("paragraph", "outcome", "size"), (("paragraph", "outcome", "line_exact"), 45)
    widest = 160 / MM_PER_PT / (AVERAGE_CHAR_EM * MIN_CHARS_PER_LINE)  # 37.8 pt
    assert accepted(tmp_path, (size, math.floor(widest * 2) / 2), line)
    message = refused_at(tmp_path, size, (size, math.ceil(widest * 2) / 2), line)
    assert "holds about 29 characters of 38 pt in 160 mm" in message


def test_a_page_holds_the_least_lines(tmp_path):
    size, line = (("paragraph", "outcome", "size"), 24), ("paragraph", "outcome", "line_exact")
    tallest = 247 / MM_PER_PT / MIN_LINES_PER_PAGE  # 70.0 pt
    assert accepted(tmp_path, size, (line, math.floor(tallest * 10) / 10))
    message = refused_at(tmp_path, line, size, (line, math.ceil(tallest * 10) / 10))
    assert "a page holds 9 lines of style 'outcome'" in message


def test_annex_b_margins_leave_room_for_the_tallest_row(tmp_path):
    widest = (SHEET_PAPER_MM[1] - EXCEL_MAX_ROW_HEIGHT_PT * MM_PER_PT) / 2
    at = ("sheet", "margin_mm")
    assert accepted(tmp_path, (at, round(widest - 0.005, 2)))
    assert "rows are never split" in refused_at(tmp_path, at, (at, round(widest + 0.005, 2)))


def test_annex_b_headers_sit_inside_the_margins(tmp_path):
    """Between the page's edge and the body the header's line must fit (10.5 pt, 3.7 mm, at
    the shipped 8 pt: the footer's empty parts take the default font's line)."""
    at = ("sheet", "header_footer_mm")
    margin = load_styles(STYLES).sheet.margin_mm
    assert accepted(tmp_path, (at, margin - 3.71))
    message = refused_at(tmp_path, at, (at, margin - 3.69))
    assert "3.7 mm" in message
    refused_at(tmp_path, at, (at, margin + 1))


# -- Annex B: an ordinary outcome must fit one cell ------------------------------------------

def meeting_width(share: float) -> float:
    return column_widths(load_styles(STYLES).sheet.margin_mm, share, SHEET_MEETINGS_CHECKED)[1]


def largest_fitting_size(share: float) -> float:
    sizes = [STYLE_FONT_PT[0] + step / 2 for step in range(int(STYLE_FONT_PT[1] * 2))]
    return max(size for size in sizes
               if prose_fits(ORDINARY_OUTCOME_CHARS, meeting_width(share), "Times New Roman",
                             size))


@pytest.mark.parametrize("share", [0.1, 0.15, 0.4])
def test_the_sheet_font_is_refused_just_above_the_largest_that_fits(tmp_path, share):
    largest = largest_fitting_size(share)
    column = (("sheet", "topic_column_share"), share)
    assert accepted(tmp_path, column, (("sheet", "size"), largest))
    message = refused_at(tmp_path, ("sheet", "margin_mm"), column,
                         (("sheet", "size"), largest + 0.5))
    assert f"a size of {largest:g} pt" in message and "409 pt row limit" in message


def test_a_font_without_metrics_is_refused(tmp_path):
    message = refused_at(tmp_path, ("sheet", "font"), (("sheet", "font"), "Comic Sans MS"))
    assert "has no metrics" in message and "Times New Roman" in message


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CONTENT)


@pytest.mark.parametrize("share", [0.1, 0.15, 0.4])
def test_the_composer_agrees_with_the_sheet_check(corpus, share):
    """At the largest size accepted an ordinary outcome fits its cell; half a point up, not
    (for as many meetings as the check assumes)."""
    ordinary = outcome(1, prose(ORDINARY_OUTCOME_CHARS - len(" (para. 1)")))
    meetings = tuple(dataclasses.replace(corpus.meetings[i % len(corpus.meetings)], id=f"m{i}")
                     for i in range(SHEET_MEETINGS_CHECKED))
    ordinary = dataclasses.replace(ordinary, meeting_id="m0")
    base = dataclasses.replace(corpus, meetings=meetings)
    sheet = dataclasses.replace(load_styles(STYLES).sheet, topic_column_share=share)
    largest = largest_fitting_size(share)
    for size, codes in ((largest, []), (largest + 0.5, ["E206"])):
        report = Report()
        compose(synthetic(base, [ordinary]), report, dataclasses.replace(sheet, size=size))
        assert [d.code for d in report.items] == codes


# -- names and ids ---------------------------------------------------------------------------

ROLES = [("paragraph", role) for role in PARAGRAPH_ROLES] + [
    ("character", role) for role in CHARACTER_ROLES]
any_names = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cn")), min_size=1,
                    max_size=30)
# Few characters, so that names often collide, in case, spaces, accents or punctuation.
close_names = st.text("aAé -&<\"1", max_size=3)


def with_names(chosen: list[str]) -> dict:
    data = copy.deepcopy(SHIPPED)
    for (section, role), name in zip(ROLES, chosen, strict=True):
        data[section][role]["name"] = name
    return data


def problems_of_names(chosen: list[str]) -> list:
    root = yaml.compose(yaml.safe_dump(with_names(chosen), allow_unicode=True))
    named = [(section, role, name) for (section, role), name in zip(ROLES, chosen, strict=True)]
    return name_problems(named, Located(root))


@pytest.mark.slow
@given(st.text(max_size=60), st.sampled_from(PARAGRAPH_ROLES + CHARACTER_ROLES))
def test_an_id_is_never_empty_and_only_ascii_letters_and_digits(name, role):
    sid = style_id(name, role)
    assert sid and set(sid) <= STYLE_ID_CHARACTERS


@pytest.mark.parametrize(("name", "sid"), [
    ("SingleTxt", "SingleTxt"), ("footnote text", "FootnoteText"), ("Run-in label", "RuninLabel"),
    ('H1<&"x', "H1x"), ("Überschrift 1", "Uberschrift1"), ("Заголовок", "RoleAnnexTitle"),
])
def test_ids_of_names(name, sid):
    assert style_id(name, "annex-title") == sid


def test_the_shipped_ids_are_unchanged():
    assert style_ids(load_styles(STYLES)) == {
        "body": "SingleTxt", "title": "Title", "hch": "HCh", "h1": "H1", "h23": "H23",
        "theme": "ThemeLine", "see": "SeeAlso", "annex-title": "AnnexTitle",
        "bullet": "BulletUN", "number": "NumberedUN", "outcome": "Outcome",
        "subitem": "Subparagraph", "footnote": "FootnoteText", "header": "Header",
        "footer": "Footer",
        "status": "StatusMarking", "key": "KeyPhrase", "pararef": "ParagraphReference",
        "label": "RuninLabel", "link": "Hyperlink", "noteref": "FootnoteReference"}


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(st.lists(close_names, min_size=len(ROLES), max_size=len(ROLES)))
def test_names_are_accepted_exactly_when_names_and_ids_are_all_distinct(chosen):
    """Distinct from each other and from the styles annexgen writes, names and ids alike,
    ignoring case; each name not blank."""
    ids = [style_id(name, role) for (_, role), name in zip(ROLES, chosen, strict=True)]
    every_name = [name.casefold() for name in [*chosen, *WRITTEN_STYLES]]
    every_id = [sid.casefold() for sid in [*ids, *WRITTEN_STYLES.values()]]
    distinct = (all(name.strip() for name in chosen) and len(set(every_name)) == len(every_name)
                and len(set(every_id)) == len(every_id))
    assert (problems_of_names(chosen) == []) == distinct


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(st.lists(any_names, min_size=len(ROLES), max_size=len(ROLES)))
def test_accepted_names_make_well_formed_styles_with_unique_ids(texts):
    # Each name starts with its role's, so that most are accepted; the rest is any text.
    chosen = [f"{role} {text}" for (_, role), text in zip(ROLES, texts, strict=True)]
    assume(problems_of_names(chosen) == [])
    with tempfile.TemporaryDirectory() as folder:
        try:
            styles = load(Path(folder), with_names(chosen))
        except ContentError:  # refused for another reason (a name over Word's length, say)
            assume(False)
    tree = etree.fromstring(styles_xml(styles, "en-GB"))
    ids = [s.get(f"{W}styleId") for s in tree.iter(f"{W}style")]
    written = [s.find(f"{W}name").get(f"{W}val") for s in tree.iter(f"{W}style")]
    assert len({sid.casefold() for sid in ids}) == len(ids)
    assert written == [*WRITTEN_STYLES, *chosen]
    for ref in ("basedOn", "next"):
        assert {r.get(f"{W}val") for r in tree.iter(f"{W}{ref}")} <= set(ids)


def test_names_with_xml_specials_make_a_sound_package(tmp_path, corpus):
    chosen = [f'{role} <&"\'> {section}' for section, role in ROLES]
    styles = load(tmp_path, with_names(chosen))
    package = write_docx(compose_paper(corpus), styles, corpus.document)
    assert verify_package("snapshot-paper.docx", package) == []


def test_names_are_compared_ignoring_case_and_with_the_written_styles(tmp_path):
    for name in ("hch", "NORMAL", "default paragraph font"):
        at = ("paragraph", "h1", "name")
        assert "must differ, ignoring case" in refused_at(tmp_path, at, (at, name))


def test_names_whose_ids_collide_are_refused_at_the_later_name(tmp_path):
    at = ("character", "label", "name")
    message = refused_at(tmp_path, at, (at, "key-phrase"))
    assert "makes the Word style id 'Keyphrase', as the name of style 'key'" in message
    assert "'Normal'" in refused_at(tmp_path, at, (at, "Normal."))


def test_headings_are_followed_by_the_body_style_whatever_its_name(tmp_path):
    styles = load(tmp_path, edited((("paragraph", "body", "name"), "Body text")))
    tree = etree.fromstring(styles_xml(styles, "en-GB"))
    nexts = {s.get(f"{W}styleId"): s.find(f"{W}next").get(f"{W}val")
             for s in tree.iter(f"{W}style") if s.find(f"{W}next") is not None}
    assert nexts["HCh"] == nexts["H1"] == nexts["BodyText"] == "BodyText"
    assert nexts["Outcome"] == "Outcome"


# -- an empty file ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_an_empty_styles_file_gets_nothing_from_the_styles_reader(tmp_path, text):
    """The loader says why an empty file is refused; the styles reader adds nothing of its own."""
    (tmp_path / "styles.yaml").write_text(text)
    report = Report()
    with pytest.raises(ContentError):
        load_styles(tmp_path, report)
    assert all(d.code.startswith("E1") for d in report.items)


def test_styles_written_before_a_role_existed_still_load_with_the_shipped_style(tmp_path):
    shipped = yaml.safe_load((STYLES / "styles.yaml").read_text())
    older = copy.deepcopy(shipped)
    del older["paragraph"]["subitem"]
    (tmp_path / "styles.yaml").write_text(yaml.safe_dump(older, sort_keys=False))
    report = Report()
    styles = load_styles(tmp_path, report)
    assert styles.paragraph["subitem"] == load_styles(STYLES).paragraph["subitem"]
    [warning] = report.items
    assert warning.code == "W511" and "'subitem'" in warning.message
    # a role that was always there is still required
    del older["paragraph"]["body"]
    (tmp_path / "styles.yaml").write_text(yaml.safe_dump(older, sort_keys=False))
    with pytest.raises(ContentError) as refused:
        load_styles(tmp_path, Report())
    assert "missing the required key 'body'" in str(refused.value.report.items)


def test_script_fonts_default_per_language_and_may_be_named_in_styles(tmp_path):
    shipped = load_styles(STYLES)
    assert shipped.script_fonts("ar-SA").cs == "Amiri"
    assert shipped.script_fonts("zh").east_asia == "Noto Serif CJK SC"
    assert shipped.for_language("en") is shipped  # English: the Latin fonts only
    assert shipped.for_language("zh-CN").sheet.font == "Noto Serif CJK SC"
    given = yaml.safe_load((STYLES / "styles.yaml").read_text())
    given["script_fonts"] = {"ar": {"cs": "Noto Naskh Arabic"}}
    (tmp_path / "styles.yaml").write_text(yaml.safe_dump(given, sort_keys=False))
    styles = load_styles(tmp_path)
    assert styles.script_fonts("ar").cs == "Noto Naskh Arabic"
    assert styles.script_fonts("zh").east_asia == "Noto Serif CJK SC"  # still the default
    given["script_fonts"] = {"ar": {"complex": "Amiri"}}
    (tmp_path / "styles.yaml").write_text(yaml.safe_dump(given, sort_keys=False))
    with pytest.raises(ContentError):
        load_styles(tmp_path, Report())
