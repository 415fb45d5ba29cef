"""annexgen as a newcomer installs it: `pip install` of the repository into a fresh virtual
environment, then `annexgen init X && annexgen build --content X --out Y` from an unrelated
folder makes the three PDFs with the styles annexgen ships."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annexgen.core.deliverables import STANDARD
from tests.conftest import HAS_RENDERER, ROOT

pytestmark = [pytest.mark.slow, pytest.mark.render]


def _run(*command: str | Path, cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, check=False)


@pytest.mark.skipif(not HAS_RENDERER, reason="LibreOffice and poppler are needed for the PDFs")
def test_pip_install_then_init_and_build_makes_the_three_pdfs(tmp_path):
    venv = tmp_path / "venv"
    made = _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    installed = _run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", ROOT,
                     cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr[-3000:]
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    annexgen = venv / "bin" / "annexgen"
    init = _run(annexgen, "init", "exercise", "--meetings", "3", cwd=elsewhere)
    assert init.returncode == 0, init.stderr
    assert f"{annexgen} build --content exercise" in init.stdout  # a command that works
    built = _run(annexgen, "build", "--content", "exercise", "--out", "deliverables",
                 cwd=elsewhere)
    assert built.returncode == 0, built.stderr
    assert "page references resolved" in built.stdout
    for name in STANDARD.pdfs:
        assert (elsewhere / "deliverables" / name).read_bytes().startswith(b"%PDF")
    # Installed, not linked to this checkout: the styles are the package's own file.
    shown = _run(venv / "bin" / "python", "-c",
                 "from annexgen.styles.load import DEFAULT_STYLES; print(DEFAULT_STYLES)",
                 cwd=elsewhere)
    assert str(ROOT) not in shown.stdout and "site-packages" in shown.stdout
