"""annexgen.api: structured results, one failure type carrying its exit status and its
diagnostics, and no process-wide state changed unless asked."""

from __future__ import annotations

import gc
import shutil
import signal

import pytest

from annexgen import api
from annexgen.core.errors import AnnexgenError
from tests.conftest import CONTENT, STYLES


def test_check_returns_what_the_exercise_holds_and_its_warnings():
    checked = api.check(CONTENT, STYLES)
    assert checked.counts.meetings == 5 and checked.counts.outcomes > 200
    assert all(not d.is_error for d in checked.diagnostics)


def test_a_refusal_is_one_error_type_with_its_exit_status_and_located_problems(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "outcomes" / "africa.yaml"
    path.write_text(path.read_text().replace("para: 9\n", "para: nine\n", 1))
    with pytest.raises(AnnexgenError) as caught:
        api.build(content, STYLES, tmp_path / "out", render=False)
    assert caught.value.exit_status == 2
    (problem,) = [d for d in caught.value.diagnostics if d.is_error]
    assert problem.code == "E204" and problem.loc.path.endswith("outcomes/africa.yaml")
    assert not (tmp_path / "out").exists()


def test_an_output_folder_over_the_content_is_refused_with_status_2(tmp_path):
    with pytest.raises(AnnexgenError) as caught:
        api.check_out_folder(CONTENT, CONTENT, STYLES)
    assert caught.value.exit_status == 2 and "content folder" in caught.value.in_words()


def test_a_build_through_the_library_leaves_the_process_alone(tmp_path, monkeypatch):
    """No collector paused or frozen, no signal handler set (a server's other threads would
    feel them); the command line asks for the collector's pause, and gets it."""
    touched: list[str] = []
    for name in ("disable", "freeze"):
        monkeypatch.setattr(gc, name, lambda name=name: touched.append(name))
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    built = api.build(CONTENT, STYLES, tmp_path / "out", render=False)
    assert built.result.written and not built.result.resolved
    assert touched == []
    assert {sig: signal.getsignal(sig) for sig in handlers} == handlers
    api.build(CONTENT, STYLES, tmp_path / "out", render=False, force=True, tune_gc=True)
    assert touched == ["disable", "freeze"]


def test_a_session_rebuilds_in_rounds_that_report_structured_events(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    with api.session(content, STYLES, tmp_path / "out", render=False) as session:
        first = session.rebuild()
        again = session.rebuild()
        path = content / "outcomes" / "africa.yaml"
        path.write_text(path.read_text().replace("meeting: africa", "meeting: [africa"))
        broken = session.rebuild()
    assert first.kind == "built" and first.result is not None and not first.result.unchanged
    assert first.outcomes is not None and first.outcomes["africa"] > 0
    assert again.result is not None and again.result.unchanged and again.outcomes is None
    assert broken.kind == "invalid" and broken.result is None
    assert any(d.code == "E101" for d in broken.diagnostics)


def test_import_and_suggest_return_counts_not_sentences(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    done = api.suggest(content, meetings=["africa"], dry_run=True)
    ((shown, count),) = done.files
    assert shown.endswith("outcomes/africa.yaml") and count == 0


def test_a_build_says_what_it_did_as_data_and_an_unchanged_one_its_warnings_as_diagnostics(
        tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    paper = content / "templates" / "paper.md.j2"
    paper.write_text(paper.read_text() + "\n[^never]: A note nothing refers to.\n")
    first = api.build(content, STYLES, tmp_path / "out", render=False)
    assert first.result.not_rendered is not None
    assert first.result.not_rendered.reason == "no-render" and first.result.pdfs == ()
    again = api.build(content, STYLES, tmp_path / "out", render=False).result
    assert again.unchanged
    said = [d for d in first.diagnostics if not d.is_error]
    assert list(again.earlier_warnings) == said and any(d.code == "W503" for d in said)


def test_a_manifest_whose_stored_warnings_are_not_warnings_is_not_trusted(tmp_path):
    import json

    from annexgen.publish.manifest import MANIFEST, _seal

    out = tmp_path / "out"
    api.build(CONTENT, STYLES, out, render=False)
    data = json.loads((out / MANIFEST).read_text())
    data["warnings"] = [{"path": "x", "line": 1, "col": 1, "code": "E101", "message": "m"}]
    data["seal"] = _seal({key: value for key, value in data.items() if key != "seal"})
    (out / MANIFEST).write_text(json.dumps(data))
    assert not api.build(CONTENT, STYLES, out, render=False).result.unchanged
