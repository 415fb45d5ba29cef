"""Paths: nothing is read from outside the content folder, nothing written outside the output."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from annexgen.cli import main
from annexgen.core.deliverables import STANDARD
from annexgen.publish.outfolder import OutputError, output_path, prepare_out_dir
from tests.conftest import STYLES, make_case

SECRET = "SECRET-OUTSIDE-THE-CONTENT-FOLDER"
REFUSED = "annexgen: 1 error(s), 0 warning(s); nothing was written"


def check(tmp_path: Path, capsys, monkeypatch) -> tuple[int, list[str], str]:
    """`annexgen check` on tmp_path/content: the status, the diagnostics (`path:line:col: CODE`)
    and everything printed."""
    monkeypatch.chdir(tmp_path)
    status = main(["check", "--content", "content", "--styles", str(STYLES)])
    captured = capsys.readouterr()
    located = [": ".join(line.split(": ")[:2]) for line in captured.err.splitlines()
               if line.startswith("content/")]
    return status, located, captured.out + captured.err


def outside_copy(tmp_path: Path, content: Path, relative: str) -> Path:
    """A copy of a content file outside the folder, with a secret the build must not show."""
    outside = tmp_path / "elsewhere" / Path(relative).name
    outside.parent.mkdir(exist_ok=True)
    outside.write_text((content / relative).read_text() + f"\n# {SECRET}\n")
    return outside


@pytest.mark.parametrize("relative", ["meetings.yaml", "outcomes/south.yaml",
                                      "templates/annex-b.md.j2"])
def test_symlink_to_a_file_outside_is_refused(relative, tmp_path, capsys, monkeypatch):
    content = make_case("_base", tmp_path)
    outside = outside_copy(tmp_path, content, relative)
    (content / relative).unlink()
    (content / relative).symlink_to(outside)
    status, located, printed = check(tmp_path, capsys, monkeypatch)
    assert status == 2
    assert located == [f"content/{relative}:1:1: E107"]
    assert SECRET not in printed


def test_symlinked_folder_outside_is_refused_file_by_file(tmp_path, capsys, monkeypatch):
    content = make_case("_base", tmp_path)
    outside = tmp_path / "elsewhere-templates"
    (content / "templates").rename(outside)
    (content / "templates").symlink_to(outside, target_is_directory=True)
    status, located, _ = check(tmp_path, capsys, monkeypatch)
    assert status == 2
    assert located == [f"content/templates/{name}:1:1: E107"
                       for name in sorted(item.template_file for item in STANDARD)]


def test_symlink_that_stays_inside_is_read(tmp_path, capsys, monkeypatch):
    content = make_case("_base", tmp_path)
    (content / "shared").mkdir()
    (content / "outcomes/south.yaml").rename(content / "shared/south.yaml")
    (content / "outcomes/south.yaml").symlink_to(Path("../shared/south.yaml"))
    status, located, _ = check(tmp_path, capsys, monkeypatch)
    assert (status, located) == (0, [])


@pytest.mark.parametrize("relative", ["index.yaml", "templates/paper.md.j2"])
def test_missing_required_file_is_e106(relative, tmp_path, capsys, monkeypatch):
    content = make_case("_base", tmp_path)
    (content / relative).unlink()
    status, located, _ = check(tmp_path, capsys, monkeypatch)
    assert (status, located) == (2, [f"content/{relative}:1:1: E106"])


def test_missing_outcomes_folder_is_e106(tmp_path, capsys, monkeypatch):
    content = make_case("_base", tmp_path)
    shutil.rmtree(content / "outcomes")
    status, located, _ = check(tmp_path, capsys, monkeypatch)
    assert status == 2 and "content/outcomes:1:1: E106" in located


def test_missing_content_folder_is_e106(tmp_path, capsys, monkeypatch):
    status, _, printed = check(tmp_path, capsys, monkeypatch)
    assert status == 2
    assert printed.splitlines() == [
        "content:1:1: E106: content folder not found (give it with --content)", REFUSED]


def test_a_missing_styles_folder_is_named_as_such_with_the_way_out(tmp_path, capsys,
                                                                  monkeypatch):
    make_case("_base", tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--styles", "nowhere"]) == 2
    located = capsys.readouterr().err
    assert "nowhere:1:1: E106: styles folder not found (give it with --styles, or leave " \
        "--styles out to use the styles annexgen ships)" in located


def test_without_styles_anywhere_the_shipped_ones_are_used(tmp_path, capsys, monkeypatch):
    make_case("_base", tmp_path)
    monkeypatch.chdir(tmp_path)  # no styles/ here nor in the content folder
    assert main(["check"]) == 0


# -- templates -------------------------------------------------------------------------------

ESCAPES = [
    '{% include "../document.yaml" %}',
    '{% include "../../elsewhere/secret.txt" %}',
    '{% include "{outside}" %}',
    '{% import "{outside}" as secret %}',
    '{% from "../index.yaml" import clusters %}',
    '{% extends "/etc/passwd" %}',
    '{% include ["../meetings.yaml", "/etc/hostname"] %}',
]


@pytest.mark.parametrize("statement", ESCAPES)
def test_template_cannot_read_outside_the_templates(statement, tmp_path, capsys, monkeypatch):
    content = make_case("_base", tmp_path)
    outside = tmp_path / "elsewhere" / "secret.txt"
    outside.parent.mkdir()
    outside.write_text(SECRET)
    template = content / "templates" / "annex-a.md.j2"
    lines = template.read_text().splitlines()
    lines.insert(3, statement.replace("{outside}", str(outside)))
    template.write_text("\n".join(lines) + "\n")
    status, located, printed = check(tmp_path, capsys, monkeypatch)
    assert status == 2
    assert located == ["content/templates/annex-a.md.j2:4:1: E404"]
    assert SECRET not in printed and "title: A small test paper" not in printed


def test_content_files_are_not_templates(tmp_path, capsys, monkeypatch):
    """Only files under templates/ can be included, even when named like a template."""
    content = make_case("_base", tmp_path)
    (content / "extra.md.j2").write_text(SECRET)
    template = content / "templates" / "annex-b.md.j2"
    template.write_text(template.read_text() + '{% include "extra.md.j2" %}\n')
    status, located, printed = check(tmp_path, capsys, monkeypatch)
    assert (status, located) == (2, ["content/templates/annex-b.md.j2:6:1: E404"])
    assert SECRET not in printed


def test_unsafe_yaml_tag_runs_nothing(tmp_path, capsys, monkeypatch):
    content = make_case("_base", tmp_path)
    marker = tmp_path / "pwned"
    south = content / "outcomes" / "south.yaml"
    south.write_text(south.read_text().replace(
        "text: The Meeting", f'text: !!python/object/apply:os.system ["touch {marker}"]\n'
        "    note: The Meeting"))
    status, located, _ = check(tmp_path, capsys, monkeypatch)
    assert status == 2 and "content/outcomes/south.yaml:5:11: E104" in located
    assert not marker.exists()


# -- the output folder -----------------------------------------------------------------------

def build(tmp_path: Path, out: str, capsys, monkeypatch) -> tuple[int, str]:
    make_case("_base", tmp_path)
    monkeypatch.chdir(tmp_path)
    status = main(["build", "--no-render", "--content", "content", "--styles", str(STYLES),
                   "--out", out])
    return status, capsys.readouterr().err


@pytest.mark.parametrize("out", ["out", "out/"])
def test_out_folder_that_is_a_symlink_is_refused(out, tmp_path, capsys, monkeypatch):
    real = tmp_path / "real-out"
    real.mkdir()
    (tmp_path / "out").symlink_to(real, target_is_directory=True)
    status, err = build(tmp_path, out, capsys, monkeypatch)
    assert status == 1
    assert "the output folder out is a symlink; give its real path" in err
    assert "internal error" not in err and "Traceback" not in err
    assert list(real.iterdir()) == []
    assert (tmp_path / "out").is_symlink()


def test_prepare_out_dir_refuses_a_symlink(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    with pytest.raises(OutputError, match="is a symlink"):
        prepare_out_dir(tmp_path / "link")


def test_output_file_symlinked_outside_is_never_written_through(tmp_path, capsys, monkeypatch):
    victim = tmp_path / "victim.docx"
    victim.write_bytes(b"not yours")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "annex-a.docx").symlink_to(victim)
    status, err = build(tmp_path, "out", capsys, monkeypatch)
    assert victim.read_bytes() == b"not yours"
    assert "Traceback" not in err and "internal error" not in err
    if status == 0:
        assert not (tmp_path / "out" / "annex-a.docx").is_symlink()
    else:
        assert status == 1 and "refusing to write 'annex-a.docx'" in err


@pytest.mark.parametrize("name", ["../escape.docx", "sub/annex.docx", "/etc/passwd", "..", ".",
                                  "", "a\x00.docx", "x/../../y", "..hidden", "annex-a.docx/.."])
def test_output_names_cannot_escape(name, tmp_path):
    with pytest.raises(OutputError, match="refusing to write"):
        output_path(tmp_path, name)


def test_output_name_resolving_outside_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "annex-a.docx").symlink_to(tmp_path / "elsewhere.docx")
    with pytest.raises(OutputError, match="resolves outside"):
        output_path(tmp_path / "out", "annex-a.docx")


def test_plain_output_names_stay_inside(tmp_path):
    assert output_path(tmp_path, "annex-a.docx") == tmp_path.resolve() / "annex-a.docx"
    assert os.path.dirname(output_path(tmp_path, ".annexgen-manifest.json")) == str(
        tmp_path.resolve())
