"""Re-import of a revised report: the three-way rule, matching, and nothing people wrote lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from annexgen.core.diagnostics import Loc
from annexgen.core.text import normalize_lines
from annexgen.edit.yamlfile import dump, load
from annexgen.importer.merge import OutcomeFile, digest, merge
from annexgen.importer.sections import FoundParagraph
from annexgen.importer.suggest import TopicModel
from annexgen.load.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[3]
SYMBOL = "A/CONF.234/RPM.4/1"


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


def _model(corpus, meeting_id="africa"):
    return TopicModel(corpus.clusters, [o for o in corpus.outcomes if o.meeting_id != meeting_id])


def _merged(corpus, text: str, found, meeting="africa"):
    files = [OutcomeFile("outcomes/africa.yaml", load(text))]
    result = merge(files, found, _model(corpus, meeting), SYMBOL, meeting)
    return result, dump(files[0].file)


def _revised(found, number: int, old: str, new: str):
    return [FoundParagraph(p.number, p.text.replace(old, new), p.path, p.loc, 0)
            if p.number == number else p for p in found]


def _entries(text: str) -> dict:
    return {str(e["id"]): e for e in load(text).data["outcomes"]}


SHIPPED = (ROOT / "content/outcomes/africa.yaml").read_text()


def _imported_once(corpus) -> str:
    """Africa's file after a first import of its unrevised report (digests recorded)."""
    return _merged(corpus, SHIPPED, _paragraphs(corpus, "africa"))[1]


def test_a_first_import_only_records_what_the_report_said_and_a_second_changes_nothing(corpus):
    result, once = _merged(corpus, SHIPPED, _paragraphs(corpus, "africa"))
    assert {c.kind for c in result.changes} == {"recorded", "unchanged"}
    added = [line for line in once.splitlines() if line not in SHIPPED.splitlines()]
    assert added and all(line.strip().startswith(f"imported: {{report: {SYMBOL}, digest: ")
                         for line in added)
    again, twice = _merged(corpus, once, _paragraphs(corpus, "africa"))
    assert {c.kind for c in again.changes} == {"unchanged"}
    assert twice == once  # comments, quotes and folding kept byte for byte


# The three-way rule, on af-kyoto-concise (para. 9): what the report said last time (base),
# the text in the file (ours) and the report's text now (theirs).
OURS = ("a short and\n      concise document", "a short and\n      succinct document")
THEIRS = ("short and concise document", "brief and focused document")


def test_report_revised_text_untouched_here_takes_the_report(corpus):
    found = _revised(_paragraphs(corpus, "africa"), 9, *THEIRS)
    result, text = _merged(corpus, _imported_once(corpus), found)
    kinds = [c.kind for c in result.changes if c.outcome_id == "af-kyoto-concise"]
    assert "updated" in kinds and "phrase-lost" in kinds
    entry = _entries(text)["af-kyoto-concise"]
    assert "brief and focused document" in str(entry["text"])
    assert entry["imported"]["digest"] == digest(found[0].text)


def test_text_edited_here_report_unchanged_keeps_it_and_says_nothing_harmful(corpus):
    edited = _imported_once(corpus).replace(*OURS)
    result, text = _merged(corpus, edited, _paragraphs(corpus, "africa"))
    assert [c.kind for c in result.changes if c.outcome_id == "af-kyoto-concise"] == [
        "kept-edit", "unchanged"]
    assert not [c for c in result.changes if c.kind in ("conflict", "phrase-lost", "updated")]
    assert text == edited


def test_both_changed_keeps_the_people_s_text_and_offers_the_report_s_once(corpus):
    edited = _imported_once(corpus).replace(*OURS)
    found = _revised(_paragraphs(corpus, "africa"), 9, *THEIRS)
    result, text = _merged(corpus, edited, found)
    (conflict,) = [c for c in result.changes if c.kind == "conflict"]
    assert conflict.outcome_id == "af-kyoto-concise" and conflict.keys == ("text",)
    entry = _entries(text)["af-kyoto-concise"]
    assert "succinct document" in str(entry["text"])  # ours kept
    assert normalize_lines(str(entry["suggested"]["text"])) == normalize_lines(found[0].text)
    assert list(entry["topics"]) == ["declaration-concise", "declaration-inclusive"]
    # Offered once: the same revised report again finds nothing new to say.
    again, _ = _merged(corpus, text, found)
    assert not [c for c in again.changes if c.kind in ("conflict", "updated")]


def test_both_changed_alike_is_no_conflict(corpus):
    edited = _imported_once(corpus).replace(*OURS)
    found = _revised(_paragraphs(corpus, "africa"), 9, "short and concise document",
                     "short and succinct document")
    result, text = _merged(corpus, edited, found)
    assert [c.kind for c in result.changes if c.outcome_id == "af-kyoto-concise"] == [
        "recorded", "unchanged"]
    assert "suggested" not in _entries(text)["af-kyoto-concise"]


def test_without_a_record_a_different_text_is_a_conflict_not_an_overwrite(corpus):
    """Outcomes typed by hand (never imported): the file's wording is not replaced."""
    found = _revised(_paragraphs(corpus, "africa"), 9, *THEIRS)
    result, text = _merged(corpus, SHIPPED, found)
    (conflict,) = [c for c in result.changes if c.kind == "conflict"]
    assert "never imported" in conflict.message
    entry = _entries(text)["af-kyoto-concise"]
    assert "short and\n      concise document" in text and "brief" in str(entry["suggested"])


def test_a_paragraph_replaced_by_unrelated_text_keeps_the_outcome_and_warns(corpus):
    found = [p if p.number != 9 else FoundParagraph(9, "Entirely new wording agreed in the "
                                                     "corrigendum.", p.path, p.loc, 0)
             for p in _paragraphs(corpus, "africa")]
    result, text = _merged(corpus, _imported_once(corpus), found)
    (replaced,) = [c for c in result.changes if c.kind == "replaced"]
    assert replaced.outcome_id == "af-kyoto-concise"
    assert "added" not in {c.kind for c in result.changes}
    entry = _entries(text)["af-kyoto-concise"]
    assert "short and" in str(entry["text"]) and list(entry["topics"])  # nothing removed
    assert str(entry["suggested"]["text"]) == "Entirely new wording agreed in the corrigendum."


BLOCK_PHRASES = """\
meeting: africa
outcomes:
  - id: af-kyoto-concise
    para: 9
    imported: {report: A/CONF.234/RPM.4/1, digest: DIGEST}
    text: >-
      Participants recommended that the Kyoto declaration be a short and
      concise document, drafted through an inclusive and open process.
    topics:
      declaration-concise:
        - short and concise document   # the bureau's choice
        - Kyoto declaration   # keep this one
      # a note on the next topic
      declaration-inclusive:
        - inclusive and open process
    suggested:
      cluster: political-message
      # reviewed on Monday
      topics:
        political-message-2030:
      rejected: [action-oriented]
"""


def test_a_lost_phrase_moves_with_its_comment_and_every_other_comment_stays(corpus):
    old = ("Participants recommended that the Kyoto declaration be a short and concise "
           "document, drafted through an inclusive and open process.")
    text = BLOCK_PHRASES.replace("DIGEST", digest(old))
    new = old.replace("short and concise document", "brief and focused document")
    found = [FoundParagraph(9, new, ("A. Agenda item 3", "2. Outcome of deliberations"),
                            Loc("r.docx", 30), 0)]
    result, written = _merged(corpus, text, found)
    (lost,) = [c for c in result.changes if c.kind == "phrase-lost"]
    assert "moved to 'suggested: lost:'" in lost.message
    for comment in ("# keep this one", "# a note on the next topic", "# reviewed on Monday",
                    "# the bureau's choice"):
        assert comment in written, comment
    entry = _entries(written)["af-kyoto-concise"]
    assert list(entry["topics"]["declaration-concise"]) == ["Kyoto declaration"]
    assert list(entry["suggested"]["lost"]["declaration-concise"]) == [
        "short and concise document"]
    assert "# the bureau's choice" in written.split("lost:")[1]
    # The message promises only what is written.
    if "offers" in lost.message:
        offered = lost.message.split("offers ")[1].split(" under")[0].strip("'")
        assert offered in list(entry["suggested"]["topics"]["declaration-concise"])
    # Rejected topics stay rejected, and are never offered again.
    assert list(entry["suggested"]["rejected"]) == ["action-oriented"]
    assert "action-oriented" not in entry["suggested"]["topics"]


def test_a_withdrawn_half_of_a_range_shortens_the_outcome_instead_of_doubling_it(corpus):
    outcome = next(o for o in corpus.outcomes if o.meeting_id == "africa"
                   and o.last_para > o.first_para)
    found = [p for p in _paragraphs(corpus, "africa") if p.number != outcome.last_para]
    result, text = _merged(corpus, _imported_once(corpus), found)
    mine = [c for c in result.changes if c.outcome_id == outcome.id]
    assert "renumbered" in {c.kind for c in mine} and "withdrawn" in mine[0].message
    assert not [c for c in result.changes if c.kind in ("added", "collision")]
    assert _entries(text)[outcome.id]["para"] == outcome.first_para


def test_a_collision_names_the_outcome_that_took_the_number(corpus):
    """10 withdrawn, and 11 renumbered to 10: the kept 10 may not keep its number."""
    found = []
    for p in _paragraphs(corpus, "africa"):
        if p.number == 10:
            continue
        found.append(FoundParagraph(p.number - 1 if p.number > 10 else p.number, p.text,
                                    p.path, p.loc, 0))
    result, _ = _merged(corpus, SHIPPED, found)
    (collision,) = [c for c in result.changes if c.kind == "collision"]
    assert collision.outcome_id == "af-political-message-2030"
    eleven = next(o.id for o in corpus.outcomes if o.meeting_id == "africa"
                  and o.first_para == 11)
    assert f"now outcome {eleven!r}" in collision.message


def test_a_range_is_not_matched_over_its_neighbour(corpus):
    """A paragraph inserted before a range shifts it and its neighbour by one: each goes to
    its own new numbers, and no number is blamed on the wrong outcome."""
    outcome = next(o for o in corpus.outcomes if o.meeting_id == "africa"
                   and o.last_para > o.first_para)
    shifted = [FoundParagraph(p.number + 1 if p.number >= outcome.first_para else p.number,
                              p.text, p.path, p.loc, 0) for p in _paragraphs(corpus, "africa")]
    shifted.append(FoundParagraph(outcome.first_para, "Participants welcomed the new "
                                  "paragraph inserted by the corrigendum.", ("Outcome",),
                                  Loc("r.docx"), 0))
    result, text = _merged(corpus, SHIPPED, sorted(shifted, key=lambda p: p.number))
    assert not [c for c in result.changes if c.kind in ("collision", "conflict", "replaced")]
    entries = _entries(text)
    assert entries[outcome.id]["para"] == f"{outcome.first_para + 1}-{outcome.last_para + 1}"
    assert [c.kind for c in result.changes].count("added") == 1


def test_outcomes_split_over_two_files_are_matched_in_both(corpus):
    lines = SHIPPED.split("\n  - id: ")
    first = "\n  - id: ".join(lines[:20]) + "\n"
    second = "meeting: africa\noutcomes:\n  - id: " + "\n  - id: ".join(lines[20:])
    files = [OutcomeFile("outcomes/africa-a.yaml", load(first)),
             OutcomeFile("outcomes/africa-b.yaml", load(second))]
    found = _paragraphs(corpus, "africa")
    last = max(p.number for p in found)
    found.append(FoundParagraph(last + 1, "Participants also recommended a final thing.",
                                ("Outcome",), Loc("r.docx"), 0))
    result = merge(files, found, _model(corpus), SYMBOL, "africa")
    assert [c.kind for c in result.changes].count("added") == 1
    (added,) = [c for c in result.changes if c.kind == "added"]
    assert added.file == "outcomes/africa-b.yaml"  # beside the outcome numbered before it
    assert dump(files[0].file).count("  - id: ") == 19


def test_new_paragraphs_go_in_report_order_and_keep_comments(corpus):
    text = SHIPPED.replace("  - id: af-political-message-2030",
                           "  # the next one was debated\n  - id: af-political-message-2030")
    found = _paragraphs(corpus, "africa")
    found.insert(1, FoundParagraph(2, "Participants met before the outcome.", ("Outcome",),
                                   Loc("r.docx"), 0))
    _, written = _merged(corpus, text, found)
    ids = list(_entries(written))
    assert ids[0] == "africa-2" and ids.index("af-political-message-2030") == 2
    assert "  # the next one was debated\n  - id: af-political-message-2030" in written


def test_an_offer_taken_goes_and_a_later_revision_updates_the_taken_text(corpus):
    edited = _imported_once(corpus).replace(*OURS)
    revised = _revised(_paragraphs(corpus, "africa"), 9, *THEIRS)
    _, offered = _merged(corpus, edited, revised)
    taken = offered.replace("a short and\n      succinct document", "a brief and\n      "
                            "focused document")  # the bureau takes the report's wording
    result, text = _merged(corpus, taken, revised)
    entry = _entries(text)["af-kyoto-concise"]
    assert "suggested" not in entry and "kept-edit" not in {c.kind for c in result.changes
                                                            if c.outcome_id == entry["id"]}
    again = _revised(revised, 9, "brief and focused", "brief and well-focused")
    result, text = _merged(corpus, text, again)
    assert "updated" in {c.kind for c in result.changes if c.outcome_id == "af-kyoto-concise"}
