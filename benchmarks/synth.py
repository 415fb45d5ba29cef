"""Deterministic synthetic content in annexgen's format; scale 1 is the shipped content's size."""

from __future__ import annotations

import random
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

from benchmarks import synth_words
from benchmarks.synth_words import words as spaced_words

REPO = Path(__file__).resolve().parents[1]
SHIPPED_CONTENT = REPO / "content"
COPIED = ("document.yaml", "meetings.yaml", "templates")
MEETING_IDS = ("asia-pacific", "latin-america", "western-asia", "africa", "europe")

OUTCOMES_PER_MEETING = 44  # 5 × 44 = 220 outcomes at scale 1, as shipped
OUTCOMES_PER_FILE = 500  # about 0.4 MB a file, well under MAX_CONTENT_FILE_BYTES (2 MB)
TOPIC_COUNT_WEIGHTS = {1: 45, 2: 35, 3: 20}  # 1.75 topics an outcome (shipped: 1.76)
MIN_WORDS, MAX_WORDS = 80, 150
# An outcome must fit one Excel cell of Annex B (E206): about 36 lines of 27 characters.
MAX_TEXT_CHARS = 760
RANGE_SHARE = 0.1  # outcomes quoting a range of paragraphs ("12-14")
FIRST_PARA = 9

# (id, topic id prefix, topics, list style, theme): 45 topics in 7 clusters.
CLUSTERS = (
    ("political-message", "pm", 7, "bullet", None),
    ("main-theme", "mt", 6, "number", "Advancing crime prevention and the rule of law"),
    ("crime-prevention", "cp", 9, "number", None),
    ("criminal-justice", "cj", 8, "number", None),
    ("rule-of-law", "rl", 5, "number", None),
    ("international-cooperation", "ic", 5, "number", None),
    ("other-issues", "oi", 5, "number", None),
)


FILLER = spaced_words(
    "the of and to in for that be should on with as by at from all its their States "
    "Member meeting participants recommended noted stressed need support role use "
    "crime justice law rule work data plan aid help new more such other national local "
    "public level action means access rights needs views areas forms cases years care "
    "also well into both each make take give keep many most some further through within "
    "among across while where which those these could would must may can was were been "
    "it is are an a or not only including regional global review report system policy "
    "bodies groups women youth victims courts police prisons staff tools ways efforts "
    "trust field steps terms order place issue basis focus means Commission Congress"
)

KEY_WORDS = spaced_words(
    "accountability resilience extradition cybercrime rehabilitation reintegration "
    "trafficking smuggling corruption transparency oversight procurement forensic "
    "evidentiary safeguards proportionality diversion mediation probation parole "
    "detention overcrowding juvenile restorative victimization prosecution investigation "
    "cooperation coordination harmonization legislation ratification implementation "
    "monitoring evaluation indicators statistics benchmarking partnership engagement "
    "empowerment inclusion participation education awareness prevention deterrence "
    "radicalization extremism terrorism financing laundering confiscation recovery "
    "assets firearms wildlife fisheries piracy kidnapping fraud counterfeiting "
    "cryptocurrency encryption biometrics surveillance intelligence interoperability "
    "connectivity digitalization automation algorithms platforms telecommunications "
    "infrastructure sustainability urbanization migration displacement refugees "
    "marginalization poverty inequality unemployment literacy mentoring sports "
    "volunteering philanthropy academia scholarship fellowship curricula pedagogy "
    "sentencing bail remand custody clemency amnesty pardon acquittal appeals tribunals "
    "ombudsperson inspectorate auditing whistle-blowers integrity ethics codes charters"
)


@dataclass(frozen=True)
class Vocabulary:
    """A language's words for synthetic content, and how its text is set: words joined by
    `joiner`, sentences ended by `full_stop`, at most `max_chars` a text (Chinese says in
    about a third of the characters what English says)."""

    filler: tuple[str, ...]
    key_words: tuple[str, ...]
    joiner: str = " "
    full_stop: str = "."
    max_chars: int = MAX_TEXT_CHARS


VOCABULARIES = {
    "en": Vocabulary(FILLER, KEY_WORDS),
    "ar": Vocabulary(synth_words.ARABIC_FILLER, synth_words.ARABIC_KEY_WORDS),
    "zh": Vocabulary(synth_words.CHINESE_FILLER, synth_words.CHINESE_KEY_WORDS,
                     joiner="", full_stop="。", max_chars=300),
}


@dataclass(frozen=True)
class Topic:
    """A synthetic topic: its id and title."""

    id: str
    title: str


def generate(target: Path, scale: int, seed: int = 2019, shipped: Path = SHIPPED_CONTENT,
             language: str = "en") -> Path:
    """A complete content folder at `target` (replaced if present); returns `target`.

    document.yaml, meetings.yaml and the templates are copied from `shipped`; in another
    `language` (ar, zh) the titles and outcomes are in its words and document.yaml says it.
    """
    rng = random.Random(f"{seed}-{scale}")
    vocabulary = VOCABULARIES[language]
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    _copy_shipped(shipped, target, language)
    topics = _write_index(target / "index.yaml", rng, vocabulary)
    outcomes_dir = target / "outcomes"
    outcomes_dir.mkdir()
    for meeting_id in MEETING_IDS:
        _write_meeting(outcomes_dir, meeting_id, OUTCOMES_PER_MEETING * scale, topics, rng,
                       vocabulary)
    return target


def _copy_shipped(shipped: Path, target: Path, language: str) -> None:
    for name in COPIED:
        source = shipped / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    if language != "en":
        document = target / "document.yaml"
        text = document.read_text(encoding="utf-8")
        document.write_text(text.replace("\nlanguage: en\n", f"\nlanguage: {language}\n"),
                            encoding="utf-8")


# -- index.yaml --------------------------------------------------------------------------

def _write_index(path: Path, rng: random.Random, vocabulary: Vocabulary) -> list[Topic]:
    lines = ["# Synthetic index: clusters and topics for the benchmarks.", "clusters:"]
    topics: list[Topic] = []
    for cluster_id, prefix, count, list_style, theme in CLUSTERS:
        cluster_topics = [_topic(prefix, number, rng, vocabulary)
                          for number in range(1, count + 1)]
        lines += _cluster_lines(cluster_id, list_style, theme, cluster_topics, rng, vocabulary)
        topics += cluster_topics
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return topics


def _topic(prefix: str, number: int, rng: random.Random, vocabulary: Vocabulary) -> Topic:
    words = rng.sample(vocabulary.key_words, 2)
    title = _title(words + rng.sample(vocabulary.filler, rng.randint(2, 8)), vocabulary)
    # Ids stay ASCII: the English key word names the topic, other languages number it.
    named = f"-{words[0]}" if vocabulary.joiner == " " and words[0].isascii() else ""
    return Topic(f"{prefix}{named}-{number}", title)


def _title(words: list[str], vocabulary: Vocabulary) -> str:
    return vocabulary.joiner.join(words).capitalize()


def _cluster_lines(cluster_id: str, list_style: str, theme: str | None, topics: list[Topic],
                   rng: random.Random, vocabulary: Vocabulary) -> list[str]:
    title = _title(rng.sample(vocabulary.key_words, 3) + rng.sample(vocabulary.filler, 6),
                   vocabulary)
    lines = [f"  - id: {cluster_id}", f"    title: {title}", f"    list: {list_style}"]
    if theme:
        lines.append(f"    theme: {theme}")
    lines.append("    topics:")
    for topic in topics:
        lines += [f"      - id: {topic.id}", f"        title: {topic.title}"]
    return lines


# -- outcomes/<meeting>-NN.yaml ------------------------------------------------------------

def _write_meeting(folder: Path, meeting_id: str, count: int, topics: list[Topic],
                   rng: random.Random, vocabulary: Vocabulary) -> None:
    para = FIRST_PARA
    entries: list[str] = []
    for number in range(1, count + 1):
        first = para
        para += rng.randint(1, 3) if rng.random() < RANGE_SHARE else 0
        entries.append(_outcome_yaml(f"{meeting_id}-{number}", first, para, topics, rng,
                                     vocabulary))
        para += 1
    for index in range(0, count, OUTCOMES_PER_FILE):
        part = index // OUTCOMES_PER_FILE + 1
        chunk = entries[index:index + OUTCOMES_PER_FILE]
        header = f"# Synthetic outcomes for the benchmarks.\nmeeting: {meeting_id}\noutcomes:\n"
        (folder / f"{meeting_id}-{part:02d}.yaml").write_text(header + "".join(chunk),
                                                               encoding="utf-8")


def _outcome_yaml(outcome_id: str, first: int, last: int, topics: list[Topic],
                  rng: random.Random, vocabulary: Vocabulary) -> str:
    while True:
        chosen = rng.sample(topics, _weighted(rng, TOPIC_COUNT_WEIGHTS))
        key_words = iter(rng.sample(vocabulary.key_words, 3 * 3 * len(chosen)))
        phrases = {topic.id: [_phrase(key_words, rng, vocabulary)
                              for _ in range(rng.randint(1, 3))] for topic in chosen}
        every = [p for group in phrases.values() for p in group]
        text = outcome_text(every, rng, vocabulary)
        # Text without spaces may join two words into a phrase's letters: drawn again then.
        if all(text.count(phrase) == 1 for phrase in every):
            break
    para = str(first) if first == last else f'"{first}-{last}"'
    folded = (textwrap.fill(text, width=80, initial_indent=" " * 6, subsequent_indent=" " * 6,
                            break_long_words=False, break_on_hyphens=False)
              if vocabulary.joiner else " " * 6 + text)
    topic_lines = "".join(f"      {topic_id}: [{', '.join(group)}]\n"
                          for topic_id, group in phrases.items())
    return (f"  - id: {outcome_id}\n    para: {para}\n    text: >-\n{folded}\n"
            f"    topics:\n{topic_lines}")


def _weighted(rng: random.Random, weights: dict[int, int]) -> int:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _phrase(key_words, rng: random.Random, vocabulary: Vocabulary) -> str:
    """A key phrase of 1–3 words used nowhere else in its outcome (so it occurs exactly once)."""
    return vocabulary.joiner.join(next(key_words) for _ in range(rng.randint(1, 3)))


def outcome_text(phrases: list[str], rng: random.Random,
                 vocabulary: Vocabulary = VOCABULARIES["en"]) -> str:
    """80–150 words of filler sentences, each phrase inserted once inside a sentence."""
    count = rng.randint(MIN_WORDS, MAX_WORDS) - len(phrases)
    words = _sentences(rng.choices(vocabulary.filler, k=count), rng, vocabulary)
    joiner, stop = vocabulary.joiner, vocabulary.full_stop
    while len(joiner.join(words + phrases)) > vocabulary.max_chars:
        words.pop()
    words[-1] = words[-1].rstrip(stop) + stop
    for phrase in phrases:
        inside = [i for i in range(1, len(words)) if not words[i - 1].endswith(stop)]
        words.insert(rng.choice(inside), phrase)
    return joiner.join(words)


def _sentences(words: list[str], rng: random.Random, vocabulary: Vocabulary) -> list[str]:
    """Words as sentences of 8–20 words: first words capitalised, full stops after the last."""
    out, start = [], 0
    while start < len(words):
        sentence = words[start:start + rng.randint(8, 20)]
        sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
        sentence[-1] += vocabulary.full_stop
        out += sentence
        start += len(sentence)
    return out


# -- the one-outcome edit ------------------------------------------------------------------

EDIT_WORDS = ("Edited", "Revised")


def edit_one_outcome(content: Path) -> Path:
    """Changes the first word of the first outcome's text (alternating); returns the file."""
    path = sorted((content / "outcomes").glob("*.yaml"))[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index("    text: >-") + 1
    stripped = lines[at].lstrip()
    first, _, rest = stripped.partition(" ")
    new = EDIT_WORDS[1] if first == EDIT_WORDS[0] else EDIT_WORDS[0]
    lines[at] = lines[at][: len(lines[at]) - len(stripped)] + f"{new} {rest}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
