"""The fixed words annexgen writes into the deliverables, read from one catalogue per language."""

from __future__ import annotations

import dataclasses
import datetime as dt
import string
import typing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml

from annexgen.core import dates
from annexgen.core.deliverables import STANDARD

# The catalogues shipped with annexgen: languages/<tag>.yaml, one per BCP 47 tag.
CATALOGUES: Traversable = resources.files("annexgen.core").joinpath("languages")


def _fields(*names: str) -> dict[str, tuple[str, ...]]:
    """The metadata of a word with fields to fill in ({name}): the catalogue may use any
    of `names`."""
    return {"fields": names}


def _cldr(derive: Callable[[str], object]) -> dict[str, Callable[[str], object]]:
    """The metadata of what is not in the catalogue but from CLDR for its language tag."""
    return {"cldr": derive}


# The keys of a table open to more than the code knows (the deliverables plugged in).
ANY_KEY = ("*",)


def _keys(required: Callable[[], tuple[str, ...]],
          allowed: Callable[[], tuple[str, ...]] | None = None) -> dict[str, Callable]:
    """The metadata of a table of words whose keys the code knows: those it needs
    (`required`) and, when given, others it also reads (`allowed`); both called as a
    catalogue is loaded."""
    return {"keys": required, "allowed": allowed or required}


def fill(template: str, **values: object) -> str:
    """A catalogue format with its named fields filled in."""
    return template.format_map(values)


# -- plural forms ----------------------------------------------------------------------------

def plural_rule(tag: str) -> tuple[tuple[str, ...], Callable[[int], str]]:
    """The CLDR plural categories of the language `tag` (Babel's), each of which a word
    said with a count gives a form for, and the rule choosing one."""
    return dates.plural_rule(tag)


@dataclass(frozen=True)
class Plural:
    """A word in each plural form of its language (CLDR categories: "one", "other", ...),
    chosen by a count."""

    forms: dict[str, str]
    category: Callable[[int], str] = field(repr=False, compare=False)

    def of(self, number: int, /, **values: object) -> str:
        """The form for `number` of things, its fields filled in with `values`."""
        return fill(self.forms[self.category(number)], **values)


# -- the words, by where they are printed ------------------------------------------------------

@dataclass(frozen=True)
class Reference:
    """A reference to one item ("page 3", "(para. 9)") or to a range, worded by the number
    of items in it ("pages 4–8"; Arabic has a dual: "الفقرتان 9 و10")."""

    single: str = field(metadata=_fields("first"))
    several: Plural = field(metadata=_fields("first", "last"))

    def of(self, first: int, last: int) -> str:
        if first == last:
            return fill(self.single, first=first)
        return self.several.of(last - first + 1, first=first, last=last)


@dataclass(frozen=True)
class PageWords:
    """A page reference of the paper: "page 3", "pages 4–8", or the words printed before
    the annexes are rendered."""

    pages: Reference
    unresolved: str

    def range(self, first: int, last: int) -> str:
        return self.pages.of(first, last)


@dataclass(frozen=True)
class SeePagesWords:
    """The paper's reference to a cluster in every annex (`see_pages`): "See: Annex A,
    pages 4–8;" then, on the next line, "Annex B, pages 3–6"."""

    see: str = field(metadata=_fields("references"))
    reference: str = field(metadata=_fields("annex", "pages"))
    separator: str  # ends each reference but the last, before its line break


# What a range within one year may name: each end's date, day and month (as the date
# writes them: "1er", "января", "3").
_RANGE_FIELDS = ("start", "end", "start_day", "start_month", "end_day", "end_month")


@dataclass(frozen=True)
class RangeWords:
    """A range of days, by what its two ends share."""

    same_day: str = field(metadata=_fields("date"))
    same_month: str = field(metadata=_fields(*_RANGE_FIELDS))
    same_year: str = field(metadata=_fields(*_RANGE_FIELDS))
    other: str = field(metadata=_fields("start", "end"))


@dataclass(frozen=True)
class DateWords:
    """Dates as the templates' filters write them: `date`, `date_range` (compact, as in
    mastheads) and `date_range_prose` (for running text)."""

    compact: RangeWords
    prose: RangeWords
    calendar: dates.Calendar = field(metadata=_cldr(dates.calendar))  # the dates themselves

    def day(self, day: dt.date) -> str:
        return self.calendar.date(day)

    def range(self, start: dt.date, end: dt.date) -> str:
        """A compact range: 22–24 January 2019."""
        return self._range(self.compact, start, end)

    def prose_range(self, start: dt.date, end: dt.date) -> str:
        """A range for running text: from 9 to 11 September 2019."""
        return self._range(self.prose, start, end)

    def _range(self, words: RangeWords, start: dt.date, end: dt.date) -> str:
        if start == end:
            return fill(words.same_day, date=self.day(start))
        said = self.calendar
        ends = {"start_day": said.day(start), "start_month": said.month(start),
                "end_day": said.day(end), "end_month": said.month(end),
                "start": said.date(start), "end": said.date(end)}
        if (start.year, start.month) == (end.year, end.month):
            return fill(words.same_month, **ends)
        return fill(words.same_year if start.year == end.year else words.other, **ends)


def _number_keys() -> tuple[str, ...]:
    return tuple(str(number) for number in (*range(20), *range(20, 100, 10)))


def _numbers_in_words() -> tuple[str, ...]:
    return tuple(str(number) for number in range(100))


@dataclass(frozen=True)
class NumberWords:
    """Counts in words (the `words` filter) up to 99, and large counts in figures."""

    # 0–19 and the tens; any other number under 100 may be given too (else `compound`).
    names: dict[str, str] = field(metadata=_keys(_number_keys, _numbers_in_words))
    compound: str = field(metadata=_fields("tens", "units"))
    calendar: dates.Calendar = field(metadata=_cldr(dates.calendar))  # figures: CLDR's

    def say(self, count: int) -> str:
        """A whole number in words up to 99 ('five', 'twenty-one'), in figures above (UN
        editorial style writes large numbers in figures) or below zero."""
        if not 0 <= count < 100:
            return str(count)
        if str(count) in self.names:
            return self.names[str(count)]
        tens, units = divmod(count, 10)
        return fill(self.compound, tens=self.names[str(tens * 10)], units=self.names[str(units)])

    def grouped(self, count: int) -> str:
        """A count in figures, grouped as CLDR groups the language's digits: 1,000."""
        return self.calendar.number(count)


@dataclass(frozen=True)
class SheetNames:
    matrix: str
    coverage: str
    meetings: str


@dataclass(frozen=True)
class MeetingColumns:
    """The column headings of the Meetings sheet."""

    region: str
    meeting: str
    symbol: str
    venue: str
    dates: str
    report: str


@dataclass(frozen=True)
class AnnexBWords:
    """What the workbook prints besides the content: sheet names, column headings, page
    numbers."""

    sheets: SheetNames
    topic: str  # heads the topics' column of the matrix and of the Coverage sheet
    continued: str = field(metadata=_fields("topic"))  # a topic's label on its further rows
    page_number: str = field(metadata=_fields("page", "pages"))
    cluster: str
    total: str
    meetings: MeetingColumns


@dataclass(frozen=True)
class ChangeKinds:
    """One word for each kind of change of the change report (diff/changes.py KINDS)."""

    added: str
    removed: str
    moved_in: str
    moved_out: str
    reworded: str
    key_phrases: str
    paragraphs: str

    def of(self, kind: str) -> str:
        return str(getattr(self, kind.replace(" ", "_")))


@dataclass(frozen=True)
class ChangeWords:
    """The change report's words (`annexgen diff`)."""

    title: str = field(metadata=_fields("title"))  # {title}: the paper's, document.yaml
    document_title: str = field(metadata=_fields("old", "new"))
    revision: str = field(metadata=_fields("date", "name"))  # a version kept by git
    folder: str = field(metadata=_fields("name"))  # a version in a folder
    running_head: str
    introduction: str = field(metadata=_fields("old", "new", "summary"))
    workbook_title: str = field(metadata=_fields("title"))
    none: str
    changed: Plural = field(metadata=_fields("count", "kinds"))
    counted: str = field(metadata=_fields("count", "kind"))
    kinds: ChangeKinds  # in the Annex B cells' notes
    counted_kinds: ChangeKinds  # in the summary, after a count
    labels: ChangeKinds  # opening each change
    label: str = field(metadata=_fields("kind", "meeting", "paragraphs"))
    note: str = field(metadata=_fields("kind", "paragraphs"))
    note_with_detail: str = field(metadata=_fields("kind", "paragraphs", "detail"))
    now_under: str = field(metadata=_fields("topics"))
    before_under: str = field(metadata=_fields("topics"))
    was_now: str = field(metadata=_fields("old", "new"))
    phrase_separator: str


def nth_letter(position: int, alphabet: Sequence[str]) -> str:
    """The letter at `position` (from 0) of `alphabet`; past its last, two letters (AA, AB,
    … as spreadsheet columns are named), joined by a space where letters are names."""
    joiner = "" if all(len(letter) == 1 for letter in alphabet) else " "
    names: list[str] = []
    number = position + 1
    while number:
        number, rest = divmod(number - 1, len(alphabet))
        names.insert(0, alphabet[rest])
    return joiner.join(names)


@dataclass(frozen=True)
class SectionWords:
    """How the index's clusters are lettered and headed: "A. Access to justice", Russian
    "А. …" in Cyrillic letters, Arabic "ألف - …" with the letters' names."""

    letters: str  # in order, between spaces
    heading: str = field(metadata=_fields("letter", "title"))

    def letter(self, position: int) -> str:
        """The letter of the cluster at `position` (from 0)."""
        return nth_letter(position, self.letters.split())

    def of(self, position: int, title: str) -> tuple[str, str]:
        """The cluster's letter and its heading."""
        letter = self.letter(position)
        return letter, fill(self.heading, letter=letter, title=title)


@dataclass(frozen=True)
class Words:
    """Every fixed word of the deliverables and the change report, in one language."""

    word_language: str  # the language Word marks the text with (w:lang), with its region
    meeting: str = field(metadata=_fields("region", "symbol"))  # heads a meeting's outcomes
    run_in: str = field(metadata=_fields("meeting"))  # opens them in Annex A
    # between an outcome and its paragraph reference: " ", or nothing ("") in Chinese
    before_reference: str = field(metadata={"empty": True})
    paragraph_reference: Reference
    pages: PageWords
    see_pages: SeePagesWords
    # by its name: the standard annexes, and any deliverable plugged in that cites or is cited
    deliverable: dict[str, str] = field(metadata=_keys(lambda: STANDARD.annex_names,
                                                       lambda: ANY_KEY))
    titled: str = field(metadata=_fields("deliverable", "title"))  # in the file's properties
    quoted: str = field(metadata=_fields("text"))
    list_separator: str
    sections: SectionWords
    dates: DateWords
    numbers: NumberWords
    annex_b: AnnexBWords
    changes: ChangeWords

    def meeting_heading(self, region: str, symbol: str) -> str:
        """A meeting as the annexes name it: "Africa (A/CONF.234/RPM.4/1)"."""
        return fill(self.meeting, region=region, symbol=symbol)

    def paragraphs(self, first: int, last: int) -> str:
        """The paragraph reference printed after an outcome: (para. 25), (paras. 12–14)."""
        return self.paragraph_reference.of(first, last)


# -- loading -------------------------------------------------------------------------------------

class WordsError(Exception):
    """The language has no catalogue, or its catalogue is not complete and correct."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def languages(folder: Traversable | Path | None = None) -> list[str]:
    """The tags of the catalogues in `folder` (by default annexgen's own)."""
    found = (item.name for item in (folder or CATALOGUES).iterdir())
    return sorted(name.removesuffix(".yaml") for name in found if name.endswith(".yaml"))


def load_words(tag: str, folder: Traversable | Path | None = None) -> Words:
    """The words of the language `tag` (a BCP 47 tag, matched as `catalogue_for` says),
    from its catalogue in `folder` (by default annexgen's own); WordsError naming every
    word it lacks, every one it has that annexgen does not use, and every field a format
    names that annexgen does not fill in."""
    folder = folder or CATALOGUES
    known = languages(folder)
    name = catalogue_for(tag, known)
    if name is None:
        raise WordsError([f"annexgen has no words for language {tag!r} (it has "
                          f"{', '.join(known) or 'none'}; docs/languages.md says how to "
                          "add one)"])
    path = folder.joinpath(f"{name}.yaml")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise WordsError([f"the catalogue of {name!r} cannot be read: {exc}"]) from None
    reader = _Reader(f"the catalogue of {name!r} ({name}.yaml)", name)
    words = reader.read(Words, data, "")
    if reader.problems:
        raise WordsError(reader.problems)
    return typing.cast(Words, words)


# Tags whose truncation would reach the Simplified Chinese catalogue (zh) but that ask for
# Traditional Chinese: refused rather than answered in the other script.
_TRADITIONAL_CHINESE = frozenset({"hant", "tw", "hk", "mo"})


def catalogue_for(tag: str, known: list[str]) -> str | None:
    """The catalogue among `known` for a BCP 47 tag: the tag itself, ignoring case, else
    the tag cut at its last subtag until one matches (RFC 4647 lookup: fr-FR and fr-CA
    find fr, zh-Hans-CN finds zh-Hans, else zh); Traditional Chinese finds none."""
    subtags = tag.strip().lower().replace("_", "-").split("-")
    if subtags[0] == "zh" and _TRADITIONAL_CHINESE & set(subtags[1:]):
        return None
    by_lower = {name.lower(): name for name in known}
    for length in range(len(subtags), 0, -1):
        found = by_lower.get("-".join(subtags[:length]))
        if found is not None:
            return found
    return None


def english() -> Words:
    """The English words, for what annexgen says in English whatever the document's
    language (the command line's summary of a diff)."""
    return load_words("en")


class _StrictLoader(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):  # type: ignore[misc]
    """Every scalar a string (no YAML 1.1 booleans or numbers); a key given twice refused.
    libyaml's parser where PyYAML has it: a catalogue is read on every check."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[str] = set()
        for key, _ in node.value:
            if key.value in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key.value!r} is given twice", key.start_mark)
            seen.add(key.value)
        return super().construct_mapping(node, deep)


class _Reader:
    """Builds the typed words from the catalogue's mappings, collecting every problem."""

    def __init__(self, what: str, tag: str):
        self.what, self.tag = what, tag
        self.categories, self.rule = plural_rule(tag)
        self.problems: list[str] = []

    def read(self, cls: type, data: object, path: str) -> object | None:
        if not isinstance(data, dict):
            self._problem(f"has {_where(path)} as {_kind(data)}, not a mapping of words")
            return None
        hints = typing.get_type_hints(cls)
        values = {item.name: self._value(hints[item.name], item, data, _join(path, item.name))
                  for item in dataclasses.fields(cls)}
        for key in data:
            if key not in values or "cldr" in _field(cls, key).metadata:
                self._problem(f"has {_join(path, key)!r}, a word annexgen does not use")
        if any(value is None for value in values.values()):
            return None
        return cls(**values)

    def _value(self, hint: object, item: dataclasses.Field, data: dict, path: str):
        if "cldr" in item.metadata:
            return item.metadata["cldr"](self.tag)
        if item.name not in data:
            self._problem(f"lacks {path!r}")
            return None
        value = data[item.name]
        if hint is Plural:
            return self._plural(value, item, path)
        if dataclasses.is_dataclass(hint):
            return self.read(typing.cast(type, hint), value, path)
        if typing.get_origin(hint) is dict:
            return self._table(value, item.metadata["keys"](), path,
                               allowed=item.metadata["allowed"]())
        return self._text(value, item.metadata.get("fields", ()), path,
                          item.metadata.get("empty", False))

    def _plural(self, value: object, item: dataclasses.Field, path: str) -> Plural | None:
        if not isinstance(value, dict):
            self._problem(f"has {path!r} as {_kind(value)}, not its plural forms "
                          f"({', '.join(self.categories)})")
            return None
        forms = self._table(value, self.categories, path, item.metadata["fields"],
                            unknown="a plural form its language does not have")
        return None if forms is None else Plural(forms, self.rule)

    def _table(self, value: object, required: tuple[str, ...], path: str,
               names: tuple[str, ...] = (), allowed: tuple[str, ...] = (),
               unknown: str = "a word annexgen does not use") -> dict[str, str] | None:
        if not isinstance(value, dict):
            self._problem(f"has {path!r} as {_kind(value)}, not a mapping of words")
            return None
        found = {key: self._text(text, names, _join(path, key)) for key, text in value.items()}
        for key in required:
            if key not in value:
                self._problem(f"lacks {_join(path, key)!r}")
        extra = [] if allowed == ANY_KEY else [key for key in value
                                               if key not in required and key not in allowed]
        for key in extra:
            self._problem(f"has {_join(path, key)!r}, {unknown}")
        ok = not extra and all(key in value for key in required) and None not in found.values()
        return typing.cast(dict[str, str], found) if ok else None

    def _text(self, value: object, names: tuple[str, ...], path: str,
              empty: bool = False) -> str | None:
        if not isinstance(value, str) or not (value or empty):
            self._problem(f"has {path!r} as {_kind(value)}, not a word")
            return None
        problem = _fields_problem(value, names)
        if problem:
            self._problem(f"has {path!r} {problem}")
            return None
        return value

    def _problem(self, message: str) -> None:
        self.problems.append(f"{self.what} {message}")


def _fields_problem(text: str, names: tuple[str, ...]) -> str | None:
    """What is wrong with the fields a word names ({name}), if anything."""
    try:
        used = [(name, spec, conversion)
                for _, name, spec, conversion in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        return f"with a brace out of place ({exc}); write {{{{ or }}}} for a brace itself"
    for name, spec, conversion in used:
        if spec or conversion:
            return f"with the field {{{name}}} converted or formatted: write it {{{name}}}"
        if name not in names:
            offered = ", ".join(f"{{{known}}}" for known in names) or "none"
            return f"naming the field {{{name}}}, which annexgen does not fill in there " \
                   f"(it fills in {offered})"
    return None


def _field(cls: type, name: str) -> dataclasses.Field:
    return next(item for item in dataclasses.fields(cls) if item.name == name)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _where(path: str) -> str:
    return repr(path) if path else "its top level"


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "nothing" if value in (None, "") else "a word"


def catalogue_keys(tag: str) -> list[str]:
    """Every key the code reads from the catalogue of language `tag` (its plural forms
    among them: `paragraph_reference.one`), derived from the typed words."""
    return list(_keys_of(Words, "", plural_rule(tag)[0]))


def _keys_of(cls: type, path: str, categories: tuple[str, ...]) -> Iterator[str]:
    hints = typing.get_type_hints(cls)
    for item in dataclasses.fields(cls):
        hint, key = hints[item.name], _join(path, item.name)
        if "cldr" in item.metadata:
            continue
        if hint is Plural:
            yield from (_join(key, category) for category in categories)
        elif dataclasses.is_dataclass(hint):
            yield from _keys_of(typing.cast(type, hint), key, categories)
        elif typing.get_origin(hint) is dict:
            yield from (_join(key, name) for name in item.metadata["keys"]())
        else:
            yield key
