"""A file system that refuses a write (no permission, read-only, full) is said plainly: the
path, the system's reason, exit 1, the output folder unchanged; never an internal error."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from annexgen.cli import main
from annexgen.publish import outfolder as output
from tests.conftest import STYLES, make_case, needs_uno, tree_digest

ANNEXGEN = [sys.executable, "-m", "annexgen"]


@pytest.fixture
def shared():
    """A folder every user can read (pytest's own is its owner's alone), with content/ and
    styles/ in it."""
    folder = Path(tempfile.mkdtemp(prefix="annexgen-unwritable-"))
    try:
        folder.chmod(0o755)
        make_case("_base", folder)
        shutil.copytree(STYLES, folder / "styles")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _unprivileged(command: list[str]) -> list[str]:
    """`command` run as a user that file permissions hold back (root is not held back)."""
    if os.geteuid() != 0:
        return command
    if not shutil.which("setpriv"):
        pytest.skip("running as root, and setpriv (util-linux) is missing to drop privileges")
    wrapped = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    probe = subprocess.run([*wrapped[:4], sys.executable, "-c", "import annexgen"],
                           capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"user nobody cannot run annexgen from here: {probe.stderr[-200:]!r}")
    return wrapped


def _run(command: list[str], cwd: Path, **options) -> tuple[int, str]:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False,
                          **options)
    return done.returncode, done.stderr


def _refused_plainly(status: int, err: str, reason: str, where: Path) -> None:
    assert status == 1, err
    assert "internal error" not in err and "please report" not in err, err
    assert "Traceback" not in err and "[Errno" not in err, err
    assert f"annexgen: cannot write {where}/: {reason}" in err, err
    assert err.count("\n") == 1, err


def _sources(folder: Path) -> list[str]:
    return ["--content", str(folder / "content"), "--styles", str(folder / "styles")]


@pytest.mark.parametrize("earlier", [False, True], ids=["first build", "over a build"])
def test_a_build_under_a_folder_it_may_not_write_says_so(shared, earlier):
    parent = shared / "locked"
    parent.mkdir()
    out = parent / "out"
    if earlier:
        assert _run([*ANNEXGEN, "build", "--no-render", "-q", *_sources(shared), "--out",
                     str(out)], shared)[0] == 0
        north = shared / "content" / "outcomes" / "north.yaml"
        north.write_text(north.read_text() + "\n# edited\n")
    before = tree_digest(parent)
    parent.chmod(0o555)
    status, err = _run(_unprivileged([*ANNEXGEN, "build", "--no-render", *_sources(shared),
                                      "--out", str(out)]), shared)
    _refused_plainly(status, err, "Permission denied", out)
    assert err.rstrip().endswith("; nothing was written")
    assert tree_digest(parent) == before


@pytest.mark.parametrize("rendering", [
    pytest.param(["--no-render"], id="office files"),
    pytest.param([], id="with PDFs", marks=[pytest.mark.render, needs_uno]),
])
def test_a_diff_under_a_folder_it_may_not_write_says_so(shared, rendering):
    parent = shared / "locked"
    parent.mkdir(mode=0o555)
    parent.chmod(0o555)
    content = str(shared / "content")
    status, err = _run(_unprivileged([*ANNEXGEN, "diff", *rendering, content, content,
                                      "--styles", str(shared / "styles"), "--out",
                                      str(parent / "out")]), shared)
    _refused_plainly(status, err, "Permission denied", parent / "out")
    assert list(parent.iterdir()) == []


def _full(path, data):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_while_publishing_says_so_and_keeps_out(tmp_path, capsys, monkeypatch):
    make_case("_base", tmp_path)
    out = tmp_path / "out"
    args = ["build", "--no-render", "--content", str(tmp_path / "content"), "--styles",
            str(STYLES), "--out", str(out)]
    assert main(args) == 0
    before = tree_digest(out)

    monkeypatch.setattr(output, "_write_file", _full)
    capsys.readouterr()
    status = main([*args, "--force"])
    err = capsys.readouterr().err
    _refused_plainly(status, err, "No space left on device", out)
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".annexgen-staging")] == []


def test_a_watch_round_that_cannot_write_says_so_and_keeps_watching(tmp_path, monkeypatch):
    from annexgen.cli.commands import watch_lines
    from annexgen.pipeline.watch import rebuild

    make_case("_base", tmp_path)
    out = tmp_path / "out"
    assert rebuild(tmp_path / "content", STYLES, out, render=False).kind == "built"
    before = tree_digest(out)
    north = tmp_path / "content" / "outcomes" / "north.yaml"
    north.write_text(north.read_text().replace("Participants", "Participants firmly", 1))
    monkeypatch.setattr(output, "_write_file", _full)
    event = rebuild(tmp_path / "content", STYLES, out, render=False)
    assert event.kind == "failed"
    assert watch_lines(event, out) == [f"build failed: cannot write {out}/: No space left on "
                                       "device; nothing was written; kept the last good "
                                       "outputs"]
    assert tree_digest(out) == before


# -- a real small file system: a tmpfs in a mount namespace of the test's own --------------

SMALL_FS = """
set -u
mount -t tmpfs -o size=1m,mode=755 annexgen-test "$ROOT" || exit 97
"$@" build --no-render -q $SOURCES --out "$ROOT/out" || exit 98
mkdir "$ROOT/tmp"
before=$(cd "$ROOT/out" && sha256sum * | sha256sum)
case "$MAKE" in
  # One page left, for the file Python writes when it looks for a usable temporary folder.
  full) dd if=/dev/zero of="$ROOT/filler" bs=4k 2>/dev/null; truncate -s -4K "$ROOT/filler" ;;
  read-only) mount -o remount,ro "$ROOT" || exit 97 ;;
esac
case "$COMMAND" in
  diff) TMPDIR="$ROOT/tmp" "$@" diff --no-render HEAD HEAD --content "$REPO/content" \
          $STYLES_ARG --out "$ROOT/changes" ;;
  # Rendered (LibreOffice's files in the usual temporary folder), then published into out/.
  diff-into-out) sed -i 's/Participants/Participants firmly/' "$REPO/content/outcomes/north.yaml"
    "$@" diff HEAD "$REPO/content" --content "$REPO/content" $STYLES_ARG --out "$ROOT/out" ;;
  build-in-tmp) TMPDIR="$ROOT/tmp" "$@" build --no-render --force $SOURCES --out "$OUT" ;;
  *) "$@" build --no-render --force $SOURCES --out "$ROOT/out" ;;
esac
echo "status=$?"
after=$(cd "$ROOT/out" && sha256sum * | sha256sum)
[ "$before" = "$after" ] && echo "out unchanged"
"""


def _in_small_filesystem(shared: Path, make: str, command: str) -> tuple[str, str]:
    """Runs SMALL_FS under `unshare --mount`: the tmpfs is seen by that process alone and
    goes with it, however the test ends."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("mounting a small file system needs root and unshare (util-linux)")
    root = shared / "mounted"
    root.mkdir()
    repo = shared / "repo"
    shutil.copytree(shared / "content", repo / "content")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "content"], check=True)
    env = {**os.environ, "ROOT": str(root), "MAKE": make, "COMMAND": command,
           "OUT": str(shared / "out"),
           "REPO": str(repo), "SOURCES": " ".join(_sources(shared)),
           "STYLES_ARG": f"--styles {shared / 'styles'}"}
    done = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                           SMALL_FS, "sh", *ANNEXGEN], env=env, capture_output=True,
                          text=True, check=False)
    if done.returncode == 97:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
    assert done.returncode != 98, done.stderr
    return done.stdout, done.stderr


@pytest.mark.parametrize(("make", "reason"), [("full", "No space left on device"),
                                              ("read-only", "Read-only file system")])
def test_a_build_on_a_full_or_read_only_file_system_says_so(shared, make, reason):
    printed, err = _in_small_filesystem(shared, make, "build")
    assert "status=1" in printed, err
    assert "out unchanged" in printed, err
    _refused_plainly(1, err, reason, shared / "mounted" / "out")


def test_a_diff_without_room_for_its_temporary_copy_says_so(shared):
    printed, err = _in_small_filesystem(shared, "full", "diff")
    assert "status=1" in printed, err
    assert "internal error" not in err and "Traceback" not in err, err
    assert f"annexgen: cannot write the temporary folder {shared / 'mounted' / 'tmp'}" in err
    assert "No space left on device" in err and err.count("\n") == 1, err


@pytest.mark.render
@needs_uno
def test_a_rendered_diff_without_room_for_its_pdfs_writes_nothing(shared):
    printed, err = _in_small_filesystem(shared, "full", "diff-into-out")
    assert "status=1" in printed, err
    assert "out unchanged" in printed, err
    _refused_plainly(1, err, "No space left on device", shared / "mounted" / "out")


def test_a_build_without_room_for_its_temporary_files_says_so(shared):
    printed, err = _in_small_filesystem(shared, "full", "build-in-tmp")
    assert "status=1" in printed, err
    assert "internal error" not in err and "Traceback" not in err, err
    assert err.startswith(f"annexgen: cannot write the temporary folder "
                          f"{shared / 'mounted' / 'tmp'}: No space left on device"), err
    assert err.count("\n") == 1 and not (shared / "out").exists(), err
