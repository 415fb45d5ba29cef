"""Composes the snapshot paper from its prose template."""

from __future__ import annotations

from annexgen.doc.word import WordDocument
from annexgen.model import Corpus


def compose_paper(corpus: Corpus) -> WordDocument:
    prose = corpus.prose["paper"]
    document = corpus.document
    return WordDocument(
        name="paper", title=document.title, blocks=prose.blocks, footnotes=prose.footnotes,
        header_left="", header_right="", marking=document.marking,
    )
