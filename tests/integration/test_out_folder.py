"""The output folder is not trusted: no --out over an input, the manifest checked as
input, one build at a time."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annexgen.cli import main
from annexgen.publish.manifest import MANIFEST, Manifest, _seal
from annexgen.publish.outfolder import lock_path
from tests.conftest import STYLES, make_case, tree_digest


def _run(capsys, *args: str) -> tuple[int, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """tmp_path with content/ (the small base case) and styles/ copied in."""
    monkeypatch.chdir(tmp_path)
    make_case("_base", tmp_path)
    shutil.copytree(STYLES, tmp_path / "styles")
    return tmp_path


@pytest.mark.parametrize(("out", "why"), [
    ("content", "it is the content folder"),
    ("content/", "it is the content folder"),
    (".", "it holds the content folder"),
    ("content/outcomes", "it is inside the content folder"),
    ("styles", "it is the styles folder"),
])
@pytest.mark.parametrize("command", ["build", "watch", "diff"])
def test_an_out_folder_over_an_input_is_refused(folder, capsys, out, why, command):
    before = tree_digest(folder)
    args = ["--no-render", "--content", "content", "--styles", "styles", "--out", out]
    args = ["content", "content", *args] if command == "diff" else args
    status, printed = _run(capsys, command, *args)
    assert status == 2
    assert f"refusing --out {Path(out)}: " in printed
    assert why in printed and "Traceback" not in printed
    assert tree_digest(folder) == before


def test_a_symlinked_way_into_the_content_is_refused(folder, capsys):
    (folder / "alias").symlink_to(folder / "content", target_is_directory=True)
    status, printed = _run(capsys, "build", "--no-render", "--content", "content",
                           "--styles", "styles", "--out", "alias/out")
    assert status == 2 and "it is inside the content folder" in printed


def _built(folder, capsys) -> str:
    status, printed = _run(capsys, "build", "--no-render", "--content", "content",
                           "--styles", "styles", "--out", "out")
    assert status == 0, printed
    return printed


@pytest.mark.parametrize("edit", [
    lambda m: m | {"outputs": []},
    lambda m: m | {"outputs": {"annex-a.docx": "not a mapping"}},
    lambda m: m | {"outputs": {"annex-a.docx": {"sha256": "short"}}},
    lambda m: m | {"pages": {"annex-a:first": "1-3"}},
    lambda m: m | {"pages": {"annex-a:first": [3, 1]}},
    lambda m: m | {"pages": {"annex-a:first": [1, True]}},
    lambda m: m | {"pages": {"annex-z:first": [1, 1]}},
    lambda m: m | {"inputs": None},
    lambda m: [m],
    lambda m: "text",
])
def test_a_hand_edited_manifest_is_ignored_not_trusted(folder, capsys, edit):
    _built(folder, capsys)
    path = folder / "out" / MANIFEST
    edited = edit(json.loads(path.read_text()))
    if isinstance(edited, dict):  # sealed again, so that its shape is what is refused
        edited["seal"] = _seal(edited)
    path.write_text(json.dumps(edited))
    assert Manifest.read(folder / "out") is None
    printed = _built(folder, capsys)
    assert "internal error" not in printed
    assert Manifest.read(folder / "out") is not None  # written afresh by the build


def test_a_manifest_edited_without_its_seal_is_ignored(folder, capsys):
    """A plausible edit (other pages, well formed) breaks the seal: an unchanged rebuild
    does not take the folder's word for it, and the build writes the manifest afresh."""
    _built(folder, capsys)
    path = folder / "out" / MANIFEST
    data = json.loads(path.read_text())
    data["pages"] = {key: [first + 1, last + 1] for key, (first, last) in data["pages"].items()}
    data["pages"]["annex-a:first"] = [1, 2]
    path.write_text(json.dumps(data))
    assert Manifest.read(folder / "out") is None
    assert "nothing changed" not in _built(folder, capsys)
    assert Manifest.read(folder / "out") is not None


@pytest.mark.parametrize("kind", ["fifo", "folder", "not json", "huge"])
def test_a_manifest_that_is_no_json_file_is_ignored(folder, capsys, kind):
    _built(folder, capsys)
    path = folder / "out" / MANIFEST
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "huge":
        path.write_bytes(b" " * 17_000_000)
    else:
        path.write_bytes(b"\xff{not json")
    assert Manifest.read(folder / "out") is None
    _built(folder, capsys)


def test_a_second_build_while_one_holds_out_says_so_plainly(folder, capsys):
    _built(folder, capsys)
    before = tree_digest(folder / "out")
    with open(lock_path(folder / "out"), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        status, printed = _run(capsys, "build", "--no-render", "--content", "content",
                               "--styles", "styles", "--out", "out")
    assert status == 1 and "another build is writing out/" in printed
    assert "internal error" not in printed and tree_digest(folder / "out") == before
    _built(folder, capsys)  # the lock went with the process that held it


def test_builds_started_together_never_fail_with_another_message(folder):
    command = [sys.executable, "-m", "annexgen", "build", "--no-render", "-q",
               "--content", "content", "--styles", "styles", "--out", "out"]
    runs = [subprocess.Popen(command, cwd=folder, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]
    results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
    for run in runs:
        run.stderr.close()
    assert any(status == 0 for status, _ in results)
    for status, err in results:
        assert status == 0 or (status == 1 and "another build is writing out/" in err), err
    assert Manifest.read(folder / "out") is not None
