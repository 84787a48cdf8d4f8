"""What a complete answer to a question covers, derived from the case: the skeleton's
checklist, the key points as a few keywords, and the question sets (variants).

The submission skeleton (`render/skeleton.py`) prints these ideas and the submission
checker (`submission/completeness.py`) looks for them, so both read them here. The
checklist names *ideas* (glossary terms, key-point keywords, question parts), never a
phrase of the model answer.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from casestudy.content import model
from casestudy.errors import CaseStudyError, shorten
from casestudy.text.safe import in_comment
from casestudy.text.words import folded, stem, tokens

MIN_WORDS = 80

STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "although", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "either", "else", "even", "ever", "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "less", "like", "made", "make", "makes", "many", "may", "me", "might", "more", "most", "much", "must", "my", "need", "needs", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only", "onto", "or", "other", "others", "our", "out", "over", "own", "per", "rather", "same", "she", "should", "since", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "though", "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "use", "used", "uses", "using", "very", "via", "was", "way", "ways", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your", "netflix", "netflixs", "instead", "s", "t", "new"]
)

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"<?(?:https?://|www\.)\S+>?")
_NUMBERED_CITE = re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]")


def prose(text: str) -> str:
    """Prose only: citations (`[@key]`, `[1]`), link targets, URLs out; link text kept."""
    text = model.CITATION.sub(" ", text)
    text = _NUMBERED_CITE.sub(" ", text)
    text = _LINK.sub(r" \1 ", text)
    return _URL.sub(" ", text)


def prose_words(text: str) -> list[str]:
    """The words of `text`'s prose (casestudy.text.words.tokens of `prose(text)`)."""
    return tokens(prose(text))


# --- the hidden checklist in a skeleton --------------------------------------------


def checklist(q: model.Question, case: model.Case) -> list[str]:
    """What a complete answer to `q` covers, as short ideas (never model wording).

    A written answer gives the terms its glossary defines, each key point as the few
    keywords `check` hints with (ranked against the rest of `case`), and the kinds
    of evidence it uses; an unwritten one gives the parts of the question itself. No
    heading, title or sentence of the model answer is copied: the skeleton must not hold
    a 6-word phrase of it (tests/submission/test_submission.py checks the bundled pack)."""
    items: list[str] = []
    a = q.answer
    if a is not None:
        terms = [_term(g.term) for g in a.glossary]
        if terms:
            items.append("Terms to explain: " + ", ".join(terms))
        items += [f"Key point {k.index}: {', '.join(k.keywords)}" for k in key_ideas(case, q) if k.keywords]
        if a.tables:
            items.append("A comparison, set out as a table")
        if a.diagrams:
            items.append("A diagram of the design (a Mermaid block draws on GitHub)")
        if a.numbers:
            items.append("Figures, each with the year it was true and its source")
        if a.misconceptions:
            items.append("A common misunderstanding, and why it is wrong")
    else:
        items += _question_parts(q.text)
        items.append("Concrete examples from the case, with figures and their year")
        items.append("Limits and trade-offs, not only benefits")
    items.append("A source for every fact and figure, listed under References")
    seen: set[str] = set()
    out = []
    for item in items:
        item = in_comment(item)
        if item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out


def _term(term: str) -> str:
    """A glossary term without its parenthesised expansion: `TTL (time to live)` → `TTL`."""
    return " ".join(re.sub(r"\s*\(.*?\)", "", term).split())


_HOW = re.compile(r"^how (?:does|do|did|can) (?P<who>.+?) use (?P<tools>.+?) to (?P<goals>.+?)\??$", re.I)
_WHAT = re.compile(r"^what are the (?P<nouns>.+?) (?:of|in) (?P<rest>.+?)\??$", re.I)


def _split_and(text: str) -> list[str]:
    return [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if p.strip()]


def _question_parts(question: str) -> list[str]:
    """The parts of a question: `How does X use A and B to P and Q?` gives A, B, P, Q;
    `What are the N1 and N2 of S?` gives the N1 of S and the N2 of S."""
    text = " ".join(question.split())
    if m := _HOW.match(text):
        who = m.group("who")
        parts = [f"What {tool} is, and how {who} uses it" for tool in _split_and(m.group("tools"))]
        parts += [f"How that serves the goal: {goal}" for goal in _split_and(m.group("goals"))]
        return parts
    if m := _WHAT.match(text):
        return [f"The {noun} of {m.group('rest')}" for noun in _split_and(m.group("nouns"))]
    return [f"Every part of the question: {text}"]


def variant(case: model.Case, name: str) -> model.Variant:
    """The variant called `name` (any case, surrounding spaces ignored, like question ids);
    an unknown name is an error listing the valid ones."""
    wanted = name.strip().casefold()
    for v in case.meta.variants:
        if v.name.casefold() == wanted:
            return v
    valid = ", ".join(f"{v.name} ({v.title}, {len(v.questions)} questions)" for v in case.meta.variants)
    raise CaseStudyError(f"no variant '{shorten(name)}'", hint=f"Valid variants: {valid}.")


# --- key points as ideas ---------------------------------------------------------------


@dataclass(frozen=True)
class Idea:
    """One idea of a key point: the term shown, and the stems of each accepted variant (a
    variant such as "circuit breaker" counts as mentioned when all its words are)."""

    shown: str
    variants: tuple[tuple[str, ...], ...]

    def found_in(self, have: set[str]) -> bool:
        return any(variant and all(s in have for s in variant) for variant in self.variants)


@dataclass(frozen=True)
class KeyIdea:
    """A key point of a model answer as a few ideas: written by the author (the answer's
    `key_ideas`), or else its most distinctive terms."""

    index: int
    ideas: tuple[Idea, ...]

    @property
    def keywords(self) -> tuple[str, ...]:
        return tuple(i.shown for i in self.ideas)

    @property
    def needed(self) -> int:
        return max(1, math.ceil(len(self.ideas) / 2))

    def covered_by(self, have: set[str]) -> bool:
        return sum(i.found_in(have) for i in self.ideas) >= self.needed

    def missing(self, have: set[str]) -> list[Idea]:
        return [i for i in self.ideas if not i.found_in(have)]


def answer_stems(words: list[str]) -> set[str]:
    """What an answer's tokens are compared as: each word's stem, and the stem of its
    folded spelling (so `optimize` meets an idea written `optimise`)."""
    unique = set(words)  # a long answer repeats its words: stem each once
    return {stem(w) for w in unique} | {folded(w) for w in unique}


def written_ideas(q: model.Question) -> list[KeyIdea]:
    """The author's key ideas of `q`'s key points (empty when the answer has none)."""
    if q.answer is None:
        return []
    return [
        KeyIdea(i, tuple(Idea(variants[0], tuple(tuple(folded(w) for w in tokens(v)) for v in variants))
                         for variants in ideas if variants))
        for i, ideas in enumerate(q.answer.key_ideas, 1)
    ]


def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in prose_words(text) if w not in STOPWORDS)


def key_ideas(case: model.Case, q: model.Question, size: int = 4) -> list[KeyIdea]:
    """Each key point of `q`'s model answer as a few ideas: the author's `key_ideas` when
    the answer has them; else up to `size` terms, first the glossary terms it uses (the
    concepts the answer defines), then its rarest words across the case."""
    if q.answer is None:
        return []
    if getattr(q.answer, "key_ideas", None):
        return written_ideas(q)
    every = [p for other in case.questions if other.answer for p in other.answer.key_points]
    df: dict[str, int] = {}
    for point in every:
        for st in {stem(w) for w in prose_words(point)}:
            df[st] = df.get(st, 0) + 1
    glossary = [(t.term, _stems(re.sub(r"\s*\(.*?\)", "", t.term))) for t in q.answer.glossary]
    out = []
    for i, point in enumerate(q.answer.key_points, 1):
        point_stems = [stem(w) for w in prose_words(point)]
        joined = " " + " ".join(point_stems) + " "
        terms: list[tuple[str, tuple[str, ...]]] = []
        for term, term_stems in sorted(glossary, key=lambda g: -len(g[1])):
            fits = term_stems and f" {' '.join(term_stems)} " in joined and len(terms) < size
            if fits and not any(set(term_stems) <= set(t) for _, t in terms):
                terms.append((re.sub(r"\s*\(.*?\)", "", term), term_stems))
        used = {st for _, t in terms for st in t}
        surface: dict[str, str] = {}
        for w in prose_words(point):
            if w in STOPWORDS or (len(w) < 3 and not w.isdigit()) or stem(w) in used:
                continue
            surface.setdefault(stem(w), w)
        room = size - len(terms)
        ranked = sorted(surface, key=lambda st: (-math.log((1 + len(every)) / df.get(st, 1)), -len(st), st))[:room]
        terms += [(surface[st], (st,)) for st in surface if st in ranked]
        out.append(KeyIdea(i, tuple(Idea(t, (st,)) for t, st in terms)))
    return out
