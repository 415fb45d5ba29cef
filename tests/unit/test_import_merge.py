"""Re-import of a revised report: matching, renumbering, kept tagging, lost phrases reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annexgen.diagnostics import Loc
from annexgen.importer.merge import merge
from annexgen.importer.sections import FoundParagraph
from annexgen.importer.suggest import TopicModel
from annexgen.importer.yamlout import dump, load_round_trip
from annexgen.load.corpus import load_corpus
from annexgen.text import normalize_lines

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT / "content")


def _paragraphs(corpus, meeting_id):
    """The meeting's report as the importer would find it: one paragraph per number."""
    found = []
    for outcome in corpus.outcomes:
        if outcome.meeting_id != meeting_id:
            continue
        span = outcome.last_para - outcome.first_para + 1
        words = outcome.text.split(" ")
        step = -(-len(words) // span)
        for index in range(span):
            part = " ".join(words[index * step:(index + 1) * step])
            found.append(FoundParagraph(outcome.first_para + index, part, ("Outcome",),
                                        Loc("r.docx", 1, 1), 0))
    return found


def _model(corpus, meeting_id):
    return TopicModel(corpus.clusters, [o for o in corpus.outcomes if o.meeting_id != meeting_id])


def test_reimport_of_the_same_report_changes_nothing(corpus):
    original = (ROOT / "content/outcomes/africa.yaml").read_text()
    merged = merge(load_round_trip(original), "africa", _paragraphs(corpus, "africa"),
                   _model(corpus, "africa"), "")
    assert {c.kind for c in merged.changes} == {"unchanged"}
    assert dump(merged.data) == original  # comments, quotes and folding kept byte for byte


def test_corrigendum_updates_text_keeps_tagging_and_reports_what_it_drops(corpus):
    original = (ROOT / "content/outcomes/africa.yaml").read_text()
    found = _paragraphs(corpus, "africa")
    by_number = {p.number: p for p in found}
    # 9: a phrase reworded; 10 withdrawn; a new paragraph after 12 shifts the rest by one.
    revised = []
    for p in found:
        if p.number == 10:
            continue
        text = p.text.replace("short and concise document", "brief and focused document")
        number = p.number + 1 if p.number > 12 else p.number
        revised.append(FoundParagraph(number, text, p.path, p.loc, 0))
    revised.append(FoundParagraph(13, "The Meeting also recommended that a new paragraph "
                                  "be inserted by corrigendum.", ("Outcome",), by_number[9].loc, 0))
    merged = merge(load_round_trip(original), "africa", revised, _model(corpus, "africa"), "")
    kinds = [c.kind for c in merged.changes]
    lost = [c for c in merged.changes if c.kind == "phrase-lost"]
    assert len(lost) == 1 and "short and concise document" in lost[0].message
    assert [c.outcome_id for c in merged.changes if c.kind == "not-in-report"] == [
        "af-political-message-2030"]
    assert kinds.count("added") == 1
    assert kinds.count("renumbered") == sum(1 for o in corpus.outcomes
                                            if o.meeting_id == "africa" and o.first_para > 12)
    entries = {e["id"]: e for e in merged.data["outcomes"]}
    concise = entries["af-kyoto-concise"]
    assert "brief and focused document" in normalize_lines(str(concise["text"]))
    # The topic stays accepted; its other phrases stay; the lost one is offered anew.
    assert list(concise["topics"]["declaration-concise"]) == []
    assert "declaration-inclusive" in concise["topics"]
    assert "declaration-concise" in concise["suggested"]["topics"]
    # The withdrawn outcome is kept with its tagging, never deleted silently.
    assert entries["af-political-message-2030"]["topics"]
    moved = next(o for o in corpus.outcomes if o.meeting_id == "africa" and o.first_para == 13)
    assert entries[moved.id]["para"] == 14


def test_the_merged_file_reads_back_and_builds_what_it_says(corpus, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    original = (content / "outcomes/africa.yaml").read_text()
    found = _paragraphs(corpus, "africa")
    found.append(FoundParagraph(990, "Participants recommended a short and concise "
                                "declaration drafted through an inclusive process.",
                                ("Outcome",), Loc("r.docx"), 0))
    merged = merge(load_round_trip(original), "africa", found, _model(corpus, "africa"), "")
    (content / "outcomes/africa.yaml").write_text(dump(merged.data))
    again = load_corpus(content)
    new = next(o for o in again.outcomes if o.first_para == 990 and o.meeting_id == "africa")
    assert new.placements == () and new.suggested  # waiting for review: in neither annex
    assert len(again.outcomes) == len(corpus.outcomes) + 1


def test_a_paragraph_reworded_beyond_recognition_is_still_its_outcome(corpus):
    original = (ROOT / "content/outcomes/africa.yaml").read_text()
    found = [p if p.number != 9 else FoundParagraph(9, "Entirely new wording agreed in the "
                                                     "corrigendum.", p.path, p.loc, 0)
             for p in _paragraphs(corpus, "africa")]
    merged = merge(load_round_trip(original), "africa", found, _model(corpus, "africa"), "")
    changes = {c.kind for c in merged.changes if c.outcome_id == "af-kyoto-concise"}
    assert "updated" in changes and "added" not in {c.kind for c in merged.changes}
    assert len([c for c in merged.changes if c.kind == "phrase-lost"]) == 3


def test_an_outcome_whose_number_another_now_holds_is_a_collision(corpus):
    """10 withdrawn, and 11 renumbered to 10: the kept 10 may not keep its number."""
    original = (ROOT / "content/outcomes/africa.yaml").read_text()
    found = []
    for p in _paragraphs(corpus, "africa"):
        if p.number == 10:
            continue
        found.append(FoundParagraph(p.number - 1 if p.number > 10 else p.number, p.text,
                                    p.path, p.loc, 0))
    merged = merge(load_round_trip(original), "africa", found, _model(corpus, "africa"), "")
    assert [c.outcome_id for c in merged.changes if c.kind == "collision"] == [
        "af-political-message-2030"]
