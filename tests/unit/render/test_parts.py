"""Annex A split into runs of whole clusters only when it is too large for one render."""

from __future__ import annotations

import annexgen.render.parts as parts
from annexgen.render.parts import runs


def test_an_annex_that_fits_is_one_run():
    assert runs([10, 20, 30]) == [range(3)]


def test_a_large_annex_is_split_into_runs_that_fit_a_part(monkeypatch):
    monkeypatch.setattr(parts, "WHOLE_PAGES", 50)
    monkeypatch.setattr(parts, "PART_PAGES", 40)
    assert runs([10, 20, 30, 5, 90, 1]) == [range(0, 2), range(2, 4), range(4, 5), range(5, 6)]
    found = runs([10, 20, 30, 5, 90, 1])
    assert [i for group in found for i in group] == list(range(6))  # every cluster, in order


def test_annex_a_pages_are_estimated_from_its_text():
    assert parts.pages_of_text([4_000, 8_000]) == [1.0, 2.0]
