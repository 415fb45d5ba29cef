"""Typed outcome edits through the API, as the workbench makes them: suggestions accepted
and rejected, key phrases from a selection, the file's comments kept, check passing after
each, nothing written over another writer's version or past a check's refusal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annexgen import api
from annexgen.core.diagnostics import Report
from annexgen.core.errors import AnnexgenError
from annexgen.edit.apply import version_of
from annexgen.edit.outcomes import (
    AcceptTopic,
    AddPhrase,
    AddTopic,
    FinishReview,
    RejectTopic,
    RemovePhrase,
)
from annexgen.load.corpus import load_mapping
from tests.conftest import CONTENT, STYLES, tree_digest

WAITING = """\
  - id: af-new
    para: 999
    # a note from the bureau
    text: >-
      Participants recommended that legal aid be extended to rural areas and
      that legal aid be funded by the State.
    topics:
    suggested:
      cluster: rule-of-law
      topics:
        rl-access-justice: [rural areas]
        cj-vulnerable:
        action-oriented:
"""


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    path = folder / "outcomes" / "africa.yaml"
    path.write_text(path.read_text() + WAITING)
    return folder


def _outcome(content: Path, outcome_id: str = "af-new"):
    mapping = load_mapping(content, Report())
    return next(o for o in mapping.outcomes if o.id == outcome_id)


def test_accepting_and_rejecting_suggestions_then_finishing_the_review(content):
    first = api.edit(content, "af-new", AcceptTopic("rl-access-justice"),
                     RejectTopic("action-oriented"), styles=STYLES)
    outcome = _outcome(content)
    assert [p.topic_id for p in outcome.placements] == ["rl-access-justice"]
    phrase = outcome.placements[0].phrases[0]
    assert outcome.text[phrase.start:phrase.end] == "rural areas"  # the suggested phrase
    text = (content / "outcomes" / "africa.yaml").read_text()
    assert "rejected: [action-oriented]" in text and "# a note from the bureau" in text
    assert outcome.suggested  # still under review
    api.edit(content, "af-new", FinishReview(), version=first.version, styles=STYLES)
    assert not _outcome(content).suggested
    assert api.check(content, STYLES).counts.outcomes == len(load_mapping(
        CONTENT, Report()).outcomes) + 1


def test_a_selection_becomes_a_whole_word_phrase_with_its_occurrence(content):
    api.edit(content, "af-new", AddTopic("cj-vulnerable"))
    text = _outcome(content).text
    second = text.index("legal aid", text.index("legal aid") + 1)
    # a sloppy selection: a space before, half a word after
    api.edit(content, "af-new", AddPhrase("cj-vulnerable", second - 1, second + 7))
    outcome = _outcome(content)
    (placement,) = [p for p in outcome.placements if p.topic_id == "cj-vulnerable"]
    (span,) = placement.phrases
    assert (span.start, span.end) == (second, second + len("legal aid"))
    assert "{text: legal aid, occurrence: 2}" in (content / "outcomes/africa.yaml").read_text()


def test_an_overlapping_phrase_is_refused_and_nothing_is_written(content):
    api.edit(content, "af-new", AddTopic("cj-vulnerable"))
    text = _outcome(content).text
    at = text.index("rural areas")
    api.edit(content, "af-new", AddPhrase("cj-vulnerable", at, at + len("rural areas")))
    before = tree_digest(content)
    with pytest.raises(AnnexgenError) as caught:
        api.edit(content, "af-new", AddPhrase("cj-vulnerable", at + 6, at + 17))
    assert caught.value.exit_status == 2 and "overlaps" in str(caught.value)
    assert tree_digest(content) == before


def test_an_unknown_topic_is_refused_by_the_check_where_it_would_stand(content):
    before = tree_digest(content)
    with pytest.raises(AnnexgenError) as caught:
        api.edit(content, "af-new", AddTopic("no-such-topic"))
    (problem,) = [d for d in caught.value.diagnostics if d.is_error]
    assert problem.code == "E303" and problem.loc.path.endswith("outcomes/africa.yaml")
    assert tree_digest(content) == before


def test_an_edit_over_a_version_someone_else_changed_is_refused(content):
    path = content / "outcomes" / "africa.yaml"
    seen = version_of(path.read_bytes())
    path.write_text(path.read_text().replace("# a note from the bureau", "# edited elsewhere"))
    with pytest.raises(AnnexgenError) as caught:
        api.edit(content, "af-new", RejectTopic("cj-vulnerable"), version=seen)
    assert caught.value.exit_status == 1 and "changed" in str(caught.value)
    assert "# edited elsewhere" in path.read_text()


def test_removing_a_phrase_keeps_the_comments_of_the_others(content):
    path = content / "outcomes" / "africa.yaml"
    text = path.read_text().replace(
        "      declaration-concise: [short and concise document]",
        "      declaration-concise:\n        - short and concise document  # first\n"
        "        - Kyoto declaration  # second")
    path.write_text(text)
    api.edit(content, "af-kyoto-concise", RemovePhrase("declaration-concise", 0))
    written = path.read_text()
    assert "short and concise document" not in written.split("af-political")[0]
    assert "- Kyoto declaration  # second" in written


def test_neighbouring_phrases_chosen_one_by_one_are_no_slip_for_check(content):
    path = content / "outcomes" / "africa.yaml"
    path.write_text(path.read_text().replace(
        "rural areas and\n      that legal aid", "rural areas, in particular\n      legal aid"))
    api.edit(content, "af-new", AddTopic("cj-vulnerable"))
    text = _outcome(content).text
    for words in ("rural areas", "in particular legal aid"):
        at = text.index(words)
        api.edit(content, "af-new", AddPhrase("cj-vulnerable", at, at + len(words)))
    written = path.read_text()
    assert '- "in particular legal aid"' in written
    checked = api.check(content, STYLES)
    assert not [d for d in checked.diagnostics if d.code == "W509"]
    # typed by hand as one unquoted list, the same phrases are the slip W509 warns of
    path.write_text(written.replace(
        '      cj-vulnerable:\n        - rural areas\n        - "in particular legal aid"',
        "      cj-vulnerable: [rural areas, in particular legal aid]"))
    assert [d.code for d in api.check(content, STYLES).diagnostics].count("W509") == 1


def test_an_edit_keeps_the_quotes_people_wrote_in_other_lists(content):
    """Quotes say whether neighbouring words are one phrase or two (W509): an edit of one
    topic leaves every other list as it was written, quotes and all."""
    path = content / "outcomes" / "africa.yaml"
    path.write_text(path.read_text().replace(
        "rural areas and\n      that legal aid", "rural areas, in particular\n      legal aid"
    ).replace("        rl-access-justice: [rural areas]",
              '        rl-access-justice: ["rural areas", "in particular legal aid"]'))
    api.edit(content, "af-new", AcceptTopic("rl-access-justice"))
    # accepting moves the list: the quote that carries meaning (a phrase opening as a
    # continuation) is kept, so check still reads two phrases and warns of nothing
    [accepted] = [line for line in path.read_text().splitlines()
                  if "in particular legal aid" in line and "rl-access-justice" in line]
    assert '"in particular legal aid"' in accepted
    assert not [d for d in api.check(content, STYLES).diagnostics if d.code == "W509"]
    api.edit(content, "af-new", AddTopic("cj-vulnerable"))
    assert accepted in path.read_text().splitlines()  # another topic's edit leaves it as is
