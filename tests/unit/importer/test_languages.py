"""The outcome and skip headings, and the agenda items, of reports in the six languages."""

from __future__ import annotations

import pytest

from annexgen.core.diagnostics import Loc
from annexgen.core.model import Cluster, Topic
from annexgen.importer.agenda import item_number, item_title
from annexgen.importer.sections import DEFAULT_SECTIONS, matches, sections_for
from annexgen.importer.suggest import TopicModel, terms

# (language, an outcome heading, a summary heading) as the reports of each language print them.
HEADINGS = [
    ("ar", "نتائج المداولات", "موجز المداولات"),
    ("en", "Outcome of the deliberations", "Summary of deliberations"),
    ("es", "Conclusiones y recomendaciones", "Resumen de las deliberaciones"),
    ("fr", "Résultats des délibérations", "Résumé des débats"),
    ("ru", "Итоги обсуждения", "Резюме обсуждения"),
    ("zh", "审议结果", "审议情况摘要"),
]


def test_every_language_has_outcome_and_skip_headings():
    assert sorted(DEFAULT_SECTIONS) == ["ar", "en", "es", "fr", "ru", "zh"]


@pytest.mark.parametrize(("language", "outcome", "summary"), HEADINGS)
def test_the_outcome_heading_is_taken_and_the_summary_skipped(language, outcome, summary):
    sections = sections_for(language)
    assert matches(outcome, sections.take) and not matches(outcome, sections.skip)
    assert matches(summary, sections.skip) and not matches(summary, sections.take)


@pytest.mark.parametrize("outcome", ["Итоги обсуждения", "Результаты обсуждения"],
                         ids=["itogi", "rezultaty"])
def test_russian_words_its_outcome_heading_either_way(outcome):
    assert matches(outcome, sections_for("ru").take)


def test_a_language_tag_picks_its_language():
    assert sections_for("zh-Hans") == sections_for("zh")
    assert sections_for("fr-CH").take[0] == "Résultat des délibérations"


@pytest.mark.parametrize(("heading", "number", "title"), [
    ("A. Agenda item 3: Political message", 3, "Political message"),
    ("B. Point 4 de l’ordre du jour : Thème principal", 4, "Thème principal"),
    ("C. Tema 5 del programa provisional: Estrategias amplias", 5, "Estrategias amplias"),
    ("D. Пункт 6 повестки дня: Международное сотрудничество", 6, "Международное сотрудничество"),
    ("E. 议程项目7：其他事项", 7, "其他事项"),
    ("ألف- البند 3 من جدول الأعمال: الرسالة السياسية", 3, "الرسالة السياسية"),
    # Arabic-Indic and full-width figures, a full stop after the item's words.
    ("باء- البند ٤ من جدول الأعمال: الموضوع الرئيسي", 4, "الموضوع الرئيسي"),
    ("F. 议程项目８：其他事项", 8, "其他事项"),
    ("Пункт 5 повестки дня. Комплексные стратегии", 5, "Комплексные стратегии"),
    ("II. Other matters", None, "Other matters"),
])
def test_an_agenda_item_is_read_in_every_language(heading, number, title):
    assert (item_number(heading), item_title(heading)) == (number, title)


def _cluster(cluster_id: str, language: str, title: str) -> Cluster:
    return Cluster(cluster_id, "A", title, None, "bullet", (), Loc("index.yaml"),
                   ((language, title),))


@pytest.mark.parametrize(("language", "justice", "other", "heading"), [
    ("en", "Integrated approaches to challenges facing the criminal justice system",
     "Other issues", "D. Agenda item 9: Other matters"),
    # Written without spaces: compared character by character, not as one word.
    ("zh", "应对刑事司法系统所面临挑战的综合办法", "其他问题", "D. 议程项目9：其他事项"),
], ids=["en", "zh"])
def test_an_agenda_item_worded_otherwise_than_its_cluster_still_finds_it(
        language, justice, other, heading):
    model = TopicModel([_cluster("justice", language, justice),
                        _cluster("other", language, other)], [])
    assert model.cluster_for(["II. Consideration of agenda items", heading]) == "other"


def _topics(language: str, titles: dict[str, str]) -> TopicModel:
    """A model of one cluster with these topics (id -> title), and no tagged outcome: a
    topic is suggested by its title's words alone."""
    topics = tuple(Topic(topic_id, number, title, "cluster", Loc("index.yaml"),
                         ((language, title),))
                   for number, (topic_id, title) in enumerate(titles.items(), start=1))
    cluster = Cluster("cluster", "A", "Cluster", None, "bullet", topics, Loc("index.yaml"),
                      ((language, "Cluster"),))
    return TopicModel([cluster], [])


@pytest.mark.parametrize(("language", "titles", "text", "phrase"), [
    ("en", {"a-justice": "Reform of criminal justice systems", "b-youth": "Youth and crime",
            "c-cyber": "Countering cybercrime"},
     "The Meeting recommended that States strengthen their capacity to investigate "
     "cybercrime and to cooperate in countering cybercrime.", "countering cybercrime"),
    # Written without spaces: compared by pairs of characters, not as one word.
    ("zh", {"a-justice": "刑事司法系统改革", "b-youth": "青年参与预防犯罪",
            "c-cyber": "打击网络犯罪"},
     "会议建议各国加强对网络犯罪的调查和起诉能力，并开展国际合作。", "网络犯罪"),
    # A title's word joined to particles in the text ("بالعدالة": with justice).
    ("ar", {"a-terror": "مكافحة الإرهاب", "b-justice": "العدالة الجنائية للأطفال",
            "c-cyber": "منع الجرائم الإلكترونية"},
     "أوصى الاجتماع بالنهوض بالعدالة الجنائية وبحماية حقوق الأطفال.", "بالعدالة الجنائية"),
], ids=["en", "zh", "ar"])
def test_an_outcome_holding_a_topics_title_words_gets_it_suggested(language, titles, text,
                                                                   phrase):
    model = _topics(language, titles)
    expected = {"en": "c-cyber", "zh": "c-cyber", "ar": "b-justice"}[language]
    ranked = model.rank(text, None)
    assert ranked[0][0] == expected and ranked[0][1] > ranked[1][1]
    assert phrase in model.key_phrases(text, expected)


def test_arabic_words_are_compared_without_their_article_and_particles():
    assert terms("والعدالة للمؤتمر بالعدالة العدالة بالغ الله") == [
        "عدالة", "مؤتمر", "عدالة", "عدالة", "بالغ", "الله"]
    assert terms("刑事司法") == ["刑事", "事司", "司法"]
