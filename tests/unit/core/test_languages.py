"""The six UN languages: tags matched to catalogues, CLDR's plural rules, dates with the UN's
own forms over CLDR's, and each catalogue's words as the UN writes them."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml

from annexgen.cli import main
from annexgen.core import words as words_module
from annexgen.core.dates import UN_FORMS, calendar, plural_rule
from annexgen.core.words import catalogue_for, catalogue_keys, languages, load_words
from tests.conftest import CONTENT, STYLES

D = dt.date
SIX = ["ar", "en", "es", "fr", "ru", "zh"]


# -- tags ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("tag", "found"), [
    ("fr", "fr"), ("FR", "fr"), ("fr-FR", "fr"), ("fr-CA", "fr"), ("es-419", "es"),
    ("zh", "zh"), ("zh-Hans", "zh"), ("zh-Hans-CN", "zh"), ("zh-CN", "zh"), ("ar-SA", "ar"),
    ("ru_RU", "ru"), ("zh-Hant", None), ("zh-TW", None), ("zh-Hant-HK", None), ("de", None),
    ("en-GB", "en")])
def test_a_tag_finds_its_catalogue_by_truncation(tag, found):
    assert catalogue_for(tag, SIX) == found


def test_a_regional_catalogue_comes_before_its_language():
    assert catalogue_for("zh-Hans-CN", ["zh", "zh-Hans"]) == "zh-Hans"


# -- plural rules from CLDR ------------------------------------------------------------------

@pytest.mark.parametrize(("tag", "categories"), [
    ("en", ("one", "other")), ("fr", ("one", "many", "other")), ("es", ("one", "many", "other")),
    ("ru", ("one", "few", "many", "other")), ("zh", ("other",)),
    ("ar", ("zero", "one", "two", "few", "many", "other")), ("xx", ("other",))])
def test_the_plural_categories_are_cldrs(tag, categories):
    assert plural_rule(tag)[0] == categories


@pytest.mark.parametrize(("count", "category"), [
    (1, "one"), (21, "one"), (2, "few"), (24, "few"), (5, "many"), (11, "many"), (111, "many")])
def test_russian_counts_choose_their_category(count, category):
    assert plural_rule("ru")[1](count) == category


@pytest.mark.parametrize("tag", SIX)
def test_every_catalogue_gives_one_form_per_category_of_its_language(tag):
    categories = plural_rule(tag)[0]
    keys = catalogue_keys(tag)
    assert [k for k in keys if k.startswith("paragraph_reference.several.")] == [
        f"paragraph_reference.several.{c}" for c in categories]


# -- dates -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("tag", "day", "said"), [
    ("en", D(2025, 3, 14), "14 March 2025"),
    ("fr", D(2025, 3, 14), "14 mars 2025"),
    ("fr", D(2025, 3, 1), "1er mars 2025"),
    ("es", D(2025, 3, 14), "14 de marzo de 2025"),
    ("ru", D(1961, 12, 20), "20 декабря 1961 года"),
    ("zh", D(2025, 3, 14), "2025年3月14日"),
    ("ar", D(2001, 12, 7), "7 كانون الأول/ديسمبر 2001"),
    ("ar", D(2019, 6, 7), "7 حزيران/يونيه 2019"),
    ("zh-Hans-CN", D(1994, 12, 9), "1994年12月9日"),
])
def test_a_date_as_the_un_writes_it(tag, day, said):
    assert load_words(tag).dates.day(day) == said


def test_every_override_says_where_it_comes_from():
    assert set(UN_FORMS) == {"en", "fr", "ru", "ar"}
    assert all(len(form.source) > 20 for form in UN_FORMS.values())
    assert len(UN_FORMS["ar"].months or ()) == 12


@pytest.mark.parametrize(("tag", "compact", "prose"), [
    ("fr", "22–24 janvier 2019", "du 9 au 11 septembre 2019"),
    ("es", "22 a 24 de enero de 2019", "del 9 al 11 de septiembre de 2019"),
    ("ru", "22–24 января 2019 года", "с 9 по 11 сентября 2019 года"),
    ("zh", "2019年1月22日至24日", "于2019年9月9日至11日"),
    ("ar", "22–24 كانون الثاني/يناير 2019", "من 9 إلى 11 أيلول/سبتمبر 2019"),
])
def test_date_ranges_within_a_month(tag, compact, prose):
    dates = load_words(tag).dates
    assert dates.range(D(2019, 1, 22), D(2019, 1, 24)) == compact
    assert dates.prose_range(D(2019, 9, 9), D(2019, 9, 11)) == prose


@pytest.mark.parametrize(("tag", "compact", "prose"), [
    ("fr", "30 janvier\u00a0– 1er février 2019", "du 30 janvier au 1er février 2019"),
    ("es", "30 de enero a 1 de febrero de 2019", "del 30 de enero al 1 de febrero de 2019"),
    ("ru", "30 января\u00a0– 1 февраля 2019 года", "с 30 января по 1 февраля 2019 года"),
    ("zh", "2019年1月30日至2月1日", "于2019年1月30日至2月1日"),
    ("ar", "30 كانون الثاني/يناير – 1 شباط/فبراير 2019",
     "من 30 كانون الثاني/يناير إلى 1 شباط/فبراير 2019"),
])
def test_date_ranges_across_months(tag, compact, prose):
    dates = load_words(tag).dates
    assert dates.range(D(2019, 1, 30), D(2019, 2, 1)) == compact
    assert dates.prose_range(D(2019, 1, 30), D(2019, 2, 1)) == prose


@pytest.mark.parametrize(("tag", "said"), [
    ("en", "12,345"), ("fr", "12\u202f345"), ("es", "12.345"), ("ru", "12\u00a0345"),
    ("zh", "12,345"), ("ar", "12,345")])
def test_figures_are_grouped_as_cldr_groups_them(tag, said):
    assert load_words(tag).numbers.grouped(12345) == said
    assert calendar(tag).number(7) == "7"  # Western digits, Arabic included


# -- the words -------------------------------------------------------------------------------

@pytest.mark.parametrize(("tag", "one", "two", "range_"), [
    ("en", "(para.\u00a09)", "(paras.\u00a09\u2060–\u206010)", "(paras.\u00a09\u2060–\u206011)"),
    ("fr", "(par.\u00a09)", "(par.\u00a09\u00a0à\u00a010)", "(par.\u00a09\u00a0à\u00a011)"),
    ("es", "(párr.\u00a09)", "(párrs.\u00a09\u00a0a\u00a010)", "(párrs.\u00a09\u00a0a\u00a011)"),
    ("ru", "(п.\u00a09)", "(пп.\u00a09\u2060–\u206010)", "(пп.\u00a09\u2060–\u206011)"),
    ("zh", "（第9段）", "（第9至10段）", "（第9至11段）"),
    ("ar", "(الفقرة\u00a09)", "(الفقرتان\u00a09\u00a0و10)", "(الفقرات\u00a09\u2060–\u206011)"),
])
def test_paragraph_references(tag, one, two, range_):
    words = load_words(tag)
    assert (words.paragraphs(9, 9), words.paragraphs(9, 10), words.paragraphs(9, 11)) == (
        one, two, range_)


@pytest.mark.parametrize("tag", ["en", "fr", "es", "ru", "zh", "ar"])
def test_a_paragraph_reference_never_breaks_across_lines(tag):
    """No plain space, and no dash a line may break after (LibreOffice breaks after an en
    dash): the reference stays on one line, as the UN prints it."""
    words = load_words(tag)
    for first, last in ((9, 9), (9, 10), (9, 11), (1, 21), (3, 5)):
        said = words.paragraphs(first, last)
        assert " " not in said, (tag, said)
        assert all(said[at - 1] == "\u2060" and said[at + 1] == "\u2060"
                   for at, char in enumerate(said) if char == "–"), (tag, said)


def test_a_russian_range_of_twenty_one_is_still_a_range():
    """CLDR's Russian "one" is 1, 21, 31 …: a range never takes the single form."""
    words = load_words("ru")
    assert words.paragraphs(1, 21) == "(пп.\u00a01\u2060–\u206021)"
    assert words.pages.range(4, 24) == "стр. 4–24"


@pytest.mark.parametrize(("tag", "counts"), [
    ("fr", {1: "un", 17: "dix-sept", 21: "vingt et un", 71: "soixante et onze",
            80: "quatre-vingts", 85: "quatre-vingt-cinq", 99: "quatre-vingt-dix-neuf"}),
    ("es", {1: "uno", 16: "dieciséis", 22: "veintidós", 35: "treinta y cinco"}),
    ("ru", {1: "один", 2: "два", 40: "сорок", 21: "двадцать один", 99: "девяносто девять"}),
    ("zh", {2: "两", 12: "十二", 22: "二十二", 35: "三十五", 10: "十"}),
    ("ar", {5: "خمسة", 11: "أحد عشر", 21: "واحد وعشرون", 35: "خمسة وثلاثون"}),
])
def test_counts_in_words(tag, counts):
    numbers = load_words(tag).numbers
    assert {count: numbers.say(count) for count in counts} == counts
    assert numbers.say(100) == "100"


@pytest.mark.parametrize(("tag", "see"), [
    ("fr", "Voir\u00a0: Annexe A, pages 4 à 8"),
    ("es", "Véase: Anexo A, páginas 4 a 8"),
    ("ru", "См. Приложение A, стр. 4–8"),
    ("zh", "见：附件A，第4至8页"),
    ("ar", "انظر: المرفق ألف، الصفحات 4–8"),
])
def test_the_see_line(tag, see):
    words = load_words(tag)
    reference = words_module.fill(words.see_pages.reference, annex=words.deliverable["annex-a"],
                                  pages=words.pages.range(4, 8))
    assert words_module.fill(words.see_pages.see, references=reference) == see


# -- a missing translation -------------------------------------------------------------------

def test_a_missing_word_of_a_new_language_fails_check_naming_it(tmp_path, monkeypatch, capsys):
    """Never English instead: check stops (exit 2) with E310 at document.yaml's language."""
    folder = tmp_path / "languages"
    folder.mkdir()
    for tag in languages():
        shutil.copy(words_module.CATALOGUES.joinpath(f"{tag}.yaml"), folder / f"{tag}.yaml")
    data = yaml.load((folder / "fr.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    del data["annex_b"]["meetings"]["symbol"]
    del data["paragraph_reference"]["several"]["many"]
    (folder / "fr.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(words_module, "CATALOGUES", folder)
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    document = content / "document.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace(
        "\nlanguage: en\n", "\nlanguage: fr-FR\n"), encoding="utf-8")
    assert main(["check", "--content", str(content), "--styles", str(STYLES)]) == 2
    err = capsys.readouterr().err
    assert "E310: the catalogue of 'fr' (fr.yaml) lacks 'paragraph_reference.several.many'" in err
    assert "E310: the catalogue of 'fr' (fr.yaml) lacks 'annex_b.meetings.symbol'" in err


@pytest.mark.parametrize("tag", SIX)
def test_the_render_check_finds_each_languages_page_references_in_a_pdfs_text(tag):
    """pdftotext gives a no-break space back as a space: the page words must still match."""
    from annexgen.render.pages import check_printed

    pages = load_words(tag).pages
    ends = ((3, 3), (4, 8), (9, 10))
    printed = " ".join(f"{pages.range(first, last)} ;" for first, last in ends)
    references = [("annex-a", "c1"), ("annex-a", "c2"), ("annex-b", "c1")]
    expected = {("annex-a", "c1"): (3, 3), ("annex-a", "c2"): (4, 8), ("annex-b", "c1"): (9, 10)}
    check_printed(printed.replace("\u00a0", " "), references, expected, pages)
