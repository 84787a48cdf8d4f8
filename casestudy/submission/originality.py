"""Originality: how much of a submission is the model answers' text, however disguised.

Two measures over content words (casestudy.submission.passages: function words out,
spelling folded, stemmed), so inserted fillers, dropped articles and British or American
spelling change nothing:

* **winnowed fingerprints** (casestudy.submission.fingerprint) find every run of eight or
  more content words the text shares with a model answer, wherever it sits;
* **sentence alignment** compares each sentence with the model sentences that share its
  words (rapidfuzz's Indel similarity over the word sequences), so a sentence with a third
  of its words swapped for synonyms, lightly reworded or moved elsewhere is still found.

The share is the part of a text's content words that lie in a matching sentence or a
shared run. A sentence of fewer than `SHORTEST` content words is never matched on its own:
a short definition in common words is not copying.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter

from casestudy.content import model
from casestudy.content.checklist import prose_words
from casestudy.submission.fingerprint import covered, fingerprints
from casestudy.submission.passages import Sentence, sentences, words_of
from casestudy.text.markdown import read
from casestudy.text.words import shingles

THRESHOLD = 20.0
SIMILAR = 0.5  # a sentence this close to a model sentence (Indel similarity) is a match
SHORTEST = 5  # content words a sentence needs before it is matched on its own
CANDIDATES = 8  # model sentences compared with each sentence (those sharing most words)
LONGEST_ANSWER = 10_000  # words: a longer answer, far longer than any real one, is not measured (an error)
LONGEST_FILE = 60_000  # words: a longer file is not checked at all (an error), nor compared in a class
LONGEST_ANSWER = 10_000  # words: a longer answer, far longer than any real one, is not measured (an error)
LONGEST_FILE = 60_000  # words: nor is a longer file, as a whole or in the class view


# --- the model answers, as sources ---------------------------------------------------------


def sources(q: model.Question) -> list[tuple[str, str]]:
    """(where it is from, text) for every piece of prose of `q`'s model answer: `q7 §2`,
    `q7 key point 3`, `q7 TL;DR`, `q7 table`, …; a section is split into its paragraphs."""
    return _sources(q.id, q.answer) if q.answer is not None else []


def _sources(qid: str, a: model.AnswerFile) -> list[tuple[str, str]]:
    q = model.Outline(id=qid, slug="", title="", question="")
    out = [(f"{q.id} TL;DR", a.tldr)]
    out += [(f"{q.id} key point {i}", p) for i, p in enumerate(a.key_points, 1)]
    for i, s in enumerate(a.sections, 1):
        out += [(f"{q.id} §{i}", s.heading)] + [(f"{q.id} §{i}", p) for p in _unfenced(s.body).split("\n\n")]
    for t in a.tables:
        out += [(f"{q.id} table", text) for text in (t.title, *(" ".join(row) + "." for row in t.rows), t.caption)]
    for d in a.diagrams:
        out += [(f"{q.id} diagram", d.title), (f"{q.id} diagram", d.caption)]
    out += [(f"{q.id} figures", f"{n.measures}. {n.note}") for n in a.numbers]
    out += [(f"{q.id} misconceptions", f"{m.claim} {m.correction}") for m in a.misconceptions]
    out += [(f"{q.id} glossary", g.definition) for g in a.glossary]
    out += [(f"{q.id} related", r.why) for r in a.related]
    for item in a.quiz:
        texts = [item.prompt, item.explanation, item.hint]
        if isinstance(item, model.MCQ):
            texts += item.options
        elif isinstance(item, (model.Flashcard, model.ShortAnswer)):
            texts.append(item.answer)
        out += [(f"{q.id} quiz", t) for t in texts]
    return [(where, text) for where, text in out if text and text.strip()]


def model_texts(a: model.AnswerFile) -> list[str]:
    """All the prose of a model answer, one string per field."""
    return [text for _, text in _sources("", a)]


def model_shingles(case: model.Case, size: int = 6) -> set[tuple[str, ...]]:
    """Every `size`-word phrase (plain tokens) of every model answer in `case`: the skeleton's
    promise is that it holds none."""
    found: set[tuple[str, ...]] = set()
    for q in case.questions:
        if q.answer is not None:
            for text in model_texts(q.answer):
                found |= shingles(prose_words(text), size)
    return found


def _unfenced(text: str) -> str:
    """`text` with its fenced code blocks blanked (code is not prose)."""
    if "```" not in text and "~~~" not in text:
        return text
    doc = read(text)
    code = doc.fenced()
    return "\n".join("" if n in code else line for n, line in enumerate(doc.lines, 1))


# --- an index of sentences and fingerprints ---------------------------------------------------


@dataclass
class Index:
    """Sentences to compare against, each with where it is from, and their fingerprints."""

    sentences: list[Sentence] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    by_word: dict[str, list[int]] = field(default_factory=dict)
    prints: dict[int, str] = field(default_factory=dict)

    def add(self, where: str, found: list[Sentence]) -> None:
        for s in found:
            n = len(self.sentences)
            self.sentences.append(s)
            self.where.append(where)
            for w in set(s.words):
                self.by_word.setdefault(w, []).append(n)
        for h in fingerprints(words_of(found)).values():
            self.prints.setdefault(h, where)


def model_index(case: model.Case) -> Index:
    """Every model answer of `case`, sentence by sentence, with where each is from."""
    index = Index()
    for q in case.questions:
        for where, text in sources(q):
            index.add(where, sentences(list(enumerate(text.splitlines(), 1))))
    return index


# --- measuring a text ----------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    sentence: Sentence  # the student's
    where: str  # where the matching text is from: `q7 §2`, or another submission's line
    score: float  # 0–1: how close
    other: Sentence | None = None  # the sentence it is close to, when one is


@dataclass
class Measure:
    words: int = 0  # content words measured
    copied: int = 0  # of them, in a matching sentence or a shared run
    matches: list[Match] = field(default_factory=list)

    @property
    def share(self) -> float:
        return 100.0 * self.copied / self.words if self.words else 0.0


def similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """How close two sentences' content words are, 0–1: rapidfuzz's Indel similarity over
    the word sequences (2 × longest common subsequence / total length)."""
    from rapidfuzz.distance import Indel

    return float(Indel.normalized_similarity(a, b))


def best_match(s: Sentence, index: Index, memo: dict[tuple[str, ...], tuple[float, int]] | None = None) -> tuple[float, int]:
    """The closest sentence of `index` to `s`: (similarity, its position), or (0, -1).
    `memo` keeps the answers for sentences already compared with the same `index`."""
    if memo is not None:
        if (known := memo.get(s.words)) is None:
            known = memo[s.words] = best_match(s, index)
        return known
    shared = Counter(chain.from_iterable(index.by_word.get(w, ()) for w in set(s.words)))  # counted in C
    close = [(n, count) for n, count in shared.items() if count >= 3]
    best, at = 0.0, -1
    for n, _ in heapq.nlargest(CANDIDATES, close, key=itemgetter(1)):  # most shared first, ties in order
        score = similarity(s.words, index.sentences[n].words)
        if score > best:
            best, at = score, n
    return best, at


def measure(
    found: list[Sentence],
    index: Index,
    *,
    memo: dict[tuple[str, ...], tuple[float, int]] | None = None,
    prints: dict[int, int] | None = None,
) -> Measure:
    """How much of `found` (a text's sentences, in order) is in `index`. `memo` keeps the
    closest match of each sentence for later calls with the same index (the whole file, then
    each answer); `prints` are `found`'s fingerprints, when the caller has them."""
    words = words_of(found)
    runs = covered(words, index.prints, prints)
    result = Measure(words=len(words))
    start = 0
    for s in found:
        score, at = best_match(s, index, memo) if len(s.words) >= SHORTEST else (0.0, -1)
        in_runs = [runs[i] for i in range(start, start + len(s.words)) if i in runs]
        start += len(s.words)
        if score >= SIMILAR:
            result.copied += len(s.words)
            result.matches.append(Match(s, index.where[at], score, index.sentences[at]))
        elif in_runs:
            result.copied += len(in_runs)
            if 2 * len(in_runs) >= len(s.words):
                result.matches.append(Match(s, Counter(in_runs).most_common(1)[0][0], len(in_runs) / len(s.words)))
    return result
