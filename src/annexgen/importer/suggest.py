"""Suggested cluster, topics and key phrases for an outcome, learnt from the tagged outcomes."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from annexgen.core.model import Cluster, Outcome, Topic
from annexgen.core.text import find_phrase, has_unspaced, unspaced
from annexgen.importer.agenda import item_number, item_title

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
# Words that say nothing about a topic in a meeting report.
_STOP_WORDS = """a an and are as at be been by for from had has have in into is it its of
on or that the their them these this those to was were which while who will with would should
could may might can also such other than not no all any each both its it's there they we our
including including through upon within between among more most further meeting meetings
participants participant speakers speaker several many noted recommended stressed emphasized
underlined highlighted suggested considered encouraged welcomed called expressed view
importance important need needed ensure regard regarding particular related relevant well
"""
_STOP = frozenset(_STOP_WORDS.split())
# How sure a suggestion must be to be written (scores run from 0 to 1).
CLUSTER_MIN_SCORE = 60.0  # rapidfuzz, 0-100
CLUSTER_SURE_SCORE = 80.0  # a title this close wins over the agenda item's number
TOPICS_SUGGESTED = 3
PHRASES_PER_TOPIC = 2
_PHRASE_MIN_SCORE = 72.0
# How a topic's score is made (docs/import.md gives the measurements behind them): likeness
# to its title, to the two most alike outcomes tagged for it, and to its known key phrases,
# plus a bonus when it belongs to the cluster of the agenda item.
WEIGHTS = {"title": 0.20, "nearest": 0.70, "phrases": 0.10, "cluster": 0.05}
NEAREST = 2


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What an import proposes for one outcome; a human accepts or discards each part."""

    cluster_id: str | None
    topics: tuple[tuple[str, tuple[str, ...]], ...]  # (topic id, key phrases), best first


def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "es", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """The text's content words, lower case and crudely stemmed. An Arabic word is taken
    without its article and the particles joined before it ("والعدالة", "للعدالة" and
    "العدالة" are all "عدالة"). A run of a script written without spaces (Chinese:
    core.text.unspaced) is taken as its pairs of neighbouring characters: its words are not
    told apart by spaces, most Chinese words are two characters long ("刑事司法" gives
    "刑事", "事司", "司法"), and a single character is shared by unrelated words (法 of 司法
    and of 办法)."""
    found: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        if has_unspaced(word):
            found += _unspaced_terms(word)
        elif word not in _STOP and len(word) > 2:
            found.append(_term(word))
    return found


def _term(word: str) -> str:
    """A word of a script written with spaces, lower case, as a term."""
    return _stem(_ARTICLE.sub("", word))


def _unspaced_terms(word: str) -> list[str]:
    """A word's runs of characters written without spaces as their pairs (a lone character
    as itself); its other runs (figures, Latin letters) as words."""
    found: list[str] = []
    for written_unspaced, chars in itertools.groupby(word, key=unspaced):
        run = "".join(chars)
        if written_unspaced:
            found += [run[at:at + 2] for at in range(len(run) - 1)] or [run]
        elif run not in _STOP and len(run) > 2:
            found.append(_stem(run))
    return found


# The Arabic article (ال, or لل after the preposition li) and the particles that may stand
# joined before it (wa, fa, bi, ka): taken off a word when three letters or more are left.
_ARTICLE = re.compile(r"^[وف]?(?:[بك]?ال|لل)(?=[\u0621-\u064a]{3})")


class TopicModel:
    """What the tagged outcomes say about each topic: their words, titles and key phrases."""

    def __init__(self, clusters: Iterable[Cluster], outcomes: Iterable[Outcome]):
        self.clusters = tuple(clusters)
        self.topics: dict[str, Topic] = {t.id: t for c in self.clusters for t in c.topics}
        self.phrases: dict[str, list[str]] = {t: [] for t in self.topics}
        self._served: dict[str, list[int]] = {t: [] for t in self.topics}  # example indexes
        bags: list[Counter[str]] = []
        outcomes_seen = tuple(outcomes)
        for outcome in outcomes_seen:
            placed = [p for p in outcome.placements if p.topic_id in self.topics]
            if not placed:
                continue
            for placement in placed:
                self._served[placement.topic_id].append(len(bags))
                self.phrases[placement.topic_id].extend(
                    outcome.text[p.start:p.end] for p in placement.phrases)
            bags.append(Counter(terms(outcome.text)))
        self._by_number = _clusters_by_number(outcomes_seen, self.topics)
        titles = {t: Counter(terms(topic.title)) for t, topic in self.topics.items()}
        self._idf = _idf([set(bag) for bag in bags] + [set(bag) for bag in titles.values()])
        self._idf_unseen = max(self._idf.values(), default=1.0)
        self._topic_ids = list(self.topics)
        self._titles = _Index([self._vector(titles[t]) for t in self._topic_ids])
        self._examples = _Index([self._vector(bag) for bag in bags])
        # Every known key phrase once, with the topics it was tagged for.
        owners: dict[str, list[int]] = {}
        for position, topic_id in enumerate(self._topic_ids):
            for phrase in {p.lower() for p in self.phrases[topic_id]}:
                owners.setdefault(phrase, []).append(position)
        self._phrase_list = list(owners)
        self._phrase_owners = list(owners.values())
        self._phrase_terms = [set(terms(phrase)) for phrase in self._phrase_list]
        self._phrase_counts = [len({p.lower() for p in self.phrases[t]}) for t in self._topic_ids]

    def _vector(self, bag: Counter[str]) -> dict[str, float]:
        vector = {w: (1 + math.log(n)) * self._idf.get(w, self._idf_unseen) for w, n in bag.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {w: v / norm for w, v in vector.items()}

    def cluster_for(self, headings: Iterable[str]) -> str | None:
        """The cluster whose title (in any language given) matches a heading closely; else
        the one the tagged outcomes under the same agenda item number serve; else the one
        whose title matches best, above CLUSTER_MIN_SCORE."""
        headings = tuple(headings)
        best, score = self._cluster_by_title(headings)
        if score >= CLUSTER_SURE_SCORE:
            return best
        numbered = self._cluster_by_number(headings)
        return numbered if numbered is not None else best

    def _cluster_by_title(self, headings: tuple[str, ...]) -> tuple[str | None, float]:
        """The cluster whose title best matches the deepest heading that matches one."""
        best, best_score = None, CLUSTER_MIN_SCORE
        for depth, heading in enumerate(headings):
            key = item_title(heading)
            for cluster in self.clusters:
                score = max(fuzz.token_set_ratio(key, name, processor=title_tokens)
                            for name in _names(cluster))
                score += depth * 0.01  # the deeper heading wins a tie
                if score > best_score:
                    best, best_score = cluster.id, score
        return best, best_score

    def _cluster_by_number(self, headings: tuple[str, ...]) -> str | None:
        numbers = [n for n in map(item_number, reversed(headings)) if n is not None]
        return self._by_number.get(numbers[0]) if numbers else None

    def rank(self, text: str, cluster_id: str | None) -> list[tuple[str, float]]:
        """Every topic with its score for this text, best first."""
        vector = self._vector(Counter(terms(text)))
        alike = self._examples.similarities(vector)
        titles = self._titles.similarities(vector)
        phrases = self._phrase_scores(text.lower())
        scored = []
        for position, topic_id in enumerate(self._topic_ids):
            examples = sorted((alike[i] for i in self._served[topic_id]), reverse=True)
            nearest = sum(examples[:NEAREST]) / NEAREST if examples else 0.0
            score = (WEIGHTS["title"] * titles[position] + WEIGHTS["nearest"] * nearest
                     + WEIGHTS["phrases"] * phrases[position])
            if cluster_id is not None and self.topics[topic_id].cluster_id == cluster_id:
                score += WEIGHTS["cluster"]
            scored.append((topic_id, score))
        scored.sort(key=lambda pair: (-pair[1], pair[0]))
        return scored

    def _phrase_scores(self, lowered: str) -> list[float]:
        """For each topic, how well its two best known key phrases match in the text."""
        best: list[list[float]] = [[] for _ in self._topic_ids]
        words = set(terms(lowered))
        # A phrase sharing no word with the text scores too low to matter; skip the
        # costly alignment for it.
        candidates = [at for at, phrase_terms in enumerate(self._phrase_terms)
                      if phrase_terms & words]
        matches = process.extract(lowered, [self._phrase_list[at] for at in candidates],
                                  scorer=fuzz.partial_ratio, limit=None)
        for _, score, index in matches:
            for position in self._phrase_owners[candidates[index]]:
                best[position].append(score / 100)
        return [sum(sorted(scores, reverse=True)[:2]) / min(2, count) if count else 0.0
                for scores, count in zip(best, self._phrase_counts, strict=True)]

    def suggest(self, text: str, headings: Iterable[str]) -> Suggestion:
        cluster_id = self.cluster_for(headings)
        ranked = self.rank(text, cluster_id)[:TOPICS_SUGGESTED]
        return Suggestion(cluster_id, tuple((topic_id, self.key_phrases(text, topic_id))
                                            for topic_id, _ in ranked))

    def key_phrases(self, text: str, topic_id: str) -> tuple[str, ...]:
        """Spans of the text itself most like the topic's known phrases, else the longest
        runs of the topic title's words; each once in the text, none crossing a line."""
        found: list[tuple[float, int, int]] = []
        lowered = text.lower()
        for candidate in sorted(set(self.phrases[topic_id])):
            alignment = fuzz.partial_ratio_alignment(candidate.lower(), lowered)
            if alignment is None or alignment.score < _PHRASE_MIN_SCORE:
                continue
            start, end = _snap(text, alignment.dest_start, alignment.dest_end)
            found.append((alignment.score, start, end))
        if not found:  # nothing tagged like it yet: the title's own words
            title_terms = set(terms(self.topics[topic_id].title))
            found = _title_runs(text, title_terms) + _unspaced_title_runs(text, title_terms)
        chosen: list[tuple[int, int]] = []
        for _, start, end in sorted(found, key=lambda f: (-f[0], f[1])):
            span = text[start:end]
            usable = (end - start >= 4 and "\n" not in span
                      and len(find_phrase(text, span)) == 1)
            if usable and all(end <= s or start >= e for s, e in chosen):
                chosen.append((start, end))
            if len(chosen) == PHRASES_PER_TOPIC:
                break
        return tuple(text[s:e] for s, e in sorted(chosen))


def _title_runs(text: str, title_terms: set[str]) -> list[tuple[float, int, int]]:
    """Runs of the text's words that are the title's (small words may stand between),
    with two title words at least; scored below any close match of a known phrase."""
    runs, current, marked = [], [], 0
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        if _term(word) in title_terms and len(word) > 2:
            current.append(match)
            marked += 1
            continue
        if word in _STOP and current:
            current.append(match)
            continue
        runs.append((current, marked))
        current, marked = [], 0
    runs.append((current, marked))
    found: list[tuple[float, int, int]] = []
    for words, count in runs:
        while words and _term(words[-1].group(0).lower()) not in title_terms:
            words = words[:-1]
        if count >= 2 and words:
            found.append((_PHRASE_MIN_SCORE - 1 + count, words[0].start(), words[-1].end()))
    return found


def _unspaced_title_runs(text: str, title_terms: set[str]) -> list[tuple[float, int, int]]:
    """Runs of the text's characters written without spaces whose neighbouring pairs are all
    the title's, two pairs at least ("网络犯罪" of the title "打击网络犯罪"); scored as
    `_title_runs` scores its runs, by the title's terms they hold."""
    found: list[tuple[float, int, int]] = []
    at = 0
    while at < len(text) - 1:
        end = at
        while end + 1 < len(text) and text[end:end + 2] in title_terms \
                and unspaced(text[end]) and unspaced(text[end + 1]):
            end += 1
        if end - at >= 2:
            found.append((_PHRASE_MIN_SCORE - 1 + end - at, at, end + 1))
        at = max(end, at + 1)
    return found


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """A span widened to whole words, trimmed of spaces and punctuation at its ends."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def title_tokens(title: str) -> str:
    """A title as the words its titles are compared by (token set ratio): rapidfuzz's
    default processing (lower case, punctuation as spaces), and each character of a script
    written without spaces (Chinese) a word of its own. Else a Chinese title is one word, or
    a few cut at its punctuation, and "其他事项" (other matters) and "其他问题" (other
    issues) share none, where "Other matters" and "Other issues" share one."""
    processed = utils.default_process(title)
    if not any(unspaced(char) for char in processed):
        return processed
    return " ".join("".join(f" {c} " if unspaced(c) else c for c in processed).split())


def _names(cluster: Cluster) -> list[str]:
    """The cluster's titles in every language given, and its theme."""
    titles = [text for _, text in cluster.titles] or [cluster.title]
    return titles + ([cluster.theme] if cluster.theme else [])


def _clusters_by_number(outcomes: tuple[Outcome, ...],
                        topics: dict[str, Topic]) -> dict[int, str]:
    """Agenda item number -> the cluster most of the tagged outcomes imported under it
    serve (their first topic's), when more than half of them do."""
    votes: dict[int, Counter[str]] = {}
    for outcome in outcomes:
        number = next((n for n in map(item_number, reversed(outcome.source.split(" / ")))
                       if n is not None), None)
        placed = [p.topic_id for p in outcome.placements if p.topic_id in topics]
        if number is not None and placed:
            votes.setdefault(number, Counter())[topics[placed[0]].cluster_id] += 1
    chosen = {}
    for number, counts in votes.items():
        cluster_id, count = counts.most_common(1)[0]
        if count * 2 > sum(counts.values()):
            chosen[number] = cluster_id
    return chosen


def _idf(documents: list[set[str]]) -> dict[str, float]:
    counts: Counter[str] = Counter()
    for words in documents:
        counts.update(words)
    total = len(documents) or 1
    return {w: math.log((1 + total) / (1 + n)) + 1 for w, n in counts.items()}


class _Index:
    """Unit vectors by word, so that a query's cosine with each costs only shared words."""

    def __init__(self, vectors: list[dict[str, float]]):
        self.size = len(vectors)
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for at, vector in enumerate(vectors):
            for word, weight in vector.items():
                self.postings.setdefault(word, []).append((at, weight))

    def similarities(self, query: dict[str, float]) -> list[float]:
        scores = [0.0] * self.size
        for word, weight in query.items():
            for at, other in self.postings.get(word, ()):
                scores[at] += weight * other
        return scores
