"""Every bad-input case gives exactly its diagnostics, exit status 2, no traceback, no output."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from annexgen.cli import main
from annexgen.core.limits import MAX_CONTENT_FILE_BYTES
from tests.conftest import CASES, STYLES, case_params, make_case, tree_digest

CASE_NAMES = sorted(p.name for p in CASES.iterdir() if (p / "expected").exists())


def _fill_oversize(case: str, content) -> None:
    """Files too big to keep in the repository, and files git cannot hold (named pipes)."""
    marker = CASES / case / "oversize.txt"
    if marker.exists():
        target = content / marker.read_text().strip()
        line = "# " + "x" * 98 + "\n"
        target.write_text(line * (MAX_CONTENT_FILE_BYTES // len(line) + 1))
    pipes = CASES / case / "fifo.txt"
    for relative in pipes.read_text().split() if pipes.exists() else ():
        os.mkfifo(content / relative)


def _styles(case: str, target) -> str:
    """The real styles folder, or a copy with the case's `styles/` laid over it."""
    overlay = CASES / case / "styles"
    if not overlay.is_dir():
        return str(STYLES)
    shutil.copytree(STYLES, target / "styles")
    shutil.copytree(overlay, target / "styles", dirs_exist_ok=True)
    return "styles"


def _expected(case: str) -> tuple[int, list[str]]:
    lines = (CASES / case / "expected").read_text().splitlines()
    return int(lines[0].split()[1]), lines[1:]


@pytest.mark.parametrize("case", case_params(CASE_NAMES))
def test_check_reports_exactly_the_planted_problems(case, tmp_path, capsys, monkeypatch):
    content = make_case(case, tmp_path)
    _fill_oversize(case, content)
    monkeypatch.chdir(tmp_path)
    status = main(["check", "--content", "content", "--styles", _styles(case, tmp_path)])
    captured = capsys.readouterr()
    err = captured.err
    expected_status, expected = _expected(case)
    found = [line.split(": ")[0] + ": " + line.split(": ")[1]
             for line in err.splitlines() if line.startswith(("content/", "styles/"))]
    assert status == expected_status
    assert [f.removeprefix("content/") for f in found] == expected
    assert "Traceback" not in err
    says = CASES / case / "says"  # what the messages must say (the fix, in words)
    for words in says.read_text().splitlines() if says.exists() else ():
        assert words in err, (words, err)
    codes = [f.split(": ")[-1] for f in found]
    assert _counted(err + captured.out) == (sum(c.startswith("E") for c in codes),
                                            sum(c.startswith("W") for c in codes))


def _counted(err: str) -> tuple[int, int]:
    """The error and warning counts of the summary line (check prints warnings only on
    success, with no error count)."""
    summary = re.search(r"(?:(\d+) error\(s\), )?(\d+) warning\(s\)", err)
    assert summary, err
    return int(summary.group(1) or 0), int(summary.group(2))


@pytest.mark.parametrize("case", case_params(c for c in CASE_NAMES if _expected(c)[0] == 2))
def test_build_with_bad_content_leaves_out_untouched(case, tmp_path, capsys, monkeypatch):
    content = make_case(case, tmp_path)
    _fill_oversize(case, content)
    out = tmp_path / "out"
    out.mkdir()
    (out / "annex-a.docx").write_bytes(b"previous good build")
    before = tree_digest(out)
    monkeypatch.chdir(tmp_path)
    status = main(["build", "--content", "content", "--styles", _styles(case, tmp_path),
                   "--out", "out"])
    assert status == 2
    assert tree_digest(out) == before
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(("case", "messages"), [
    ("template-undefined", ["doc.annex_a.titel is undefined: doc.annex_a has no attribute "
                            "'titel' (did you mean 'title'?)"]),
    ("yaml-and-template-errors", ["doc.prepard_by is undefined: doc has no attribute "
                                  "'prepard_by' (did you mean 'prepared_by'?)"]),
    ("template-undefined-names", [
        "m.regin is undefined: m has no attribute 'regin' (did you mean 'region'?)",
        "meetngs is undefined (did you mean 'meetings'?)"]),
    ("template-runtime-error", ["meetings[7] is undefined: meetings has 2 items, numbered "
                                "from 0"]),
])
def test_an_undefined_name_is_told_as_the_author_wrote_it(case, messages, tmp_path, capsys,
                                                          monkeypatch):
    make_case(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", "content", "--styles", str(STYLES)]) == 2
    err = capsys.readouterr().err
    assert [line.split(": E402: ")[1] for line in err.splitlines() if ": E402: " in line] \
        == messages
    assert "annexgen.core.model" not in err and "object" not in err


@pytest.mark.slow  # a build for every case: make test runs it, make test-fast does not
@pytest.mark.parametrize("case", case_params(CASE_NAMES))
def test_check_and_build_report_the_same_problems(case, tmp_path, capsys, monkeypatch):
    """Whatever build refuses, check finds first: the same lines, the same exit status."""
    content = make_case(case, tmp_path)
    _fill_oversize(case, content)
    monkeypatch.chdir(tmp_path)
    styles = _styles(case, tmp_path)
    checked = main(["check", "--content", "content", "--styles", styles])
    check_lines = _located(capsys.readouterr().err)
    built = main(["build", "--no-render", "--content", "content", "--styles", styles,
                  "--out", "out"])
    assert (built, _located(capsys.readouterr().err)) == (checked, check_lines)


def _located(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith(("content/", "styles/"))]
