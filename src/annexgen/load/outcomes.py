"""Reads one meeting's outcome file: outcomes, paragraph numbers, topics and key phrases."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import yaml

from annexgen.core.diagnostics import Loc
from annexgen.core.limits import (
    MAX_OCCURRENCE,
    MAX_OUTCOME_CHARS,
    MAX_PARAGRAPH_NUMBER,
    MAX_PHRASES_PER_TOPIC,
)
from annexgen.core.model import KeyPhrase, Outcome, Placement
from annexgen.core.text import (
    continues_a_phrase,
    find_phrase,
    normalize,
    normalize_lines,
    whole_words,
)
from annexgen.load import fields
from annexgen.load.fields import Ctx, Fields
from annexgen.load.schema import check_id

_RANGE = re.compile(r"\s*(\d+)\s*[-–]\s*(\d+)\s*")


def read_outcome_file(ctx: Ctx, root: yaml.Node) -> list[Outcome]:
    f = Fields(ctx, root, "an outcome file")
    meeting_id = f.text("meeting")
    meeting_node = f.node_of("meeting")
    items = f.node_of("outcomes")
    f.done()
    nodes = fields.sequence(ctx, items, "'outcomes'") if items is not None else None
    if meeting_id is None or meeting_node is None or nodes is None:
        return []
    meeting_loc = ctx.loc(meeting_node)
    found = [_read_outcome(ctx, node, meeting_id, meeting_loc) for node in nodes]
    outcomes = [outcome for outcome in found if outcome is not None]
    _report_review(ctx, outcomes)
    return outcomes


def meeting_of(root: yaml.Node) -> str | None:
    """The meeting an outcome file says it holds, read without checking the rest."""
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if key.value == "meeting" and isinstance(value, yaml.ScalarNode):
            return str(value.value)
    return None


def _read_outcome(ctx: Ctx, node: yaml.Node, meeting_id: str,
                  meeting_loc: Loc) -> Outcome | None:
    f = Fields(ctx, node, "an outcome")
    outcome_id = check_id(ctx, f, "outcome")
    para_node = f.node_of("para")
    paras = _read_paras(ctx, para_node)
    raw_text = f.text("text", limit=MAX_OUTCOME_CHARS)
    source = f.text("source", required=False, default="")
    imported_node = f.node_of("imported", required=False)
    if imported_node is not None:
        _read_imported(ctx, imported_node)
    suggested_node = f.node_of("suggested", required=False)
    suggested = _read_suggested(ctx, suggested_node) if suggested_node is not None else ()
    # An imported outcome waits with `topics:` empty until its suggestions are reviewed.
    topics_node = f.node_of("topics", required=suggested_node is None)
    if topics_node is not None and fields.is_null(topics_node) and _stray_topics(ctx, f):
        return None
    f.done()
    text = _check_text(f, raw_text)
    if (outcome_id is None or para_node is None or paras is None or text is None
            or suggested is None):
        return None
    if topics_node is None or (fields.is_null(topics_node) and suggested_node is not None):
        placements: tuple[Placement, ...] | None = ()
    else:
        placements = _read_placements(ctx, topics_node, text)
    if placements is None:
        return None
    return Outcome(id=outcome_id, meeting_id=meeting_id, first_para=paras[0],
                   last_para=paras[1], text=text, placements=placements, loc=ctx.loc(node),
                   meeting_loc=meeting_loc, para_loc=ctx.loc(para_node), suggested=suggested,
                   suggested_loc=ctx.loc(suggested_node) if suggested_node else None,
                   source=source or "")


def _stray_topics(ctx: Ctx, f: Fields) -> bool:
    """Topics written level with `topics:` instead of under it (it is then empty, and they
    are unknown keys of the outcome): said as such, once each."""
    stray = [(key, key_node) for key, (key_node, value) in f.items.items()
             if key not in f.asked and isinstance(value, yaml.SequenceNode)]
    for key, key_node in stray:
        ctx.error(key_node, "E202", f"{key!r} stands level with 'topics:' instead of under "
                  f"it: indent it two more spaces to make it one of the outcome's topics")
        f.asked.add(key)
    if stray:
        f.done()
    return bool(stray)


_DIGEST = re.compile(r"[0-9a-f]{12}")


def _read_imported(ctx: Ctx, node: yaml.Node) -> None:
    """What the report said when the outcome was last imported: the report's symbol and a
    digest of its text (written by `annexgen import`, which compares it on the next one)."""
    f = Fields(ctx, node, "'imported'")
    f.text("report")
    value = f.text("digest")
    f.done()
    if value is not None and not _DIGEST.fullmatch(value):
        f.error_at("digest", "E204", "'digest' is written by annexgen import (12 hexadecimal "
                   "digits); delete the whole 'imported:' line rather than edit it")


def _read_suggested(ctx: Ctx, node: yaml.Node) -> tuple[str, ...] | None:
    """The topic ids an import suggested (phrases unchecked: build never uses them), beside
    what waits for review with them: topics rejected, key phrases a revised text lost, and
    the report's wording where it differs from the outcome's."""
    f = Fields(ctx, node, "'suggested'")
    f.text("cluster", required=False)
    topics = f.node_of("topics", required=False)
    rejected = f.node_of("rejected", required=False)
    if rejected is not None and not fields.is_null(rejected):
        for item in fields.sequence(ctx, rejected, "the rejected topics") or ():
            fields.text(ctx, item, "a rejected topic id")
    lost = f.node_of("lost", required=False)
    if lost is not None and not fields.is_null(lost):
        phrases = Fields(ctx, lost, "the lost key phrases")
        phrases.asked.update(phrases.items)
    f.text("text", required=False, limit=MAX_OUTCOME_CHARS)
    f.done()
    if not f.ok:
        return None
    if topics is None or fields.is_null(topics):
        return ("",)  # a block that suggests no topic still waits for review
    t = Fields(ctx, topics, "the suggested topics")
    t.asked.update(t.items)
    return tuple(t.items) if t.ok else None


def _report_review(ctx: Ctx, outcomes: list[Outcome]) -> None:
    """Each outcome still waiting for review (W506), and each reviewed one that serves no
    topic (W507: it is in neither annex), at its own line."""
    for outcome in outcomes:
        where = f"outcome {outcome.id!r} (para. {_paras_written(outcome)})"
        if outcome.suggested:
            ctx.report.add(outcome.suggested_loc or outcome.loc, "W506",
                           f"{where} waits for review: accept or reject its suggested topics "
                           "(annexgen serve), or move the accepted ones from 'suggested:' to "
                           "'topics:' and delete the 'suggested:' block")
        elif not outcome.placements:
            ctx.report.add(outcome.loc, "W507", f"{where} serves no topic and is left out of "
                           "both annexes")


def _paras_written(outcome: Outcome) -> str:
    first, last = outcome.first_para, outcome.last_para
    return str(first) if first == last else f"{first}–{last}"


def _check_text(f: Fields, raw: str | None) -> str | None:
    if raw is None:
        return None
    text = normalize_lines(raw)
    if not text:
        f.error_at("text", "E204", "an outcome's text is empty")
        return None
    if len(text) > MAX_OUTCOME_CHARS:
        f.error_at("text", "E206", f"the outcome's text has {len(text):,} characters; "
                   f"the limit is {MAX_OUTCOME_CHARS:,} (MAX_OUTCOME_CHARS)")
        return None
    return text


def paragraph_range(value: str) -> tuple[int, int] | None:
    """A rising range of paragraph numbers written as "12-14" (or with an en dash)."""
    m = _RANGE.fullmatch(value)
    if m is None:
        return None
    first, last = fields.whole_number(m.group(1)), fields.whole_number(m.group(2))
    return (first, last) if first is not None and last is not None and first < last else None


def _read_paras(ctx: Ctx, node: yaml.Node | None) -> tuple[int, int] | None:
    """A paragraph number (25) or a range ("12-14"), each number within the cap."""
    if node is None:
        return None
    paras = None
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":int"):
        # 1:30 is an int to YAML 1.1 (sexagesimal) but no paragraph number: E204 below.
        number = fields.whole_number(node.value.replace("_", ""))
        paras = None if number is None else (number, number)
    elif isinstance(node, yaml.ScalarNode):
        paras = paragraph_range(node.value)
    if paras is None or paras[0] < 1:
        ctx.error(node, "E204", "'para' must be a paragraph number (25) or a rising range "
                  "in quotes (\"12-14\")")
        return None
    if paras[1] > MAX_PARAGRAPH_NUMBER:
        ctx.error(node, "E204", f"'para' must be at most {MAX_PARAGRAPH_NUMBER:,} "
                  "(MAX_PARAGRAPH_NUMBER); no report has that many paragraphs")
        return None
    return paras


def _read_placements(ctx: Ctx, node: yaml.Node, text: str) -> tuple[Placement, ...] | None:
    f = Fields(ctx, node, "'topics'")
    if not f.ok:
        return None
    if not f.items:
        ctx.error(node, "E204", "an outcome must serve at least one topic")
        return None
    placements = []
    for topic_id, (key_node, value_node) in f.items.items():
        f.asked.add(topic_id)
        phrases = _read_phrases(ctx, value_node, text, topic_id)
        placements.append(Placement(topic_id=topic_id, phrases=phrases, loc=ctx.loc(key_node)))
    return tuple(placements)


def _read_phrases(ctx: Ctx, node: yaml.Node, text: str, topic_id: str) -> tuple[KeyPhrase, ...]:
    if fields.is_null(node):
        return ()
    items = fields.sequence(ctx, node, f"the key phrases of {topic_id!r}") or []
    if len(items) > MAX_PHRASES_PER_TOPIC:
        ctx.error(node, "E207", f"{len(items)} key phrases for {topic_id!r}; the limit is "
                  f"{MAX_PHRASES_PER_TOPIC} (MAX_PHRASES_PER_TOPIC)")
        return ()
    splits = _comma_splits(node, items, text)
    spans: list[tuple[KeyPhrase, yaml.Node]] = []
    for item in items:
        found = _resolve_phrase(ctx, item, text, splits.get(id(item), ""))
        spans.extend((span, item) for span in found)
    _report_silent_splits(ctx, node, splits, spans)
    spans.sort(key=lambda pair: (pair[0].start, pair[0].end))
    for (left, _), (right, right_node) in itertools.pairwise(spans):
        if right.start < left.end:
            ctx.error(right_node, "E306", f"key phrase {text[right.start:right.end]!r} overlaps "
                      f"{text[left.start:left.end]!r} in the same topic")
    return tuple(span for span, _ in spans)


def _resolve_phrase(ctx: Ctx, node: yaml.Node, text: str, split: str = "") -> list[KeyPhrase]:
    """Where a key phrase stands in the text: exactly once, or as its `occurrence`/`all` says.
    `split` is the phrase a comma of the list cut this one from, if any, for the messages."""
    if split and isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:str":
        ctx.error(node, "E204", f"{node.value!r} is not a key phrase of its own"
                  + _split_hint(split))
        return []
    phrase, occurrence, every = _phrase_spec(ctx, node)
    if phrase is None:
        return []
    starts = find_phrase(text, phrase)
    hint = _split_hint(split)
    if not starts:
        ctx.error(node, "E304", f"key phrase {phrase!r} is not in the outcome's text"
                  + (hint or _case_hint(text, phrase)))
        return []
    if every:
        chosen = starts
    elif occurrence is not None:
        if occurrence > len(starts):
            ctx.error(node, "E304", f"key phrase {phrase!r} occurs {len(starts)} time(s), "
                      f"not {occurrence}")
            return []
        chosen = [starts[occurrence - 1]]
    elif len(starts) > 1:
        ctx.error(node, "E305", f"key phrase {phrase!r} occurs {len(starts)} times in the text; "
                  f"say which, as {{text: {phrase}, occurrence: 2}}, or {{text: {phrase}, "
                  "all: true}} for every one" + hint)
        return []
    else:
        chosen = starts
    return [KeyPhrase(start=start, end=start + len(phrase)) for start in chosen]


def _comma_splits(node: yaml.Node, items: list[yaml.Node], text: str) -> dict[int, str]:
    """The phrases a comma of an unquoted list ([a, b]) most likely cut in two, by the id of
    each piece's node: two neighbours the text has joined by a comma, where the second piece
    reads as the first's continuation or the comma has no space after it (1,000)."""
    if not (isinstance(node, yaml.SequenceNode) and node.flow_style):
        return {}
    splits: dict[int, str] = {}
    for left, right in itertools.pairwise(items):
        if not all(isinstance(item, yaml.ScalarNode) and item.style in (None, "")
                   for item in (left, right)):
            continue
        first, second = normalize(left.value), normalize(right.value)
        tight = f"{first},{second}"
        loose = f"{first}, {second}"
        if find_phrase(text, tight) or (find_phrase(text, loose) and continues_a_phrase(second)):
            joined = tight if find_phrase(text, tight) else loose
            splits[id(left)] = splits[id(right)] = joined
    return splits


def _split_hint(joined: str) -> str:
    if not joined:
        return ""
    return (f" (the comma of the list cut {joined!r} in two: for one phrase, put it in "
            f"quotes, as [\"{joined}\"])")


def _report_silent_splits(ctx: Ctx, node: yaml.Node, splits: dict[int, str],
                          spans: list[tuple[KeyPhrase, yaml.Node]]) -> None:
    """W509 where both pieces of a cut phrase were found, so nothing else says it."""
    found = Counter(id(item) for _, item in spans)
    said: set[str] = set()
    for item in node.value if isinstance(node, yaml.SequenceNode) else ():
        joined = splits.get(id(item))
        if joined and joined not in said and found[id(item)]:
            pieces = [other for other in node.value if splits.get(id(other)) == joined]
            if all(found[id(piece)] for piece in pieces):
                said.add(joined)
                ctx.error(item, "W509", f"the comma of the list cuts {joined!r} into "
                         f"{len(pieces)} key phrases: for one phrase, put it in quotes, as "
                         f"[\"{joined}\"]; for separate phrases, quote each")


def _phrase_spec(ctx: Ctx, node: yaml.Node) -> tuple[str | None, int | None, bool]:
    colon = _colon_phrase(node)
    if colon is not None:
        ctx.error(node, "E204", f"a key phrase with a colon is read as a key and a value: "
                  f"put it in quotes, as [\"{colon}\"]")
        return None, None, False
    if isinstance(node, yaml.MappingNode):
        f = Fields(ctx, node, "a key phrase")
        phrase = f.text("text")
        occurrence = (f.integer("occurrence", MAX_OCCURRENCE, "MAX_OCCURRENCE")
                      if f.has("occurrence") else None)
        every = f.boolean("all")
        f.done()
        if f.has("occurrence") and occurrence is None:
            return None, None, False
    else:
        phrase, occurrence, every = fields.text(ctx, node, "a key phrase"), None, False
    if phrase is not None:
        phrase = normalize(phrase)
        if not phrase:
            ctx.error(node, "E204", "a key phrase is empty")
            return None, None, False
    return phrase, occurrence, every


def _colon_phrase(node: yaml.Node) -> str | None:
    """The words of a phrase written with an unquoted colon (`[requirements: national]`),
    which YAML reads as a one-key mapping; None for anything else."""
    if not (isinstance(node, yaml.MappingNode) and len(node.value) == 1):
        return None
    key, value = node.value[0]
    if not isinstance(key, yaml.ScalarNode) or key.value in _PHRASE_KEYS \
            or not isinstance(value, yaml.ScalarNode) or fields.suggest(key.value, _PHRASE_KEYS):
        return None  # a misspelt `text:` or `occurrence:` is an unknown key, said so
    return f"{key.value}: {value.value}"


_PHRASE_KEYS = frozenset({"text", "occurrence", "all"})


def _case_hint(text: str, phrase: str) -> str:
    if find_phrase(text.lower(), phrase.lower()):
        return " (it is there with other capitals; matching is case-sensitive)"
    return _closest_hint(text, phrase)


def _closest_hint(text: str, phrase: str) -> str:
    """A did-you-mean: the words of the text most like the phrase, when they are close."""
    from rapidfuzz import fuzz

    found = fuzz.partial_ratio_alignment(phrase, text, score_cutoff=80)
    if found is None:
        return ""
    start, end = whole_words(text, found.dest_start, found.dest_end)
    return f" (did you mean {text[start:end]!r}?)" if text[start:end] else ""


