"""Each OOXML part of the golden cases equals its committed golden file (`make golden`)."""

from __future__ import annotations

import difflib

import pytest

from tests.golden import CASES, GOLDEN, build_case, golden_path, normalized_parts


def _parts():
    for case in CASES:
        for path in sorted((GOLDEN / case).rglob("*")):
            if path.is_file():
                file_name = path.parent.name
                yield case, file_name, path.name.replace("__", "/")


@pytest.fixture(scope="module")
def built():
    return {case: build_case(case) for case in CASES}


def test_every_case_has_goldens():
    for case in CASES:
        assert (GOLDEN / case).is_dir(), f"no goldens for {case}: run `make golden`"


@pytest.mark.parametrize(("case", "file_name", "part"), list(_parts()))
def test_part_matches_golden(built, case, file_name, part):
    found = normalized_parts(file_name, built[case][file_name]).get(part)
    expected = golden_path(case, file_name, part).read_text(encoding="utf-8")
    assert found is not None, f"{part} is missing from {file_name}"
    if found != expected:
        diff = difflib.unified_diff(expected.splitlines(), found.splitlines(), "golden", "built",
                                    lineterm="", n=2)
        pytest.fail(f"{case}/{file_name}/{part} differs (run `make golden` if intended):\n"
                    + "\n".join(list(diff)[:60]))
