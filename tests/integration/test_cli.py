"""The command line: help, version, summaries and exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from annexgen import __version__
from annexgen.cli import main
from annexgen.core.deliverables import STANDARD
from tests.conftest import CONTENT, STYLES


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out.strip() == f"annexgen {__version__}"


@pytest.mark.parametrize("command", [[], ["build"], ["check"]])
def test_help_on_every_command(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main([*command, "--help"])
    out = capsys.readouterr().out
    assert stop.value.code == 0 and "exit status: 0 done" in out


def test_check_prints_a_one_line_summary(capsys):
    assert main(["check", "--content", str(CONTENT), "--styles", str(STYLES)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    assert out[0].startswith("ok: 5 meetings, 7 clusters, 49 topics, 220 outcomes")


def test_quiet_prints_nothing(capsys):
    assert main(["check", "-q", "--content", str(CONTENT), "--styles", str(STYLES)]) == 0
    assert capsys.readouterr().out == ""


def test_no_render_build_summary(tmp_path, capsys):
    status = main(["build", "--no-render", "--content", str(CONTENT), "--styles", str(STYLES),
                   "--out", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert status == 0
    assert f"built {len(STANDARD.offices)} files" in out and "page references UNRESOLVED" in out


def test_internal_failure_is_exit_1_without_traceback(tmp_path, monkeypatch, capsys):
    import annexgen.cli.commands

    def broken(args):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(annexgen.cli.commands, "run_check", broken)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: simulated bug" in err and "Traceback" not in err


def test_module_entry_point_runs():
    done = subprocess.run([sys.executable, "-m", "annexgen", "--version"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and __version__ in done.stdout


def test_an_unchanged_rebuild_says_the_last_builds_warnings_again(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    paper = content / "templates" / "paper.md.j2"
    paper.write_text(paper.read_text() + "\n[^never]: A note nothing refers to.\n")
    command = ["build", "--no-render", "--content", str(content), "--styles", str(STYLES),
               "--out", str(tmp_path / "out")]
    assert main(command) == 0
    first = capsys.readouterr()
    assert main(command) == 0
    again = capsys.readouterr()
    assert "nothing changed" in again.out
    assert again.err == first.err and ": W" in first.err


def test_force_rewrites_unchanged_outputs(tmp_path, capsys):
    command = ["build", "--no-render", "--content", str(CONTENT), "--styles", str(STYLES),
               "--out", str(tmp_path / "out")]
    assert main(command) == 0
    assert main(command) == 0
    assert "nothing changed since the last build" in capsys.readouterr().out
    assert main([*command, "--force"]) == 0
    assert f"written: {', '.join(STANDARD.offices)}" in capsys.readouterr().out


def _with_a_warning(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    paper = content / "templates" / "paper.md.j2"
    paper.write_text(paper.read_text() + "\n[^never]: A note nothing refers to.\n")
    return content


def test_strict_makes_warnings_errors_and_writes_nothing(tmp_path, capsys):
    content = _with_a_warning(tmp_path)
    assert main(["check", "--content", str(content), "--styles", str(STYLES), "--strict"]) == 2
    printed = capsys.readouterr().err
    assert ": W503: " in printed and "and --strict makes them errors" in printed
    out = tmp_path / "out"
    command = ["build", "--no-render", "--content", str(content), "--styles", str(STYLES),
               "--out", str(out)]
    assert main([*command, "-W"]) == 2 and not out.exists()
    assert main(command) == 0  # the same build without it goes out
    capsys.readouterr()
    assert main([*command, "--strict"]) == 2  # an unchanged build is refused the same way
    assert ": W503: " in capsys.readouterr().err


def test_json_diagnostics_are_one_array_on_stdout_with_stable_fields(tmp_path, capsys):
    import json

    content = _with_a_warning(tmp_path)
    assert main(["check", "--content", str(content), "--styles", str(STYLES),
                 "--output-format", "json"]) == 0
    printed = capsys.readouterr()
    (found,) = [d for d in json.loads(printed.out) if d["code"] == "W503"]
    assert found.keys() == {"file", "line", "column", "code", "name", "severity", "message"}
    assert found["severity"] == "warning" and found["name"] == "unused-footnote"
    assert found["file"].endswith("paper.md.j2") and found["line"] > 1
    assert "ok: " in printed.err  # the summary is not mixed into the JSON
    africa = content / "outcomes" / "africa.yaml"
    africa.write_text(africa.read_text().replace("para: 9\n", "para: nine\n", 1))
    assert main(["check", "--content", str(content), "--styles", str(STYLES),
                 "--output-format", "json"]) == 2
    errors = [d for d in json.loads(capsys.readouterr().out) if d["severity"] == "error"]
    assert [d["code"] for d in errors] == ["E204"]


def test_verbosity_goes_before_or_after_the_command(tmp_path, capsys):
    for command in (["-q", "check"], ["check", "-q"]):
        assert main([*command, "--content", str(CONTENT), "--styles", str(STYLES)]) == 0
        assert capsys.readouterr().out == ""


@pytest.mark.parametrize("command", ["build", "check", "watch", "init", "serve", "diff"])
def test_every_command_describes_itself_in_its_help(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    _, _, rest = capsys.readouterr().out.partition("\n\n")
    assert len(rest.split("\n\n")[0]) > 40  # a description before the options


def test_bash_completes_commands_and_options_from_the_printed_script(tmp_path, capsys):
    assert main(["completion", "bash"]) == 0
    script = tmp_path / "annexgen.bash"
    script.write_text(capsys.readouterr().out)

    def completed(*words: str) -> list[str]:
        line = " ".join(("annexgen", *words))
        done = subprocess.run(
            ["bash", "-c", f'source "{script}"; COMP_WORDS=(annexgen {" ".join(words)}); '
             f'COMP_CWORD={len(words)}; COMP_LINE="{line}"; COMP_POINT={len(line)}; '
             '_shtab_annexgen; printf "%s\\n" "${COMPREPLY[@]}"'],
            capture_output=True, text=True, check=True)
        return done.stdout.split()

    assert completed("se") == ["serve"]
    assert completed("build", "--str") == ["--strict"]
    assert "--output-format" in completed("check", "--")


def test_a_reader_that_goes_away_is_not_an_internal_error():
    child = subprocess.Popen([sys.executable, "-m", "annexgen", "completion", "bash"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # gone before annexgen writes a byte (as `| head -0` would be)
    err = child.stderr.read()
    child.stderr.close()
    assert child.wait(timeout=60) == 141  # 128 + SIGPIPE, as the shell's tools say it
    assert "internal error" not in err and "Traceback" not in err
