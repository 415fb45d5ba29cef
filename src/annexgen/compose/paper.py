"""Composes the snapshot paper from its prose template."""

from __future__ import annotations

from annexgen.compose.keeps import keep_lists_together
from annexgen.compose.word import WordDocument, filed_under
from annexgen.core.deliverables import PAPER
from annexgen.core.model import Corpus


def compose_paper(corpus: Corpus) -> WordDocument:
    prose = corpus.prose[PAPER.template]
    document = corpus.document
    return WordDocument(
        name=PAPER.template, title=document.title, blocks=keep_lists_together(prose.blocks),
        footnotes=prose.footnotes,
        header_left="", header_right="", marking=document.marking,
        page_words=corpus.words.pages, language=corpus.words.word_language,
        keywords=filed_under(corpus),
    )
