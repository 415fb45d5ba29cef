"""The prose markup: blocks, lists, inline marks, notes, page references and problems."""

from __future__ import annotations

from annexgen.core.richtext import BOLD, ITALIC, SUPERSCRIPT, Break, NoteRef, PageRef, Span
from annexgen.load.markup import parse


def test_blocks_and_list_levels():
    parsed = parse("# Title\n\n## I. Part\n\n- one\n  - one.a\n- two\n1. first\n2. second\n")
    styles = [(b.style, b.level) for b in parsed.blocks]
    assert styles == [("title", 0), ("hch", 0), ("bullet", 0), ("bullet", 1), ("bullet", 0),
                      ("number", 0), ("number", 0)]
    ids = [b.list_id for b in parsed.blocks[2:]]
    assert ids[0] == ids[2] != ids[1] and ids[3] == ids[4] != ids[0]


def test_numbered_lists_separated_by_a_heading_are_two_lists():
    parsed = parse("1. a\n2. b\n\n### H\n\n1. c\n")
    assert parsed.blocks[0].list_id != parsed.blocks[3].list_id


def test_inline_marks_links_notes_and_breaks():
    (block,) = parse("**b** *i* 14^th^ [^n] <https://x.org> [t](https://y.org)\\\nnext\n"
                     "\n[^n]: note").blocks
    items = block.inlines
    assert Span("b", frozenset({BOLD})) in items and Span("i", frozenset({ITALIC})) in items
    assert Span("th", frozenset({SUPERSCRIPT})) in items
    assert NoteRef("n") in items and Break() in items
    assert Span("https://x.org", link="https://x.org") in items
    assert Span("t", link="https://y.org") in items


def test_a_link_title_becomes_its_tip_with_escapes_read():
    (block,) = parse('[*a* b](https://y.org "The \\"report\\" \\*1\\*") '
                     '[c](https://z.org)').blocks
    assert block.inlines[:2] == (
        Span("a", frozenset({ITALIC}), "https://y.org", 'The "report" *1*'),
        Span(" b", link="https://y.org", tip='The "report" *1*'))
    assert Span("c", link="https://z.org") in block.inlines


def test_a_link_title_left_open_is_text():
    (block,) = parse('[c](https://z.org "open)').blocks
    assert all(item.link is None for item in block.inlines if isinstance(item, Span))


def test_italic_runs_across_a_line_break_and_page_refs_keep_marks():
    (block,) = parse("*See: A, [[pages:annex-a:c-1]];\\\nB*").blocks
    assert PageRef("annex-a", "c-1", frozenset({ITALIC})) in block.inlines
    assert all(item.marks == frozenset({ITALIC}) for item in block.inlines
               if isinstance(item, Span))


def test_style_override_and_footnote_definitions():
    parsed = parse("{.see} text\n\n[^a]: first\n  continued\n")
    assert parsed.blocks[0].style == "see"
    assert parsed.footnotes["a"][0].inlines == (Span("first continued"),)


def test_problems_are_collected_not_raised():
    parsed = parse("an **unclosed bold\n\n[^x]: one\n\n[^x]: two\n")
    messages = [p.message for p in parsed.problems]
    assert any("'**' opened but not closed" in m for m in messages)
    assert any("defined twice" in m for m in messages)


def test_escaped_asterisk_is_literal():
    (block,) = parse("5 \\* 3").blocks
    assert block.inlines == (Span("5 * 3"),)
