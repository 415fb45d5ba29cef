"""`annexgen diff`: exactly the planted changes, as tracked changes and marked cells."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import zipfile

import docx
import openpyxl
import pytest
from lxml import etree

from annexgen.cli import main
from annexgen.core.words import english
from annexgen.diff.changes import word_diff
from annexgen.diff.sources import MAX_NAMED_LEFT_OUT
from annexgen.load.corpus import load_corpus
from tests.conftest import STYLES, make_case, tree_digest
from tests.ooxml import NS, W

EXTRA_OUTCOME = """
  - id: n-three
    para: 30
    text: Participants asked for regional cooperation against trafficking.
    topics:
      beta: [regional cooperation]
"""
NEW_NORTH = """meeting: north
outcomes:
  - id: n-one
    para: 10
    text: >-
      Participants recommended a short and concise declaration with a clear
      political message for all regions.
    topics:
      alpha: [concise declaration]
      beta: [political message]
  - id: n-two
    para: "11-12"
    text: Participants stressed restorative justice and legal aid.
    topics:
      beta: [restorative justice, legal aid]
"""
NEW_SOUTH = """meeting: south
outcomes:
  - id: s-one
    para: 21
    text: The Meeting called for legal aid for all and for community policing.
    topics:
      gamma: [legal aid]
      alpha: [community policing]
  - id: s-two
    para: 25
    text: The Meeting asked for better prison statistics.
    topics:
      gamma: [prison statistics]
"""
PLANTED = {
    ("reworded", "n-one", "alpha"), ("reworded", "n-one", "beta"),
    ("key phrases", "n-one", "alpha"),
    ("moved out", "n-two", "gamma"), ("moved in", "n-two", "beta"),
    ("paragraphs", "s-one", "gamma"), ("paragraphs", "s-one", "alpha"),
    ("added", "s-two", "gamma"), ("removed", "n-three", "beta"),
}


# The diff of these tests: office files only (LibreOffice is for tests/render/test_diff_pdf.py).
DIFF = ["diff", "--no-render"]
TITLES = {"alpha": "Alpha topic", "beta": "Beta topic", "gamma": "Gamma topic"}
LISTED = re.compile(r"^  (\S+(?: \S+)?) +(\S+) +under “([^”]+)”$", re.MULTILINE)


@pytest.fixture
def versions(tmp_path):
    old = make_case("_base", tmp_path / "old")
    with (old / "outcomes" / "north.yaml").open("a") as stream:
        stream.write(EXTRA_OUTCOME)
    new = make_case("_base", tmp_path / "new")
    (new / "outcomes" / "north.yaml").write_text(NEW_NORTH)
    (new / "outcomes" / "south.yaml").write_text(NEW_SOUTH)
    return old, new


def _diff(old, new, out, capsys):
    status = main([*DIFF, str(old), str(new), "--styles", str(STYLES), "--out", str(out), "-v"])
    return status, capsys.readouterr()


def test_diff_reports_exactly_the_planted_changes(versions, tmp_path, capsys):
    status, printed = _diff(*versions, tmp_path / "out", capsys)
    assert status == 0, printed.err
    found = set(LISTED.findall(printed.out))
    assert found == {(kind, outcome, TITLES[topic]) for kind, outcome, topic in PLANTED}
    assert printed.out.startswith("changes from ")
    assert ": 5 outcomes changed: 1 added, 1 removed, 1 moved in, 1 moved out, 1 reworded, " \
           "1 with other key phrases, 1 with other paragraph numbers\n" in printed.out


def test_the_report_names_topics_by_title_and_counts_in_the_singular(versions, tmp_path,
                                                                     capsys):
    base, one = make_case("_base", tmp_path / "base"), make_case("_base", tmp_path / "one")
    north = one / "outcomes" / "north.yaml"
    north.write_text(north.read_text().replace("a strong", "a firm", 1))
    status, printed = _diff(base, one, tmp_path / "out", capsys)
    assert status == 0, printed.err
    assert ": 1 outcome changed: 1 reworded\n" in printed.out
    assert "under “Alpha topic”" in printed.out and "under alpha" not in printed.out
    moved = _diff(*versions, tmp_path / "moved", capsys)[1].out
    assert "under “Gamma topic”" in moved
    paper = docx.Document(tmp_path / "moved" / "changes.docx")
    text = "\n".join(p.text for p in paper.paragraphs)
    assert "now under “Beta topic”" in text and "before under “Gamma topic”" in text
    assert "1 paragraphs" not in text and "1 key phrases" not in text


def test_rewording_is_a_tracked_change_word_by_word(versions, tmp_path, capsys):
    _diff(*versions, tmp_path / "out", capsys)
    data = (tmp_path / "out" / "changes.docx").read_bytes()
    document = docx.Document(io.BytesIO(data))  # opens in python-docx
    reworded = [p for p in document.paragraphs if p.text.startswith("Reworded:")]
    assert len(reworded) == 2
    paragraph = reworded[0]._p
    inserted = ["".join(t.text for t in ins.iter(f"{{{W}}}t"))
                for ins in paragraph.iter(f"{{{W}}}ins")]
    deleted = ["".join(t.text for t in d.iter(f"{{{W}}}delText"))
               for d in paragraph.iter(f"{{{W}}}del")]
    assert inserted == ["clear", " for all regions"]
    assert deleted == ["strong"]
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    added = [p for p in body.iter(f"{{{W}}}p") if "Added:" in "".join(p.itertext())]
    assert "".join(added[0].find("w:ins", NS).itertext()).startswith("The Meeting asked")
    assert all(e.get(f"{{{W}}}author") == "annexgen" for e in body.iter(f"{{{W}}}ins"))


def test_annex_b_copy_marks_the_changed_cells(versions, tmp_path, capsys):
    _diff(*versions, tmp_path / "out", capsys)
    sheet = openpyxl.load_workbook(tmp_path / "out" / "annex-b-changes.xlsx")["Annex B"]
    notes = {c.coordinate: c.comment.text for row in sheet.iter_rows() for c in row if c.comment}
    assert any("reworded (para.\u00a010)" in text for text in notes.values())
    assert any("added (para.\u00a0" in text for text in notes.values())
    assert not any(re.search(r"\b[ns]-(one|two|three)\b", text) for text in notes.values())
    filled = {c.coordinate for row in sheet.iter_rows() for c in row
              if c.fill.fill_type == "solid" and c.fill.start_color.rgb == "FFFFE699"}
    assert filled == set(notes) and len(filled) >= 5  # every changed cell filled and noted


def test_word_diff_keeps_the_text():
    old, new = "a quick brown fox", "a slow brown dog jumps"
    pieces = word_diff(old, new)
    assert "".join(t for k, t in pieces if k != "ins") == old
    assert "".join(t for k, t in pieces if k != "del") == new


def test_diff_against_a_git_revision(versions, tmp_path, capsys, monkeypatch):
    old, new = versions
    repo = tmp_path / "repo"
    (repo / "content").mkdir(parents=True)
    subprocess.run(["cp", "-r", f"{old}/.", str(repo / "content")], check=True)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "old"], check=True)
    subprocess.run(["cp", "-r", f"{new}/.", str(repo / "content")], check=True)
    monkeypatch.chdir(repo)
    status = main([*DIFF, "HEAD", "content", "--styles", str(STYLES), "--out", "out"])
    assert status == 0
    assert "1 added, 1 removed" in capsys.readouterr().out
    opening = docx.Document(repo / "out" / "changes.docx").paragraphs[1].text
    today = english().dates.day(dt.date.today())  # the commit's date, in the report's words
    assert opening.startswith(f"From the version of {today} (HEAD) to the content of content:")


def test_unknown_side_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status = main([*DIFF, "no-such-folder", "neither", "--styles", str(STYLES)])
    assert status == 2
    assert "Traceback" not in capsys.readouterr().err


def _commit(repo, message: str) -> None:
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "add", "-A", "."], check=True)
    subprocess.run([*git, "commit", "-qm", message], check=True)


def _repository(folder):
    folder.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder


@pytest.fixture
def outside_git(tmp_path, monkeypatch):
    """No repository above tmp_path is seen, whatever holds the temporary folder."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return tmp_path


def test_diff_revisions_of_content_in_another_repository(versions, outside_git, capsys,
                                                         monkeypatch):
    old, new = versions
    here = _repository(outside_git / "here")  # the current folder: an unrelated repository
    (here / "notes.txt").write_text("not content")
    _commit(here, "unrelated")
    there = _repository(outside_git / "there")
    shutil.copytree(old, there / "exercise" / "content")
    _commit(there, "old")
    shutil.copytree(new, there / "exercise" / "content", dirs_exist_ok=True)
    _commit(there, "new")
    monkeypatch.chdir(here)
    status = main([*DIFF, "HEAD~1", "HEAD", "--content", str(there / "exercise" / "content"),
                   "--styles", str(STYLES), "--out", "out"])
    printed = capsys.readouterr()
    assert status == 0, printed.err
    assert "1 added, 1 removed" in printed.out and (here / "out" / "changes.docx").is_file()


def test_a_revision_of_content_in_no_repository_is_a_one_line_error(versions, outside_git,
                                                                   capsys, monkeypatch):
    _, new = versions
    monkeypatch.chdir(_repository(outside_git / "here"))
    status = main([*DIFF, "HEAD~1", str(new), "--content", str(new), "--styles", str(STYLES)])
    err = capsys.readouterr().err
    assert status == 2
    [line] = err.splitlines()
    assert line.startswith(f"annexgen: 'HEAD~1' is no folder, and the content folder "
                           f"{new} is in no git repository to take a revision from: compare "
                           "two folders")
    assert "git init" in line


def test_an_unknown_revision_names_the_repository_it_was_looked_for_in(versions, outside_git,
                                                                      capsys):
    _, new = versions
    there = _repository(outside_git / "there")
    shutil.copytree(new, there / "content")
    _commit(there, "only")
    status = main([*DIFF, "v9", "HEAD", "--content", str(there / "content"),
                   "--styles", str(STYLES), "--out", str(outside_git / "out")])
    err = capsys.readouterr().err
    assert status == 2 and len(err.splitlines()) == 1
    assert err.startswith(f"annexgen: 'v9' is no folder, and no revision of 'content' in the "
                          f"git repository {there.resolve()}: ")


@pytest.fixture
def one_commit(versions, outside_git):
    """A repository whose only commit holds the content folder."""
    _, new = versions
    there = _repository(outside_git / "there")
    shutil.copytree(new, there / "content")
    _commit(there, "only")
    return there


@pytest.mark.parametrize("revision", ["--output={victim}", "-o", "--help", "a b",
                                      "HEAD:content", "--format=zip", "HEAD\nHEAD"])
def test_a_revision_that_is_no_commit_is_refused_and_touches_nothing(one_commit, outside_git,
                                                                     capsys, revision):
    victim = outside_git / "victim.txt"
    victim.write_bytes(b"precious bytes\n")
    before = tree_digest(one_commit)
    revision = revision.format(victim=victim)
    status = main([*DIFF, "--content", str(one_commit / "content"), "--styles", str(STYLES),
                   "--out", str(outside_git / "out"), "--", revision, "HEAD"])
    err = capsys.readouterr().err
    assert status == 2, err
    assert victim.read_bytes() == b"precious bytes\n"
    assert tree_digest(one_commit) == before  # no file named after an option in the repository
    assert not (outside_git / "out").exists()
    assert err.startswith(f"annexgen: {revision!r} is no folder, and no revision of 'content' "
                          f"in the git repository {one_commit.resolve()}: ")
    assert err.count("\n") == 1 and "Traceback" not in err


HUGE_BYTES = 400 * 2**20


# annexgen with its peak resident memory on stderr at exit: its own (VmHWM, which starts
# afresh at exec, so the test's own memory is not counted in) or that of a process it ran
# (git), whichever is larger.
_WITH_PEAK = """
import atexit, resource, sys
from annexgen.cli import main

def peak():
    with open("/proc/self/status") as status:
        own = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak-kb {max(own, children)}", file=sys.stderr)

atexit.register(peak)
sys.exit(main(sys.argv[1:]))
"""


def _peak_run(args: list[str], cwd) -> tuple[int, str, int]:
    """Runs `annexgen ARGS`: (exit status, stderr, peak resident memory in bytes)."""
    done = subprocess.run([sys.executable, "-c", _WITH_PEAK, *args], cwd=cwd,
                          capture_output=True, text=True, check=False)
    err, _, peak = done.stderr.rpartition("peak-kb ")
    return done.returncode, err, int(peak) * 1024


@pytest.mark.slow  # 400 MB through git and a pipe
def test_a_revision_holding_a_huge_file_is_read_in_bounded_memory(versions, outside_git):
    """The old revision has a 400 MB outcome file: reported as a folder's would be (E105,
    at the revision's path), with the other side's problems, and never held in memory."""
    old, new = versions
    there = _repository(outside_git / "there")
    shutil.copytree(old, there / "content")
    with open(there / "content" / "outcomes" / "huge.yaml", "wb") as stream:
        stream.truncate(HUGE_BYTES)
    _commit(there, "old, with a huge outcome file")
    (there / "content" / "outcomes" / "huge.yaml").unlink()
    shutil.copytree(new, there / "content", dirs_exist_ok=True)
    (there / "content" / "meetings.yaml").write_text("- not: a meeting\n")
    _commit(there, "new, with a broken meetings.yaml")
    status, err, peak = _peak_run([*DIFF, "HEAD~1", "HEAD", "--content", "content",
                                   "--styles", str(STYLES), "--out", str(outside_git / "out")],
                                  there)
    assert status == 2, err
    assert f"HEAD~1:content/outcomes/huge.yaml:1:1: E105: file is {HUGE_BYTES:,} bytes" in err
    assert "HEAD:content/meetings.yaml:" in err  # the other side's problems, in the same run
    assert "Traceback" not in err and not (outside_git / "out").exists()
    assert peak < 150 * 2**20, f"peak resident memory {peak / 2**20:.0f} MB"


def test_links_in_a_revision_are_named_not_followed(versions, outside_git, capsys):
    old, new = versions
    there = _repository(outside_git / "there")
    shutil.copytree(old, there / "content")
    (there / "content" / "outcomes" / "passwd.yaml").symlink_to("/etc/passwd")
    (there / "content" / "outcomes" / "again.yaml").symlink_to("north.yaml")
    _commit(there, "links")
    status = main([*DIFF, "HEAD", str(new), "--content", str(there / "content"),
                   "--styles", str(STYLES), "--out", str(outside_git / "out")])
    err = capsys.readouterr().err
    assert status == 2, err
    for name in ("passwd.yaml", "again.yaml"):
        assert f"HEAD:content/outcomes/{name}:1:1: E106: a symbolic link" in err
    assert "root:" not in err and "Traceback" not in err
    assert not (outside_git / "out").exists()


def test_past_a_hundred_links_the_rest_are_counted(versions, outside_git, capsys, monkeypatch):
    old, new = versions
    there = _repository(outside_git / "there")
    shutil.copytree(old, there / "content")
    for number in range(MAX_NAMED_LEFT_OUT + 3):
        (there / "content" / f"link-{number:03}").symlink_to("document.yaml")
    _commit(there, "links")
    status = main([*DIFF, "HEAD", str(new), "--content", str(there / "content"),
                   "--styles", str(STYLES), "--out", str(outside_git / "out")])
    err = capsys.readouterr().err
    assert status == 2, err
    assert err.count(": E106: a symbolic link") == MAX_NAMED_LEFT_OUT
    assert f"HEAD:content/link-{MAX_NAMED_LEFT_OUT - 1:03}:1:1: E106: and 3 more links" in err


def test_exit_code_says_whether_there_are_changes_as_git_diff_does(versions, tmp_path,
                                                                   capsys):
    old, new = versions
    common = ["--styles", str(STYLES), "--exit-code", "-q"]
    assert main([*DIFF, str(old), str(new), "--out", str(tmp_path / "a"), *common]) == 1
    assert main([*DIFF, str(old), str(old), "--out", str(tmp_path / "b"), *common]) == 0
    assert main([*DIFF, str(old), str(new), "--out", str(tmp_path / "c"),
                 "--styles", str(STYLES), "-q"]) == 0  # without it: 0 either way


def test_the_report_speaks_the_users_words_not_internal_ids(versions, tmp_path, capsys):
    _diff(*versions, tmp_path / "out", capsys)
    text = "\n".join(p.text for p in docx.Document(tmp_path / "out" / "changes.docx").paragraphs)
    title = load_corpus(versions[1]).document.title
    assert text.startswith(f"Changes: {title}\n")  # its title from the content
    assert f"From the content of {versions[0]} to the content of {versions[1]}:" in text
    assert re.search(r"Reworded: North \(A/TEST/RPM\.1/1\) \(para\.\u00a010\): ", text)
    assert not re.search(r"\b[ns]-(one|two|three)\b", text)


def test_json_output_keeps_stdout_json_with_the_summary_on_stderr(versions, tmp_path, capsys):
    import json

    old, new = versions
    assert main([*DIFF, str(old), str(new), "--styles", str(STYLES), "--out",
                 str(tmp_path / "out"), "--output-format", "json"]) == 0
    printed = capsys.readouterr()
    assert json.loads(printed.out) == [] and "changes from " in printed.err


@pytest.mark.parametrize(("how", "said"), [
    ("--no-render", "not rendered (--no-render): office files only, no PDFs"),
    ("without LibreOffice", "not rendered: soffice was not found on PATH; "),
])
def test_without_rendering_the_office_files_are_written_and_old_pdfs_removed(
        versions, tmp_path, capsys, monkeypatch, how, said):
    old, new = versions
    out = tmp_path / "out"
    out.mkdir()
    (out / "changes.pdf").write_bytes(b"%PDF-1.7 of an earlier diff")
    (out / "mine.txt").write_text("kept")
    if how != "--no-render":
        monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    status = main(["diff", *([how] if how == "--no-render" else []), str(old), str(new),
                   "--styles", str(STYLES), "--out", str(out)])
    printed = capsys.readouterr()
    assert status == 0, printed.err
    assert f"\n  {said}" in printed.out
    assert "\n  removed out-of-date changes.pdf\n" in printed.out
    assert sorted(p.name for p in out.iterdir()) == ["annex-b-changes.xlsx", "changes.docx",
                                                     "mine.txt"]
