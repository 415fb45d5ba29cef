"""Keep rules for lists: no page break may leave one item of a list alone on a page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from annexgen.core.richtext import Block, plain_text

# A list of at most this many items (nested ones counted) and characters (about eight full
# lines of body text) is kept whole, with its lead-in; a longer one keeps its lead-in with
# its first two items, and its last two items together, so that it can share a page with
# what comes before it instead of leaving a third of that page empty.
SHORT_LIST = 6
SHORT_LIST_CHARS = 800
# Roles whose paragraphs are items of a list without being numbered by Word: sub-items.
ITEM_ROLES = frozenset({"subitem"})


def keep_lists_together(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """The blocks with keep-with-next set where a page break would leave an item alone: on
    each list's lead-in (the paragraph before it) and on the items that must stay with the
    next one."""
    kept = {index for first, end in list_runs(blocks)
            for index in kept_items(first, end, is_short(blocks[first:end]))}
    return tuple(replace(block, keep_next=True) if index in kept else block
                 for index, block in enumerate(blocks))


def is_item(block: Block) -> bool:
    return block.list_id is not None or block.style in ITEM_ROLES


def list_runs(blocks: Sequence[Block]) -> list[tuple[int, int]]:
    """Each list as (index of its first item, index past its last): a run of items, nested
    lists included."""
    runs: list[tuple[int, int]] = []
    start = None
    for index, block in enumerate((*blocks, None)):
        item = block is not None and is_item(block)
        if item and start is None:
            start = index
        elif not item and start is not None:
            runs.append((start, index))
            start = None
    return runs


def is_short(items: Sequence[Block]) -> bool:
    """Whether a list is short enough to be kept whole."""
    return (len(items) <= SHORT_LIST
            and sum(len(plain_text(item.inlines)) for item in items) <= SHORT_LIST_CHARS)


def kept_items(first: int, end: int, short: bool) -> set[int]:
    """The indexes that keep with the next paragraph for the list at first..end: its lead-in
    and every item but the last of a short list; of a longer one the lead-in, the first item
    and the last but one."""
    lead = {first - 1} if first > 0 else set()
    if short:
        return lead | set(range(first, end - 1))
    return lead | {first, end - 2}
