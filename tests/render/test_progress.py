"""Progress on a terminal: a build that takes more than two seconds says its phase on one
line of stderr, which is cleared at the end; through a pipe it says nothing of the kind."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from tests.conftest import CONTENT, STYLES, needs_renderer

pytestmark = pytest.mark.render


def _build(out, stderr) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annexgen", "build", "--force", "--content",
                           str(CONTENT), "--styles", str(STYLES), "--out", str(out)],
                          stdout=subprocess.PIPE, stderr=stderr, timeout=300, check=False)


@needs_renderer
def test_a_long_build_shows_its_phase_on_a_terminal_and_nothing_in_a_pipe(tmp_path):
    controller, terminal = pty.openpty()
    try:
        done = _build(tmp_path / "out", terminal)
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal's other end is closed: all was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert done.returncode == 0, shown.decode(errors="replace")
    text = shown.decode()
    assert "annexgen: rendering… " in text or "annexgen: publishing… " in text, text
    assert text.endswith("\r\x1b[K")  # the line is cleared before the summary is read
    piped = _build(tmp_path / "out2", subprocess.PIPE)
    assert piped.returncode == 0 and b"annexgen: " not in piped.stderr
