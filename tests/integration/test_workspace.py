"""The workbench's edits as functions on the content (edit/workspace.py), without a server:
minimal diffs, byte-identical no-ops, comments kept, conflicts found, invalid results
refused with what `check` says, and what an editor saves picked up."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from annexgen import api
from annexgen.core.diagnostics import ContentError, Report
from annexgen.edit.outcomes import (
    AcceptTopic,
    AddPhrase,
    EditRefused,
    FinishReview,
    RejectTopic,
    RemovePhrase,
    SetParas,
    SetText,
)
from annexgen.edit.workspace import OutcomeChanged, Workspace
from annexgen.edit.writes import FileChanged
from annexgen.load.corpus import load_mapping
from tests.conftest import CONTENT, STYLES

REVIEWED = """    topics:
      declaration-concise: [short and concise document]
      declaration-inclusive: [inclusive and open process, all Member States could contribute]
"""
WAITING = """    suggested:  # from the import of RPM.4/1
      topics:
        declaration-concise: [short and concise document]
        declaration-inclusive: [inclusive and open process]
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The shipped exercise with Africa's first outcome waiting for review, as an import
    leaves it."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    africa = folder / "outcomes" / "africa.yaml"
    text = africa.read_text()
    assert REVIEWED in text
    africa.write_text(text.replace(REVIEWED, WAITING, 1))
    return folder


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_accepting_a_suggested_topic_is_the_smallest_diff_and_check_accepts_it(content):
    africa = content / "outcomes" / "africa.yaml"
    before = africa.read_text()
    workspace = Workspace(content, STYLES)
    version = workspace.version("af-kyoto-concise")
    applied = workspace.apply("af-kyoto-concise", [AcceptTopic("declaration-concise")], version)
    after = africa.read_text()
    assert applied.changed and applied.version != version
    assert sorted(_changed_lines(before, after)) == sorted([
        "+    topics:",
        "+      declaration-concise: [short and concise document]",
        "-        declaration-concise: [short and concise document]",
    ])
    assert [p.topic_id for p in applied.outcome.placements] == ["declaration-concise"]
    assert not [d for d in api.check(content, STYLES).diagnostics if d.is_error]


def test_a_phrase_from_a_selection_snaps_to_words_and_the_review_ends(content):
    workspace = Workspace(content, STYLES)
    outcome = workspace.outcome("af-kyoto-concise")
    assert outcome is not None
    start = outcome.text.index("ear message")  # "a cl|ear message to" selected from mid-word
    workspace.apply("af-kyoto-concise", [AcceptTopic("declaration-concise"),
                                         RejectTopic("declaration-inclusive")], None)
    applied = workspace.apply("af-kyoto-concise", [
        AddPhrase("declaration-concise", start, start + len("ear message ")), FinishReview()],
        workspace.version("af-kyoto-concise"))
    (placement,) = applied.outcome.placements
    marked = [outcome.text[p.start:p.end] for p in placement.phrases]
    assert marked == ["short and concise document", "clear message"]
    assert not applied.outcome.suggested
    mapping = load_mapping(content, Report())
    assert next(o for o in mapping.outcomes if o.id == "af-kyoto-concise") == applied.outcome


def test_an_edit_that_changes_nothing_leaves_the_file_byte_identical(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    africa = folder / "outcomes" / "africa.yaml"
    before = africa.read_bytes()
    stamp = africa.stat().st_mtime_ns
    workspace = Workspace(folder, STYLES)
    outcome = workspace.outcome("af-political-message-2030")
    assert outcome is not None
    applied = workspace.apply(outcome.id, [SetText(outcome.text),
                                           SetParas(outcome.first_para, outcome.last_para)],
                              workspace.version(outcome.id))
    assert not applied.changed
    assert africa.read_bytes() == before and africa.stat().st_mtime_ns == stamp


def test_comments_stay_where_people_wrote_them(content):
    africa = content / "outcomes" / "africa.yaml"
    africa.write_text(africa.read_text().replace(
        "  - id: af-political-message-2030\n",
        "  # checked with the bureau on 3 March\n  - id: af-political-message-2030\n"))
    workspace = Workspace(content, STYLES)
    workspace.apply("af-kyoto-concise", [AcceptTopic("declaration-concise")], None)
    workspace.apply("af-political-message-2030", [RemovePhrase("action-oriented", 0)], None)
    text = africa.read_text()
    assert "# from the import of RPM.4/1" in text
    assert "  # checked with the bureau on 3 March\n  - id: af-political-message-2030\n" in text


def test_an_outcome_changed_by_someone_else_is_a_conflict_and_nothing_is_written(content):
    africa = content / "outcomes" / "africa.yaml"
    first_tab = Workspace(content, STYLES)
    seen = first_tab.version("af-kyoto-concise")
    # Another person (another tab, another server) accepts a topic first.
    Workspace(content, STYLES).apply("af-kyoto-concise", [AcceptTopic("declaration-concise")],
                                     seen)
    theirs = africa.read_bytes()
    with pytest.raises(OutcomeChanged):
        first_tab.apply("af-kyoto-concise", [RejectTopic("declaration-inclusive")], seen)
    assert africa.read_bytes() == theirs


def test_an_edit_of_another_outcome_of_the_same_file_is_not_a_conflict(content):
    workspace = Workspace(content, STYLES)
    seen = workspace.version("af-political-message-2030")
    Workspace(content, STYLES).apply("af-kyoto-concise", [AcceptTopic("declaration-concise")],
                                     None)
    applied = workspace.apply("af-political-message-2030", [RemovePhrase("action-oriented", 1)],
                              seen)
    text = (content / "outcomes" / "africa.yaml").read_text()
    assert applied.changed and "      declaration-concise: [short and concise document]" in text


def test_an_editor_saving_between_read_and_write_is_never_overwritten(content, monkeypatch):
    africa = content / "outcomes" / "africa.yaml"
    workspace = Workspace(content, STYLES)
    import annexgen.edit.writes as writes

    real = writes._still_holds

    def editor_saves_first(path, expected):
        africa.write_text(africa.read_text() + "# saved by an editor\n")
        return real(path, expected)

    monkeypatch.setattr(writes, "_still_holds", editor_saves_first)
    with pytest.raises(FileChanged):
        workspace.apply("af-kyoto-concise", [AcceptTopic("declaration-concise")], None)
    assert africa.read_text().endswith("# saved by an editor\n")


def test_an_edit_check_would_refuse_is_refused_with_its_located_diagnostic(content):
    africa = content / "outcomes" / "africa.yaml"
    before = africa.read_bytes()
    workspace = Workspace(content, STYLES)
    with pytest.raises(ContentError) as caught:
        workspace.apply("af-political-message-2030", [SetParas(9, 9)], None)
    (problem,) = caught.value.diagnostics
    assert problem.code == "E307" and problem.loc.path.endswith("outcomes/africa.yaml")
    # check says the same of the same file
    africa.write_text(before.decode().replace("    para: 10\n", "    para: 9\n", 1))
    with pytest.raises(ContentError) as checked:
        api.check(content, STYLES)
    assert [d for d in checked.value.diagnostics if d.is_error] == [problem]
    africa.write_bytes(before)
    text = workspace.outcome("af-political-message-2030").text
    inside = text.index("implementation on the ground")  # a phrase of the topic already
    with pytest.raises(EditRefused, match="overlaps"):
        workspace.apply("af-political-message-2030",
                        [AddPhrase("action-oriented", inside - 10, inside + 14)], None)
    assert africa.read_bytes() == before


def test_a_text_too_long_for_an_annex_b_cell_is_refused_as_check_refuses_it(content):
    workspace = Workspace(content, STYLES)
    words = " ".join(f"measure{n} of the regional meetings" for n in range(900))
    with pytest.raises(ContentError) as caught:
        workspace.apply("af-political-message-2030", [SetText(words)], None)
    assert {d.code for d in caught.value.diagnostics} == {"E206"}


def test_what_an_editor_saves_is_picked_up_and_a_broken_save_waits_to_be_fixed(content):
    africa = content / "outcomes" / "africa.yaml"
    workspace = Workspace(content, STYLES)
    generation = workspace.generation
    assert not workspace.refresh()
    africa.write_text(africa.read_text().replace("short and\n      concise document",
                                                 "brief and\n      concise document", 1))
    assert workspace.refresh() and workspace.generation > generation
    outcome = workspace.outcome("af-kyoto-concise")
    assert outcome is not None and "brief and concise" in outcome.text
    good = africa.read_text()
    africa.write_text(good.replace("    para: 10\n", "    para: [\n", 1))
    assert workspace.refresh() and workspace.broken
    assert {d.code for d in workspace.problems()} == {"E101"}
    with pytest.raises(ContentError):
        workspace.apply("af-kyoto-concise", [RejectTopic("declaration-inclusive")], None)
    africa.write_text(good)
    assert workspace.refresh() and not workspace.broken


def test_every_shipped_outcome_read_and_written_on_its_own_comes_back_byte_for_byte(tmp_path):
    from annexgen.edit.workspace import edited_entry
    from annexgen.edit.yamlfile import layout_of

    workspace = Workspace(CONTENT)
    checked = 0
    for outcome in workspace.outcomes():
        text = workspace.entry_text(outcome.id)
        file = (CONTENT / workspace.file_of(outcome.id)).read_text()
        assert text is not None
        assert edited_entry(text, layout_of(file), []) == text, outcome.id
        checked += 1
    assert checked == len(load_mapping(CONTENT, Report()).outcomes)


def test_a_file_with_windows_line_endings_keeps_them(content):
    africa = content / "outcomes" / "africa.yaml"
    africa.write_bytes(africa.read_bytes().replace(b"\n", b"\r\n"))
    workspace = Workspace(content, STYLES)
    workspace.apply("af-kyoto-concise", [AcceptTopic("declaration-concise")], None)
    data = africa.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") and b"      declaration-concise:" in data


COMMENTED = """    suggested:
      topics:
        declaration-concise: [short and concise document]  # the minister's own words
        declaration-inclusive: [inclusive and open process]
  # the bureau asked to keep the next outcome as it is
"""


@pytest.mark.parametrize("operation", [AcceptTopic, RejectTopic])
def test_deciding_a_commented_suggestion_keeps_every_comment(operation, content):
    africa = content / "outcomes" / "africa.yaml"
    africa.write_text(africa.read_text().replace(WAITING, COMMENTED, 1))
    workspace = Workspace(content, STYLES)
    workspace.apply("af-kyoto-concise", [operation("declaration-concise")], None)
    # the last suggestion carries the comment lines below it (ruamel keeps them there)
    workspace.apply("af-kyoto-concise", [operation("declaration-inclusive")], None)
    text = africa.read_text()
    assert "# the minister's own words" in text
    assert "# the bureau asked to keep the next outcome as it is" in text
    assert not [d for d in api.check(content, STYLES).diagnostics if d.is_error]


def test_a_broken_file_stays_broken_when_another_file_changes(content):
    africa, europe = (content / "outcomes" / f"{m}.yaml" for m in ("africa", "europe"))
    workspace = Workspace(content, STYLES)
    good = africa.read_text()
    africa.write_text(good.replace("    para: 10\n", "    para: [\n", 1))
    assert workspace.refresh() and workspace.broken
    europe.write_text(europe.read_text() + "# a note\n")
    workspace.refresh()
    assert workspace.broken  # the other file's change does not hide this one
    africa.write_text(good)
    assert workspace.refresh() and not workspace.broken


def test_a_file_that_is_not_utf8_is_said_not_read_as_replacement_characters(content):
    africa = content / "outcomes" / "africa.yaml"
    workspace = Workspace(content, STYLES)
    africa.write_bytes(africa.read_bytes().replace(b"Participants", b"Particip\xe9nts", 1))
    assert workspace.refresh() and workspace.broken
    assert {d.code for d in workspace.problems()} == {"E106"}
