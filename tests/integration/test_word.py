"""Round trip of the Word deliverables: styles, key phrases, footnotes, bookmarks, determinism."""

from __future__ import annotations

import io
from collections import Counter

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX

from annexgen.compose.annex_a import cluster_heading, topic_heading
from annexgen.writers.docx.package import write_docx
from tests.ooxml import NS, W, footnote_ids, footnote_texts, part

PAPER, ANNEX_A = "snapshot-paper.docx", "annex-a.docx"


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _walk_annex_a(document, corpus):
    """(topic id, paragraph) for every outcome paragraph, following the topic headings."""
    clusters = {cluster_heading(c): c for c in corpus.clusters}
    cluster = topic = None
    for paragraph in document.paragraphs:
        if paragraph.style.name == "H1":
            cluster = clusters[paragraph.text]
        elif paragraph.style.name == "H23":
            topic = next(t.id for t in cluster.topics
                         if topic_heading(cluster, t) == paragraph.text)
        elif paragraph.style.name == "Outcome":
            yield topic, paragraph


def _outcome_of(paragraph, outcomes_by_text):
    text = paragraph.text
    for run in paragraph.runs:
        if run.style.name == "Run-in label":
            text = text.removeprefix(run.text)
    return outcomes_by_text[text.rsplit(" (para", 1)[0]]


def test_each_outcome_appears_once_under_each_of_its_topics(shipped, shipped_word):
    corpus, _ = shipped
    by_text = {o.text: o for o in corpus.outcomes}
    seen = Counter((topic, _outcome_of(p, by_text).id)
                   for topic, p in _walk_annex_a(_open(shipped_word[ANNEX_A]), corpus))
    expected = Counter((pl.topic_id, o.id) for o in corpus.outcomes for pl in o.placements)
    assert seen == expected
    assert sum(seen.values()) == corpus.placements() > len(corpus.outcomes)


def test_highlight_and_underline_sit_exactly_on_that_topics_phrases(shipped, shipped_word):
    corpus, _ = shipped
    by_text = {o.text: o for o in corpus.outcomes}
    checked = 0
    for topic, paragraph in _walk_annex_a(_open(shipped_word[ANNEX_A]), corpus):
        outcome = _outcome_of(paragraph, by_text)
        wanted = [outcome.text[k.start:k.end] for k in outcome.phrases_for(topic)]
        keys = [run for run in paragraph.runs if run.font.highlight_color is not None]
        assert [run.text for run in keys] == wanted
        for run in keys:
            assert run.font.highlight_color == WD_COLOR_INDEX.YELLOW
            assert run.style.name == "Key phrase" and run.style.font.underline
        checked += len(keys)
    assert checked >= corpus.placements()


def test_outcomes_end_with_their_paragraph_reference(shipped, shipped_word):
    corpus, _ = shipped
    by_text = {o.text: o for o in corpus.outcomes}
    for _, paragraph in _walk_annex_a(_open(shipped_word[ANNEX_A]), corpus):
        last = paragraph.runs[-1]
        assert last.style.name == "Paragraph reference"
        assert last.text == _english_reference(_outcome_of(paragraph, by_text))


def _english_reference(outcome) -> str:
    """The paragraph reference as UN English writes it: (para. 25), (paras. 12–14), held
    together by a no-break space and word joiners."""
    if outcome.first_para == outcome.last_para:
        return f"(para.\u00a0{outcome.first_para})"
    return f"(paras.\u00a0{outcome.first_para}\u2060–\u2060{outcome.last_para})"


def test_clusters_start_on_new_pages_with_bookmarks(shipped, shipped_word):
    corpus, _ = shipped
    body = part(shipped_word[ANNEX_A], "word/document.xml")
    h1 = [p for p in body.iter(f"{{{W}}}p")
          if p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "H1"]
    assert ["".join(p.itertext()) for p in h1] == [cluster_heading(c) for c in corpus.clusters]
    breaks = [p.find("w:pPr/w:pageBreakBefore", NS) is not None for p in h1]
    assert breaks == [False] + [True] * (len(h1) - 1)
    starts = {b.get(f"{{{W}}}name"): b.get(f"{{{W}}}id")
              for b in body.iter(f"{{{W}}}bookmarkStart")}
    ends = [b.get(f"{{{W}}}id") for b in body.iter(f"{{{W}}}bookmarkEnd")]
    expected = {f"c_{c.id}" for c in corpus.clusters} | {f"t_{t.id}" for t in corpus.topics()}
    assert set(starts) == {name.replace("-", "_") for name in expected}
    assert sorted(ends) == sorted(starts.values())
    assert all(len(name) <= 40 for name in starts)


@pytest.mark.parametrize("name", [PAPER, ANNEX_A])
def test_every_footnote_reference_has_its_footnote(shipped_word, name):
    refs, notes = footnote_ids(shipped_word[name])
    assert refs and sorted(refs) == notes == list(range(1, len(refs) + 1))


def test_annex_a_provenance_note(shipped_word):
    (note,) = footnote_texts(shipped_word[ANNEX_A])
    assert note.startswith("Annex A was prepared by the Secretariat (UNODC)")
    assert "Kyoto, Japan, from 9 to 11 September 2019" in note


def test_paper_links_and_styles(shipped, shipped_word):
    corpus, _ = shipped
    document = _open(shipped_word[PAPER])
    links = [link for p in document.paragraphs for link in p.hyperlinks]
    assert [link.address for link in links] == [m.url for m in corpus.meetings]
    names = {s.name for s in document.styles}
    assert {"SingleTxt", "HCh", "H1", "H23", "Bullet UN", "Numbered UN", "Key phrase",
            "Paragraph reference", "footnote text", "footnote reference"} <= names
    first = document.paragraphs[0]
    assert first.style.name == "Title" and first.text == corpus.document.title
    italic = [r.text for p in document.paragraphs for r in p.runs if r.italic]
    assert any(text.startswith(corpus.meetings[0].symbol) for text in italic)


def test_status_marking_in_the_header_unless_final(shipped, shipped_word):
    corpus, styles = shipped
    header = _open(shipped_word[ANNEX_A]).sections[0].header
    assert header.paragraphs[0].text == corpus.document.status
    assert header.paragraphs[1].text == f"{corpus.document.short_title}\tAnnex A"
    final = type(corpus.document)(**{**_fields(corpus.document), "status": "final"})
    from annexgen.compose.annex_a import compose_annex_a
    data = write_docx(compose_annex_a(type(corpus)(final, *_rest(corpus))), styles, final)
    texts = [p.text for p in _open(data).sections[0].header.paragraphs]
    assert corpus.document.status not in texts


def test_footer_has_a_page_field(shipped_word):
    footer = part(shipped_word[ANNEX_A], "word/footer1.xml")
    assert "PAGE" in "".join(t.text for t in footer.iter(f"{{{W}}}instrText"))


@pytest.mark.parametrize("name", [PAPER, ANNEX_A])
def test_two_builds_are_byte_identical(shipped, shipped_word, name):
    corpus, styles = shipped
    from annexgen.compose.annex_a import compose_annex_a
    from annexgen.compose.paper import compose_paper
    compose = compose_paper if name == PAPER else compose_annex_a
    assert write_docx(compose(corpus), styles, corpus.document) == shipped_word[name]


def _fields(record) -> dict:
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


def _rest(corpus) -> tuple:
    return corpus.meetings, corpus.clusters, corpus.outcomes, corpus.prose, corpus.words
