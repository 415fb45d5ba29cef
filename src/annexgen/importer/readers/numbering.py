"""Word's automatic numbering, resolved from numbering.xml and styles.xml as Word counts it."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _val(element: etree._Element | None, default: str | None = None) -> str | None:
    if element is None:
        return default
    return element.get(f"{W}val", default)


def _int(element: etree._Element | None, default: int | None = None) -> int | None:
    value = _val(element)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a list: where it starts, how its number looks, when it restarts."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: restart after this level (1-based); 0 never
    legal: bool = False  # w:isLgl: every number of the label in arabic figures
    style: str | None = None  # w:pStyle: the paragraph style linked to this level


def _read_level(lvl: etree._Element) -> Level:
    return Level(start=_int(lvl.find(f"{W}start"), 1) or 0,
                 fmt=_val(lvl.find(f"{W}numFmt"), "decimal") or "decimal",
                 text=_val(lvl.find(f"{W}lvlText"), "") or "",
                 restart=_int(lvl.find(f"{W}lvlRestart")),
                 legal=lvl.find(f"{W}isLgl") is not None and _val(lvl.find(f"{W}isLgl"),
                                                                  "1") not in ("0", "false"),
                 style=_val(lvl.find(f"{W}pStyle")))


def _levels(parent: etree._Element) -> dict[int, Level]:
    levels = {}
    for lvl in parent.findall(f"{W}lvl"):
        ilvl = lvl.get(f"{W}ilvl")
        if ilvl is not None and ilvl.isdigit():
            levels[int(ilvl)] = _read_level(lvl)
    return levels


@dataclass(slots=True)
class _Counter:
    """The last number used at each level of one abstract list, shared by its instances."""

    counts: dict[int, int] = field(default_factory=dict)

    def advance(self, ilvl: int, levels: dict[int, Level]) -> dict[int, int]:
        level = levels.get(ilvl, Level())
        self.counts[ilvl] = self.counts[ilvl] + 1 if ilvl in self.counts else level.start
        for deeper in [k for k in self.counts if k > ilvl]:
            restart = levels.get(deeper, Level()).restart
            if restart is None or (restart != 0 and ilvl < restart):
                del self.counts[deeper]
        return dict(self.counts)


@dataclass(frozen=True, slots=True)
class _Instance:
    """A w:num: the abstract list it counts in, its levels, the levels it restarts."""

    abstract_id: str
    levels: dict[int, Level]
    restarts: tuple[int, ...]


class Numbering:
    """Labels of numbered paragraphs, computed in document order (each call counts)."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None):
        self._abstract: dict[str, etree._Element] = {}
        self._nums: dict[str, etree._Element] = {}
        if numbering is not None:
            for abstract in numbering.findall(f"{W}abstractNum"):
                self._abstract[abstract.get(f"{W}abstractNumId", "")] = abstract
            for num in numbering.findall(f"{W}num"):
                self._nums[num.get(f"{W}numId", "")] = num
        self._styles = _style_table(styles)
        self._counters: dict[str, _Counter] = {}
        self._instances: dict[str, _Instance | None] = {}
        self._used: set[str] = set()

    def label(self, paragraph: etree._Element) -> tuple[str, int] | None:
        """The printed label of a paragraph ("12.", "(a)") and its level, or None."""
        found = self._num_pr(paragraph)
        if found is None:
            return None
        num_id, ilvl = found
        instance = self._instance(num_id)
        if instance is None:
            return None
        level = instance.levels.get(ilvl)
        if level is None or level.fmt == "none":
            return None
        counter = self._counters.setdefault(instance.abstract_id, _Counter())
        if num_id not in self._used:
            # An instance that restarts a level (w:startOverride) does so where it is first
            # used; after that it counts on, and so do the other instances of its list.
            self._used.add(num_id)
            for restarted in instance.restarts:
                counter.counts.pop(restarted, None)
        counts = counter.advance(ilvl, instance.levels)
        return _format(level, instance.levels, counts), ilvl

    def _num_pr(self, paragraph: etree._Element) -> tuple[str, int] | None:
        """The list and level of a paragraph: its own w:numPr, else its style's (inherited)."""
        style_id = _val(paragraph.find(f"{W}pPr/{W}pStyle"))
        own = paragraph.find(f"{W}pPr/{W}numPr")
        num_id = _val(own.find(f"{W}numId")) if own is not None else None
        ilvl = _int(own.find(f"{W}ilvl")) if own is not None else None
        if num_id is None:
            inherited = self._style_num_pr(style_id)
            if inherited is not None:
                num_id, style_ilvl = inherited
                ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0":
            return None
        if ilvl is None:
            ilvl = self._linked_level(num_id, style_id)
        return num_id, ilvl

    def _style_num_pr(self, style_id: str | None) -> tuple[str, int | None] | None:
        seen = set()
        while style_id and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            style = self._styles[style_id]
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None and num_pr.find(f"{W}numId") is not None:
                return _val(num_pr.find(f"{W}numId")) or "0", _int(num_pr.find(f"{W}ilvl"))
            style_id = _val(style.find(f"{W}basedOn"))
        return None

    def _linked_level(self, num_id: str, style_id: str | None) -> int:
        instance = self._instance(num_id)
        if instance is not None and style_id:
            for ilvl, level in instance.levels.items():
                if level.style == style_id:
                    return ilvl
        return 0

    def _abstract_of(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        num = self._nums.get(num_id)
        if num is None:
            return None
        abstract_id = _val(num.find(f"{W}abstractNumId")) or ""
        abstract = self._abstract.get(abstract_id)
        # A numbering style's abstract number holds only a link to the one with the levels.
        for _ in range(4):
            if abstract is None or abstract.find(f"{W}lvl") is not None:
                break
            link = _val(abstract.find(f"{W}numStyleLink"))
            target = self._style_num_pr(link)
            num = self._nums.get(target[0]) if target else None
            abstract_id = _val(num.find(f"{W}abstractNumId")) or "" if num is not None else ""
            abstract = self._abstract.get(abstract_id)
        if abstract is None:
            return None
        return abstract_id, _levels(abstract)

    def _instance(self, num_id: str) -> _Instance | None:
        """A list instance. Instances of one abstract number share their counters, as in
        Word and in the .docx files LibreOffice writes (a continued list is an instance with a
        w:startOverride)."""
        if num_id not in self._instances:
            found = self._abstract_of(num_id)
            if found is None:
                self._instances[num_id] = None
            else:
                abstract_id, levels = found
                overrides = self._nums[num_id].findall(f"{W}lvlOverride")
                restarts = tuple(int(o.get(f"{W}ilvl", "0")) for o in overrides
                                 if o.find(f"{W}startOverride") is not None
                                 and o.get(f"{W}ilvl", "").isdigit())
                self._instances[num_id] = _Instance(abstract_id, _overridden(levels, overrides),
                                                    restarts)
        return self._instances[num_id]


def _overridden(levels: dict[int, Level], overrides: list[etree._Element]) -> dict[int, Level]:
    result = dict(levels)
    for override in overrides:
        ilvl = override.get(f"{W}ilvl")
        if ilvl is None or not ilvl.isdigit():
            continue
        level = result.get(int(ilvl), Level())
        redefined = override.find(f"{W}lvl")
        if redefined is not None:
            level = _read_level(redefined)
        start = _int(override.find(f"{W}startOverride"))
        if start is not None:
            level = Level(start, level.fmt, level.text, level.restart, level.legal, level.style)
        result[int(ilvl)] = level
    return result


def _style_table(styles: etree._Element | None) -> dict[str, etree._Element]:
    if styles is None:
        return {}
    return {style.get(f"{W}styleId", ""): style for style in styles.findall(f"{W}style")}


def _format(level: Level, levels: dict[int, Level], counts: dict[int, int]) -> str:
    """The level's w:lvlText with each %N replaced by level N's number in its format."""
    out, text, at = [], level.text, 0
    while at < len(text):
        if text[at] == "%" and at + 1 < len(text) and text[at + 1].isdigit():
            ilvl = int(text[at + 1]) - 1
            other = levels.get(ilvl, Level())
            count = counts.get(ilvl, other.start)
            fmt = "decimal" if level.legal else other.fmt
            out.append(number_text(count, fmt))
            at += 2
        else:
            out.append(text[at])
            at += 1
    return "".join(out)


def number_text(count: int, fmt: str) -> str:
    """A count in one of Word's number formats (the common ones; others as figures)."""
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(count)
        return roman if fmt == "lowerRoman" else roman.upper()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = _letters(count)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt == "decimalZero":
        return f"{count:02d}"
    if fmt == "bullet":
        return "•"
    return str(count)


def _roman(count: int) -> str:
    out = []
    for value, digits in _ROMAN:
        while count >= value:
            out.append(digits)
            count -= value
    return "".join(out)


def _letters(count: int) -> str:
    """Word's letters: a … z, then aa … zz, then aaa …."""
    if count < 1:
        return str(count)
    return chr(ord("a") + (count - 1) % 26) * ((count - 1) // 26 + 1)
