"""Other readers of the Word files (pandoc, mammoth) find every heading and key phrase."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections import Counter

import mammoth
import pytest

from annexgen.compose.annex_a import compose_annex_a
from annexgen.compose.paper import compose_paper
from annexgen.compose.word import WordDocument
from annexgen.core.richtext import KEY_PHRASE, LABEL, PARA_REF, Span
from tests.conftest import ROOT
from tests.ooxml import W, part

WORD_FILES = ("snapshot-paper.docx", "annex-a.docx")
# The level each heading role has in Word's outline, and so in pandoc's and in the HTML.
HEADING_LEVELS = {"hch": 1, "h1": 2, "h23": 3}
STYLE_MAP_FENCE = re.compile(r"```text mammoth-style-map\n(?P<map>.*?)```", re.DOTALL)


def composed(corpus, file_name: str) -> WordDocument:
    """The document model the composition wrote into `file_name`."""
    return compose_paper(corpus) if file_name.startswith("snapshot") else compose_annex_a(corpus)


def composed_headings(document: WordDocument) -> Counter[int]:
    return Counter(HEADING_LEVELS[block.style] for block in document.blocks
                   if block.style in HEADING_LEVELS)


def composed_runs(document: WordDocument, mark: str) -> int:
    """How many runs of neighbouring spans carry `mark` (one marked phrase each)."""
    count = 0
    for block in document.blocks:
        inside = False
        for item in block.inlines:
            marked = isinstance(item, Span) and mark in item.marks
            count += marked and not inside
            inside = marked
    return count


def documented_style_map() -> str:
    """The mammoth style map docs/accessibility.md gives for the shipped styles."""
    found = STYLE_MAP_FENCE.search((ROOT / "docs" / "accessibility.md").read_text("utf-8"))
    assert found, "docs/accessibility.md has no ```text mammoth-style-map block"
    return found["map"]


def pandoc_headings(data: bytes, tmp_path) -> Counter[int]:
    """The level of every Header block pandoc reads from a .docx."""
    source = tmp_path / "in.docx"
    source.write_bytes(data)
    ast = json.loads(subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(source)],
                                    capture_output=True, check=True, timeout=120).stdout)
    return Counter(block["c"][0] for block in ast["blocks"] if block["t"] == "Header")


@pytest.mark.skipif(shutil.which("pandoc") is None,
                    reason="pandoc is not installed (scripts/install-system-deps.sh installs "
                           "it as root with apt)")
@pytest.mark.parametrize("file_name", WORD_FILES)
def test_pandoc_finds_every_heading_at_its_level(shipped, shipped_word, file_name, tmp_path):
    expected = composed_headings(composed(shipped[0], file_name))
    assert sum(expected.values()) > 0
    assert pandoc_headings(shipped_word[file_name], tmp_path) == expected


@pytest.mark.parametrize("file_name", WORD_FILES)
def test_mammoth_with_the_documented_map_keeps_headings_and_marks(shipped, shipped_word,
                                                                  file_name):
    document = composed(shipped[0], file_name)
    result = mammoth.convert_to_html(io.BytesIO(shipped_word[file_name]),
                                     style_map=documented_style_map())
    html = result.value
    found = Counter(int(level) for level in re.findall(r"<h([1-6])>", html))
    assert found == composed_headings(document)
    assert html.count("<mark>") == composed_runs(document, KEY_PHRASE)
    assert html.count('<span class="para-ref">') == composed_runs(document, PARA_REF)
    assert html.count('<strong class="run-in">') == composed_runs(document, LABEL)
    assert [message.message for message in result.messages] == []


def test_the_shipped_annex_a_has_key_phrases_to_keep(shipped):
    """So that counting them above proves something."""
    assert composed_runs(compose_annex_a(shipped[0]), KEY_PHRASE) > 100


@pytest.mark.parametrize("file_name", WORD_FILES)
def test_heading_styles_keep_their_names_and_look_on_words_headings(shipped_word, file_name):
    """HCh, H1, H23 are based on heading 1–3, which hold their outline level alone (nothing
    a reader sees, nothing a style without keep_next would inherit): the UN styles alone
    decide the look."""
    styles = {style.get(f"{{{W}}}styleId"): style
              for style in part(shipped_word[file_name], "word/styles.xml")
              .iter(f"{{{W}}}style")}
    for sid, base in (("HCh", "Heading1"), ("H1", "Heading2"), ("H23", "Heading3")):
        assert styles[sid].find(f"{{{W}}}basedOn").get(f"{{{W}}}val") == base
        assert styles[sid].find(f"{{{W}}}name").get(f"{{{W}}}val") == sid
        heading = styles[base]
        assert heading.find(f"{{{W}}}name").get(f"{{{W}}}val") == f"heading {base[-1]}"
        assert heading.find(f"{{{W}}}rPr") is None
        assert [child.tag for child in heading.find(f"{{{W}}}pPr")] == [f"{{{W}}}outlineLvl"]
