"""The PDFs are tagged PDF/UA-1 on PDF/A-2b, as rendered whole and as joined from parts:
pdfinfo and the pdfua checker (third-party readers) and pikepdf checks of what they leave
out (XMP dates equal to the document information, language, title shown, headings in
order, links tagged, every page's content in the structure tree)."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys

import pikepdf
import pytest

from annexgen.core.diagnostics import Report
from annexgen.pipeline.build import build
from tests.conftest import CONTENT, STYLES, needs_uno, record_office

PDFS = ["snapshot-paper.pdf", "annex-a.pdf", "annex-b.pdf"]


def _pdfinfo(path) -> dict[str, str]:
    printed = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                             check=True).stdout
    return {key.strip(): value.strip() for key, _, value in
            (line.partition(":") for line in printed.splitlines())}


def _elements(pdf: pikepdf.Pdf) -> list[str]:
    """The structure elements' types in reading order."""
    found: list[str] = []

    def walk(element) -> None:
        if isinstance(element, pikepdf.Array):
            for child in element:
                walk(child)
        elif isinstance(element, pikepdf.Dictionary) and "/S" in element:
            found.append(str(element.S))
            walk(element.get("/K"))

    walk(pdf.Root.StructTreeRoot.K)
    return found


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, object]:
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}


def assert_accessible(path, language: str = "en-GB") -> list[str]:
    """Every check of one PDF; its elements' types in reading order."""
    info = _pdfinfo(path)
    assert info["Tagged"] == "yes" and info["Metadata Stream"] == "yes", path.name
    with pikepdf.open(path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == language
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert "/OutputIntents" in pdf.Root  # PDF/A: the colours' meaning
        meta = pdf.open_metadata()
        assert meta.get("pdfaid:part") == "2" and meta.get("pdfaid:conformance") == "B"
        assert meta.get("pdfuaid:part") == "1"
        # the same creation date in the XMP packet and the document information
        created = str(pdf.docinfo.CreationDate)
        assert meta.get("xmp:CreateDate") == (f"{created[2:6]}-{created[6:8]}-{created[8:10]}T"
                                              f"{created[10:12]}:{created[12:14]}:"
                                              f"{created[14:16]}Z")
        assert str(meta.get("dc:title")) == str(pdf.docinfo.Title) != ""
        parents = _parent_tree(pdf)
        for number, page in enumerate(pdf.pages, start=1):
            assert int(page.StructParents) in parents, f"page {number} untagged"
            for link in page.get("/Annots", ()):
                if link.Subtype == "/Link":
                    element = parents[int(link.StructParent)]
                    assert element.S == "/Link", f"a link of page {number} is no Link element"
        elements = _elements(pdf)
    levels = [int(kind[2]) for kind in elements if kind in ("/H1", "/H2", "/H3")]
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise([0, *levels])), levels
    return elements


@pytest.mark.render
@pytest.mark.parametrize("name", PDFS)
def test_each_pdf_is_tagged_pdf_ua_on_pdf_a(name, rendered_tree):
    elements = assert_accessible(rendered_tree.out / name)
    if name != "annex-b.pdf":
        assert "/H1" in elements and "/H2" in elements


@pytest.mark.render
def test_the_pdfua_checker_finds_nothing(rendered_tree):
    checker = shutil.which("pdfua") or None
    command = [checker] if checker else [sys.executable, "-m", "pdfua"]
    if subprocess.run([*command, "--version"], capture_output=True).returncode != 0:
        pytest.skip("the pdfua checker is not installed (pip install pdfua)")
    checked = subprocess.run([*command, "check", *(str(rendered_tree.out / name)
                                                    for name in PDFS)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("result: PASS") == len(PDFS)


@pytest.mark.render
@needs_uno
def test_annexes_joined_from_parts_keep_their_structure(tmp_path, rendered_tree, monkeypatch):
    """Both annexes rendered in parts (sizes lowered) and joined: still tagged, their
    elements in the same order as the annex rendered whole, links and pages tagged."""
    import annexgen.render.parts as parts

    monkeypatch.setattr(parts, "WHOLE_PAGES", 12)
    monkeypatch.setattr(parts, "PART_PAGES", 14)
    monkeypatch.setattr(parts, "CHARS_PER_PAGE", 1_300)
    submitted = record_office(monkeypatch)["submitted"]
    out = tmp_path / "out"
    assert build(CONTENT, STYLES, out, Report()).resolved
    for name in ("annex-a", "annex-b"):
        assert len([item for item in submitted if item.startswith(f"{name}.")]) >= 2, name
        joined = assert_accessible(out / f"{name}.pdf")
        assert joined == _elements(pikepdf.open(rendered_tree.out / f"{name}.pdf"))
