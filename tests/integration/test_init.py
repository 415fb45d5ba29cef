"""`annexgen init`: a new exercise that check and build accept, for any number of meetings."""

from __future__ import annotations

import subprocess

import docx
import pytest

from annexgen.cli import main
from annexgen.core.deliverables import STANDARD
from annexgen.core.words import english
from tests.conftest import STYLES, needs_renderer, tree_digest

CONTENT_FILES = sorted(["document.yaml", "index.yaml", "meetings.yaml", "outcomes/region-1.yaml",
                        *(f"templates/{item.template_file}" for item in STANDARD)])


def _paper_text(out) -> str:
    return "\n".join(p.text for p in docx.Document(out / "snapshot-paper.docx").paragraphs)


@pytest.mark.parametrize("meetings", [3, 6])
def test_the_skeleton_passes_check_and_builds(meetings, tmp_path, capsys):
    exercise, out = tmp_path / "exercise", tmp_path / "out"
    assert main(["init", str(exercise), "--meetings", str(meetings)]) == 0
    content = exercise / "content"
    assert sorted(str(p.relative_to(content)) for p in content.rglob("*") if p.is_file()) == \
        CONTENT_FILES
    assert sorted(p.name for p in exercise.iterdir()) == [".gitignore", "README.md", "content"]
    assert all(p.read_text().startswith(("#", "{#-")) for p in exercise.rglob("*.*"))
    # the exercise folder stands for its content/, as the message printed by init says
    assert main(["check", "--content", str(exercise), "--styles", str(STYLES)]) == 0
    printed = capsys.readouterr()
    assert f"ok: {meetings} meetings, 1 cluster, 1 topic, 1 outcome, 1 placement" in printed.out
    # every value only the person can give is said, where it is
    to_set = [line for line in printed.err.splitlines() if ": W510: " in line]
    assert len(to_set) == 6 + 6 * meetings  # document.yaml's six, six per meeting
    assert any(line.startswith(f"{content}/document.yaml:") and "the paper's title" in line
               for line in to_set)
    assert main(["build", "--no-render", "--content", str(exercise), "--styles", str(STYLES),
                 "--out", str(out)]) == 0
    paper = _paper_text(out)
    assert f"made at the {english().numbers.say(meetings)} meetings" in paper
    assert "Congress" not in paper and "regional" not in paper  # nothing of another exercise
    assert all(f"A/CONF.000/RPM.{n}/1" in paper for n in range(1, meetings + 1))
    assert f"A/CONF.000/RPM.{meetings + 1}/1" not in paper


@pytest.mark.parametrize("planted", ["notes.txt", ".hidden"])
def test_init_refuses_a_folder_that_is_not_empty(planted, tmp_path, capsys):
    (tmp_path / planted).write_text("mine")
    before = tree_digest(tmp_path)
    assert main(["init", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (f"annexgen: {tmp_path} is not empty; init writes only "
                                       "into a new or empty folder\n")
    assert tree_digest(tmp_path) == before


def test_init_takes_an_empty_folder(tmp_path):
    assert main(["init", str(tmp_path), "--meetings", "1"]) == 0
    assert (tmp_path / "content" / "meetings.yaml").read_text().count("  - id: ") == 1


@pytest.mark.parametrize("count", ["0", "51", "three"])
def test_a_meeting_count_out_of_range_is_refused(count, tmp_path, capsys):
    with pytest.raises(SystemExit) as refused:
        main(["init", str(tmp_path / "new"), "--meetings", count])
    assert refused.value.code == 2 and "a whole number from 1 to 50" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()


@pytest.mark.render
@needs_renderer
def test_the_skeleton_renders_with_its_pages_resolved(tmp_path, capsys):
    exercise, out = tmp_path / "exercise", tmp_path / "out"
    main(["init", str(exercise), "--meetings", "3"])
    assert main(["build", "--content", str(exercise), "--styles", str(STYLES),
                 "--out", str(out)]) == 0
    assert "page references resolved" in capsys.readouterr().out
    assert "See: Annex A, page 1; Annex B, page 1" in _paper_text(out)
    assert all((out / name).is_file() for name in STANDARD.pdfs)


def test_the_exercise_keeps_its_own_styles_and_git_ignores_its_builds(tmp_path, capsys):
    exercise = tmp_path / "exercise"
    assert main(["init", str(exercise), "--meetings", "2", "--with-styles"]) == 0
    own = exercise / "styles" / "styles.yaml"
    assert own.read_text().startswith("# This exercise's own copy")
    subprocess.run(["git", "init", "-q", str(exercise)], check=True)
    assert main(["build", "--no-render", "--content", str(exercise), "--out",
                 str(exercise / "out")]) == 0
    assert (exercise / "out" / "annex-b.xlsx").is_file()
    status = subprocess.run(["git", "-C", str(exercise), "status", "--porcelain",
                             "--untracked-files=all"], capture_output=True, text=True, check=True)
    untracked = sorted(line[3:] for line in status.stdout.splitlines())
    assert untracked and not [path for path in untracked if path.startswith("out/")]
    # the build used the exercise's copy, not the styles annexgen ships
    own.write_text(own.read_text().replace("font: Times New Roman", "font: 12"))
    capsys.readouterr()
    assert main(["check", "--content", str(exercise)]) == 2
    assert f"{own}:" in capsys.readouterr().err


def test_importing_into_the_sample_meetings_says_they_are_init_s(docx_reports, tmp_path, capsys):
    exercise = tmp_path / "exercise"
    main(["init", str(exercise), "--meetings", "3"])
    report_file, _ = docx_reports["africa"]
    capsys.readouterr()
    assert main(["import", str(report_file), "--content", str(exercise)]) == 2
    said = capsys.readouterr().err
    assert ": E605: cannot tell whose report this is" in said
    assert ("meetings.yaml still has 3 meetings as annexgen init wrote them (symbol \"TO SET: "
            "its report's symbol, like A/CONF.000/RPM.1/1\" at ") in said
    assert "--meeting ID" in said


def test_an_exercise_builds_into_its_own_out_wherever_the_command_runs(tmp_path, monkeypatch):
    exercise, elsewhere = tmp_path / "exercise", tmp_path / "elsewhere"
    elsewhere.mkdir()
    main(["init", str(exercise), "--meetings", "2"])
    monkeypatch.chdir(elsewhere)  # as from annexgen's own folder, whose out/ is not this one's
    assert main(["build", "--no-render", "--content", str(exercise)]) == 0
    assert (exercise / "out" / "annex-a.docx").is_file()
    assert not (elsewhere / "out").exists()


@pytest.mark.parametrize("language", ["fr", "es-ES", "ru", "zh-Hans", "ar"])
def test_init_writes_a_skeleton_in_another_language(language, tmp_path):
    from annexgen.core.words import load_words
    from annexgen.pipeline.init import starter_for

    _, starter, words = starter_for(language)
    exercise, out = tmp_path / "exercise", tmp_path / "out"
    assert main(["init", str(exercise), "--meetings", "2", "--language", language]) == 0
    document = (exercise / "content" / "document.yaml").read_text(encoding="utf-8")
    assert f"\nlanguage: {language}\n" in document
    assert main(["check", "--content", str(exercise), "--styles", str(STYLES)]) == 0
    assert main(["build", "--no-render", "--content", str(exercise), "--styles", str(STYLES),
                 "--out", str(out)]) == 0
    paper = _paper_text(out)
    assert starter.background in paper and starter.index in paper
    assert words.numbers.say(2) in paper  # the meetings counted in the language's words
    assert paper.count(words.see_pages.see.split("{")[0]) == 1  # the catalogue's "See:"
    annex = [p.text for p in docx.Document(out / "annex-a.docx").paragraphs]
    assert annex[0] == words.deliverable["annex-a"]
    assert load_words(language).word_language == words.word_language


def test_init_refuses_a_language_it_has_no_skeleton_for(tmp_path, capsys):
    assert main(["init", str(tmp_path / "x"), "--language", "de"]) == 2
    assert "init has no skeleton in 'de' (it has ar, en, es, fr, ru, zh)" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
