"""The catalogues of fixed words: complete for the code, English as the UN writes it, and every
problem of a catalogue a located E310."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml

from annexgen.cli import main
from annexgen.core import words as words_module
from annexgen.core.words import WordsError, catalogue_keys, english, languages, load_words
from annexgen.writers.xlsx.cells import check_sheet_name
from tests.conftest import CONTENT, STYLES

D = dt.date


def _flat(data: dict, path: str = "") -> list[str]:
    """The keys of a catalogue's leaves, dotted: `annex_b.sheets.coverage`."""
    found = []
    for key, value in data.items():
        dotted = f"{path}.{key}" if path else key
        found += _flat(value, dotted) if isinstance(value, dict) else [dotted]
    return found


def _catalogue(tag: str) -> dict:
    text = words_module.CATALOGUES.joinpath(f"{tag}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.BaseLoader)


# -- every shipped catalogue is complete ---------------------------------------------------------

@pytest.mark.parametrize("tag", languages())
def test_the_catalogue_has_every_key_the_code_reads_and_no_other(tag):
    """The keys come from the typed words (mypy refuses code reading a word they lack)."""
    needed, given = catalogue_keys(tag), _flat(_catalogue(tag))
    assert sorted(set(needed) - set(given)) == []
    assert sorted(set(given) - set(needed) - _optional_numbers(given)) == []
    load_words(tag)  # and it loads, every format naming only fields the code fills in


def _optional_numbers(given: list[str]) -> set[str]:
    """Number words a catalogue may give beyond those it must (French 71, say)."""
    return {key for key in given if key.startswith("numbers.names.")
            and key.removeprefix("numbers.names.").isdigit()}


@pytest.mark.parametrize("tag", languages())
def test_the_sheet_names_are_ones_excel_accepts(tag):
    sheets = load_words(tag).annex_b.sheets
    names = [sheets.matrix, sheets.coverage, sheets.meetings]
    for index, name in enumerate(names):
        check_sheet_name(name, names[:index])


def test_the_six_un_languages_are_shipped():
    assert languages() == ["ar", "en", "es", "fr", "ru", "zh"]


# -- the English words, as annexgen has always written them --------------------------------------

@pytest.mark.parametrize(("start", "end", "expected"), [
    (D(2019, 1, 22), D(2019, 1, 24), "22–24 January 2019"),
    (D(2019, 1, 30), D(2019, 2, 1), "30 January–1 February 2019"),
    (D(2019, 12, 30), D(2020, 1, 2), "30 December 2019–2 January 2020"),
    (D(2019, 4, 9), D(2019, 4, 9), "9 April 2019"),
])
def test_date_range_uses_an_en_dash(start, end, expected):
    assert english().dates.range(start, end) == expected


@pytest.mark.parametrize(("start", "end", "expected"), [
    (D(2019, 9, 9), D(2019, 9, 11), "from 9 to 11 September 2019"),
    (D(2019, 9, 30), D(2019, 10, 2), "from 30 September to 2 October 2019"),
    (D(2019, 12, 30), D(2020, 1, 2), "from 30 December 2019 to 2 January 2020"),
    (D(2019, 9, 9), D(2019, 9, 9), "on 9 September 2019"),
])
def test_date_range_in_prose(start, end, expected):
    assert english().dates.prose_range(start, end) == expected


def test_page_and_paragraph_references():
    words = english()
    assert (words.pages.range(3, 3), words.pages.range(4, 8)) == ("page 3", "pages 4–8")
    assert words.pages.unresolved == "pages [?]"
    assert words.paragraphs(25, 25) == "(para.\u00a025)"
    assert words.paragraphs(12, 14) == "(paras.\u00a012\u2060–\u206014)"


@pytest.mark.parametrize(("count", "said"), [
    (0, "zero"), (1, "one"), (5, "five"), (13, "thirteen"), (20, "twenty"), (21, "twenty-one"),
    (40, "forty"), (99, "ninety-nine"), (100, "100"), (-1, "-1")])
def test_counts_in_words(count, said):
    assert english().numbers.say(count) == said


# -- a catalogue with problems ----------------------------------------------------------------

@pytest.fixture
def catalogues(tmp_path):
    """A folder of catalogues to point the loader at: English to start from."""
    folder = tmp_path / "languages"
    folder.mkdir()
    shutil.copy(words_module.CATALOGUES.joinpath("en.yaml"), folder / "en.yaml")
    return folder


def _write(folder, tag: str, data: dict) -> None:
    (folder / f"{tag}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                       encoding="utf-8")


def _problems(folder, tag: str) -> list[str]:
    with pytest.raises(WordsError) as raised:
        load_words(tag, folder)
    return raised.value.problems


def test_a_missing_word_is_named_by_its_key(catalogues):
    data = _catalogue("en")
    del data["annex_b"]["sheets"]["coverage"]
    del data["paragraph_reference"]["single"]
    _write(catalogues, "en", data)
    assert _problems(catalogues, "en") == [
        "the catalogue of 'en' (en.yaml) lacks 'paragraph_reference.single'",
        "the catalogue of 'en' (en.yaml) lacks 'annex_b.sheets.coverage'"]


@pytest.mark.parametrize(("change", "said"), [
    (lambda d: d.update(colophon="x"), "has 'colophon', a word annexgen does not use"),
    (lambda d: d["see_pages"].update(see="See {pages}"),
     "has 'see_pages.see' naming the field {pages}, which annexgen does not fill in there "
     "(it fills in {references})"),
    (lambda d: d["changes"].update(label="{kind!r}: {outcome}"),
     "has 'changes.label' with the field {kind} converted or formatted"),
    (lambda d: d["changes"].update(label="{meeting[0]}"), "naming the field {meeting[0]}"),
    (lambda d: d["pages"]["pages"]["several"].update(few="pages {first}–{last}"),
     "has 'pages.pages.several.few', a plural form its language does not have"),
    (lambda d: d["dates"]["compact"].update(other="{start}–{end"), "with a brace out of place"),
    (lambda d: d["dates"].update(calendar="x"), "has 'dates.calendar', a word annexgen does "
                                               "not use"),  # CLDR's, not the catalogue's
    (lambda d: d["annex_b"].update(total=""), "has 'annex_b.total' as nothing, not a word"),
    (lambda d: d["annex_b"].update(sheets="Annex B"),
     "has 'annex_b.sheets' as a word, not a mapping of words"),
    # a deliverable plugged in brings its printed name: any deliverable may be named
    (lambda d: d["deliverable"].update({"annex-c": "Annex C"}), None),
    (lambda d: d["numbers"]["names"].update({"71": "seventy-one"}), None),  # may be given
])
def test_every_other_problem_is_said(catalogues, change, said):
    data = _catalogue("en")
    change(data)
    _write(catalogues, "en", data)
    if said is None:
        load_words("en", catalogues)
    else:
        assert any(said in problem for problem in _problems(catalogues, "en"))


def test_a_key_given_twice_is_refused(catalogues):
    text = (catalogues / "en.yaml").read_text(encoding="utf-8")
    (catalogues / "en.yaml").write_text(text + "quoted: '«{text}»'\n", encoding="utf-8")
    (problem,) = _problems(catalogues, "en")
    assert "the key 'quoted' is given twice" in problem


def test_a_language_without_a_plural_rule_has_one_form(catalogues):
    data = _catalogue("en")
    for plural in (data["paragraph_reference"]["several"], data["pages"]["pages"]["several"],
                   data["changes"]["changed"]):
        del plural["one"]
    _write(catalogues, "zz", data)
    assert load_words("zz", catalogues).paragraphs(9, 10) == "(paras.\u00a09\u2060–\u206010)"
    assert catalogue_keys("zz").count("paragraph_reference.several.other") == 1
    assert "paragraph_reference.several.one" not in catalogue_keys("zz")


def test_the_tag_is_matched_ignoring_case(catalogues):
    _write(catalogues, "zh-Hans", _catalogue("en"))
    with pytest.raises(WordsError):  # English's plural forms, which zh has not
        load_words("ZH-hans", catalogues)
    assert "zh-Hans" in languages(catalogues)


# -- check reports it where the language is written ------------------------------------------

def _content_in(tmp_path, language: str):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    document = content / "document.yaml"
    text = document.read_text(encoding="utf-8")
    document.write_text(text.replace("\nlanguage: en\n", f"\nlanguage: {language}\n"),
                        encoding="utf-8")
    line = text[:text.index("\nlanguage: en\n")].count("\n") + 2
    return content, f"{document}:{line}:{len('language: ') + 1}"


def test_check_names_the_missing_word_at_the_language(catalogues, tmp_path, monkeypatch, capsys):
    data = _catalogue("en")
    del data["annex_b"]["sheets"]["coverage"]
    _write(catalogues, "en", data)
    monkeypatch.setattr(words_module, "CATALOGUES", catalogues)
    content, where = _content_in(tmp_path, "en")
    assert main(["check", "--content", str(content), "--styles", str(STYLES)]) == 2
    err = capsys.readouterr().err
    assert f"{where}: E310: the catalogue of 'en' (en.yaml) lacks 'annex_b.sheets.coverage'" \
        in err


def test_check_refuses_a_language_it_has_no_words_for(tmp_path, capsys):
    content, where = _content_in(tmp_path, "de")
    assert main(["check", "--content", str(content), "--styles", str(STYLES)]) == 2
    assert f"{where}: E310: annexgen has no words for language 'de' (it has ar, en, es, fr" \
           in capsys.readouterr().err


@pytest.mark.parametrize(("tag", "positions", "letters"), [
    ("en", (0, 25, 26, 27), ("A", "Z", "AA", "AB")),
    ("ru", (0, 1, 8, 9), ("А", "Б", "И", "К")),  # Й is not a section letter
    ("ar", (0, 1, 27, 28), ("ألف", "باء", "غين", "ألف ألف")),
])
def test_clusters_are_lettered_in_the_languages_letters(tag, positions, letters):
    sections = load_words(tag).sections
    assert tuple(sections.letter(position) for position in positions) == letters


def test_an_arabic_section_heading_names_its_letter_then_a_dash():
    assert load_words("ar").sections.of(1, "التعاون الدولي") == ("باء", "باء - التعاون الدولي")
