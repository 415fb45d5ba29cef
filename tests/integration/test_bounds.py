"""Content that asks for unbounded time or memory is refused within seconds, located, also
when the whole process may use no more than 1.5 GB of address space."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest

from annexgen.proc.bounded import Bounds, OutOfTime, Overrun, run_bounded
from tests.conftest import CASES, STYLES, case_params, make_case

# Each case asks for gigabytes or minutes in another way (see its folder).
COSTLY = [*sorted(p.name for p in CASES.iterdir() if p.name.startswith("template-cost-")),
          "number-caps", "template-output-cap"]
ADDRESS_SPACE = 1_500_000_000


@pytest.mark.skipif(shutil.which("prlimit") is None, reason="prlimit (util-linux) is needed")
@pytest.mark.parametrize("case", case_params(COSTLY))
def test_costly_content_is_refused_within_seconds_in_little_memory(case, tmp_path):
    content = make_case(case, tmp_path)
    expected = (CASES / case / "expected").read_text().splitlines()[1:]
    started = time.monotonic()
    done = subprocess.run(
        ["prlimit", f"--as={ADDRESS_SPACE}", sys.executable, "-m", "annexgen", "check",
         "--content", str(content), "--styles", str(STYLES)],
        capture_output=True, text=True, timeout=60, check=False)
    took = time.monotonic() - started
    found = [": ".join(line.split(": ")[:2]).removeprefix(f"{content}/")
             for line in done.stderr.splitlines() if line.startswith(str(content))]
    assert (done.returncode, found) == (2, expected), done.stderr[-2000:]
    assert took < 10, f"{case} took {took:.1f} s"
    assert "MemoryError" not in done.stderr and "Traceback" not in done.stderr


def test_a_bounded_function_returns_its_value():
    assert run_bounded(lambda: {"answer": 42}, Bounds(64 * 2**20, 5)) == {"answer": 42}


def test_a_function_that_runs_too_long_is_stopped_where_python_can_raise():
    def spin():
        try:
            while True:
                pass
        except OutOfTime:
            return "stopped"

    assert run_bounded(spin, Bounds(64 * 2**20, 0.5)) == "stopped"


@pytest.mark.slow
def test_a_function_that_ignores_the_timer_is_killed_with_its_stack():
    def stubborn():
        while True:
            try:
                while True:
                    pass
            except OutOfTime:
                continue

    started = time.monotonic()
    result = run_bounded(stubborn, Bounds(64 * 2**20, 0.3))
    assert isinstance(result, Overrun) and "did not finish within 0.3 s" in result.reason
    assert "stubborn" in result.stack and time.monotonic() - started < 10


def test_a_function_that_allocates_without_end_is_stopped():
    def hungry():
        hoard = []
        while True:
            hoard.append(bytearray(2**24))

    result = run_bounded(hungry, Bounds(128 * 2**20, 20))
    assert isinstance(result, Overrun) and "more than 128 MB" in result.reason
