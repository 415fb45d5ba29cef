"""The same content gives the same bytes: in another folder, at another time, in another
time zone, with or without SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from annexgen.core.deliverables import STANDARD
from annexgen.core.diagnostics import Report
from annexgen.load.corpus import load_corpus
from annexgen.pipeline.build import build
from annexgen.publish.manifest import MANIFEST
from tests.conftest import CONTENT, STYLES, needs_renderer


def _build_elsewhere(tmp_path, name: str, render: bool) -> dict[str, bytes]:
    """Content and styles copied to a folder of their own, then built there."""
    root = tmp_path / name
    shutil.copytree(CONTENT, root / "content")
    shutil.copytree(STYLES, root / "styles")
    out = root / "deliverables"
    build(root / "content", root / "styles", out, Report(), render=render)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_two_folders_give_identical_bytes(tmp_path):
    first = _build_elsewhere(tmp_path, "one", render=False)
    second = _build_elsewhere(tmp_path, "two", render=False)
    assert first.keys() == second.keys() == {*STANDARD.offices, MANIFEST}
    for name in first:
        assert first[name] == second[name], name


def test_source_date_epoch_sets_every_time_stamp(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1568160000")  # 2019-09-11 00:00 UTC
    files = _build_elsewhere(tmp_path, "epoch", render=False)
    for name in STANDARD.offices:
        with zipfile.ZipFile(tmp_path / "epoch" / "deliverables" / name) as package:
            assert {info.date_time for info in package.infolist()} == {(2019, 9, 11, 0, 0, 0)}
            assert b"2019-09-11T00:00:00Z" in package.read("docProps/core.xml")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert _build_elsewhere(tmp_path, "content-date", render=False) != files


@needs_renderer
@pytest.mark.render
def test_rendered_pdfs_are_identical_too(tmp_path, rendered_tree):
    first = {p.name: p.read_bytes() for p in sorted(rendered_tree.out.iterdir())}
    second = _build_elsewhere(tmp_path, "two", render=True)
    assert [n for n in first if n.endswith(".pdf")] == sorted(STANDARD.pdfs)
    for name in first:
        assert first[name] == second[name], name


@needs_renderer
@pytest.mark.render
@pytest.mark.parametrize("epoch", [None, "1568160000"], ids=["content-date", "source-date-epoch"])
def test_outputs_do_not_depend_on_the_time_zone(tmp_path, epoch):
    builds = []
    for zone in ("Asia/Tokyo", "America/Los_Angeles"):  # +09:00 and -08:00 or -07:00
        env = {name: value for name, value in os.environ.items() if name != "SOURCE_DATE_EPOCH"}
        env |= {"TZ": zone, **({"SOURCE_DATE_EPOCH": epoch} if epoch else {})}
        out = tmp_path / zone.replace("/", "-")
        builds.append((out, subprocess.Popen(  # side by side: each has its own LibreOffice
            [sys.executable, "-m", "annexgen", "build", "-q", "--content", str(CONTENT),
             "--styles", str(STYLES), "--out", str(out)], env=env)))
    assert [process.wait() for _, process in builds] == [0, 0]
    tokyo, los_angeles = ({p.name: p.read_bytes() for p in sorted(out.iterdir())}
                          for out, _ in builds)
    assert tokyo.keys() == los_angeles.keys() and len(tokyo) == 7
    for name in tokyo:
        assert tokyo[name] == los_angeles[name], name
    when = (dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch
            else load_corpus(CONTENT).document.date)
    # LibreOffice writes "/CreationDate(", pikepdf (a PDF it rewrote) "/CreationDate ("
    date = re.compile(rb"/CreationDate ?\(%s\)" % when.strftime("D:%Y%m%d%H%M%SZ").encode())
    assert all(date.search(data) for name, data in tokyo.items() if name.endswith(".pdf"))
