"""The quiz engine: grading every kind (and how a short answer's key ideas are matched), a session.

Pure: no prompts, no printing, no database, no clock. `items` holds what is asked;
`ui` drives a `Session` with what the student types; `store` keeps what comes out of
it; `score` sums it up.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from casestudy.content import model
from casestudy.errors import QuizError, QuizOptionError
from casestudy.revise.items import (
    Entry,
    collect,
    hint_steps,
    new_seed,
    option_order,
    select,
    shuffle_options,
    with_order,
)
from casestudy.revise.kinds import EXAM_KINDS
from casestudy.revise.score import Summary, summarise
from casestudy.text import words

__all__ = [
    "BadAnswer", "Entry", "Outcome", "Rating", "Session", "ShortGrade", "build", "collect", "grade", "hint_steps",
    "mentions", "new_seed", "option_order", "override", "select", "shuffle_options", "with_order",
]  # fmt: skip


class Rating(enum.IntEnum):
    """How well an item was known; the same numbers as fsrs.Rating."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


# --- grading ---------------------------------------------------------------------


@dataclass(frozen=True)
class ShortGrade:
    """The key ideas a short answer gives. `negated`: ideas whose words appear only after a
    negation ("not about latency"); `problem`: why nothing was credited (too short, a bare
    list of keywords), or "" when the ideas were matched."""

    mentioned: tuple[model.KeyIdea, ...]
    missed: tuple[model.KeyIdea, ...]
    negated: tuple[model.KeyIdea, ...] = ()
    problem: str = ""

    @property
    def total(self) -> int:
        return len(self.mentioned) + len(self.missed)

    @property
    def passes(self) -> bool:
        """At least half the key ideas given: the answer counts as right."""
        return len(self.mentioned) * 2 >= max(self.total, 1)


@dataclass(frozen=True)
class Outcome:
    """What one answer came to: right or wrong, and the rating it gives the card."""

    correct: bool
    rating: Rating
    response: str
    hints: int = 0
    short: ShortGrade | None = None
    overridden: bool = False
    assessed: bool = False  # a short answer whose key ideas the student ticked
    skipped: bool = False  # `s`: not answered, not wrong, not scheduled


class BadAnswer(ValueError):
    """The input is not an answer to this kind of item; the message says what is."""


def _cap(rating: Rating, hints: int) -> Rating:
    if hints and rating > Rating.HARD:
        return Rating.HARD
    return rating


def _outcome(correct: bool, response: str, hints: int, rating: Rating | None = None, **extra) -> Outcome:
    if rating is None:
        rating = Rating.GOOD if correct else Rating.AGAIN
    return Outcome(correct=correct, rating=_cap(rating, hints), response=response, hints=hints, **extra)


def grade_mcq(entry: Entry, response: str, hints: int = 0) -> Outcome:
    assert isinstance(entry.item, model.MCQ)
    text = response.strip().lower()
    letters = entry.letters
    if len(text) == 1 and text in letters:
        choice = entry.options[letters.index(text)]
    elif text.isdecimal() and 1 <= int(text) <= len(entry.options):  # isdigit() takes "²", which int() refuses
        choice = entry.options[int(text) - 1]
    else:
        matches = [o for o in entry.options if o.strip().lower() == text]
        if not matches:
            raise BadAnswer(f"Answer with a letter, a to {letters[-1]}.")
        choice = matches[0]
    letter = letters[entry.options.index(choice)]
    return _outcome(choice == entry.item.answer, letter, hints)


_TRUE = {"t", "true", "y", "yes", "1"}
_FALSE = {"f", "false", "n", "no", "0"}


def grade_tf(entry: Entry, response: str, hints: int = 0) -> Outcome:
    assert isinstance(entry.item, model.TrueFalse)
    text = response.strip().lower()
    if text in _TRUE:
        value = True
    elif text in _FALSE:
        value = False
    else:
        raise BadAnswer("Answer t (true) or f (false).")
    return _outcome(value == entry.item.answer, "true" if value else "false", hints)


_RATINGS = {
    "1": Rating.AGAIN, "a": Rating.AGAIN, "again": Rating.AGAIN,
    "2": Rating.HARD, "h": Rating.HARD, "hard": Rating.HARD,
    "3": Rating.GOOD, "g": Rating.GOOD, "good": Rating.GOOD,
    "4": Rating.EASY, "e": Rating.EASY, "easy": Rating.EASY,
}  # fmt: skip


def parse_rating(response: str) -> Rating:
    text = response.strip().lower()
    if text not in _RATINGS:
        raise BadAnswer("Rate yourself 1 (again), 2 (hard), 3 (good) or 4 (easy).")
    return _RATINGS[text]


def grade_flashcard(entry: Entry, response: str, hints: int = 0) -> Outcome:
    """A flashcard is graded by the student: Again is wrong, anything else right."""
    rating = parse_rating(response)
    return _outcome(rating > Rating.AGAIN, rating.name.lower(), hints, rating)


def _words(text: str) -> list[str]:
    return words.tokens(text)


def _stem(word: str) -> str:
    return words.stem(word)


def _word_matches(said: str, keyword: str) -> bool:
    """Same stem; or a keyword of four letters or more with which the word said begins,
    as written or stemmed (a keyword may be a word's start: `replicat`, `consisten`)."""
    if words.stem(said) == words.stem(keyword):
        return True
    return len(keyword) >= 4 and said.startswith((keyword, words.stem(keyword)))


def _find(said: Sequence[str], keyword: str) -> list[tuple[int, int]]:
    """Where `keyword` (a word or phrase) occurs in the tokens `said`: (start, end) spans."""
    wanted = words.tokens(keyword)
    if not wanted:
        return []
    return [
        (start, start + len(wanted))
        for start in range(len(said) - len(wanted) + 1)
        if all(_word_matches(said[start + j], w) for j, w in enumerate(wanted))
    ]


def mentions(text: str, keyword: str) -> bool:
    """Does `text` use `keyword` (a word or phrase)? Case, punctuation and regular word
    endings are ignored (casestudy.text.words): "caching" mentions "cache", "CDNs" mentions "CDN"."""
    return bool(_find(words.tokens(text), keyword))


# The matcher's rules for a short answer. A negation reaches the next few words of its
# clause ("not about latency", "no staleness"); clauses end at punctuation and at "but".
NEGATIONS = words.NEGATIONS
NEGATION_REACH = 4
_CLAUSE = re.compile(r"[.;:!?,()\[\]\n]+|\s[-–—]+\s|\b(?:but|however|whereas|although|though|yet)\b", re.IGNORECASE)


def min_words(item: model.ShortAnswer) -> int:
    """The fewest words an answer needs before any idea is credited: a quarter of the
    model answer's, at least 4 and at most 8."""
    return min(8, max(4, len(words.tokens(item.answer)) // 4))


def match_ideas(item: model.ShortAnswer, response: str) -> ShortGrade:
    """The key ideas `response` gives. None is credited for an answer under `min_words`,
    for a bare list of keywords (fewer than two other words, or keywords are more than
    three words in four), or for an idea whose words come only after a negation."""
    said = words.tokens(response)
    ideas = tuple(item.key_ideas)
    if len(said) < min_words(item):
        count = f"{len(said)} word{'' if len(said) == 1 else 's'}"
        return ShortGrade((), ideas, problem=f"too short to credit ({count}; a sentence or two is needed)")
    credited: list[model.KeyIdea] = []
    negated: list[model.KeyIdea] = []
    covered: set[int] = set()
    clauses = [words.tokens(c) for c in _CLAUSE.split(response) if c and c.strip()]
    for idea in ideas:
        plain = denied = False
        offset = 0
        for clause in clauses:
            for keyword in idea.keywords:
                for start, end in _find(clause, keyword):
                    covered.update(range(offset + start, offset + end))
                    before = clause[max(0, start - NEGATION_REACH) : start]
                    if NEGATIONS.intersection(before):
                        denied = True
                    else:
                        plain = True
            offset += len(clause)
        if plain:
            credited.append(idea)
        elif denied:
            negated.append(idea)
    total = sum(len(c) for c in clauses)
    others = total - len(covered)
    if credited and (others < 2 or others * 4 < total):
        return ShortGrade((), ideas, problem="only a list of keywords; write the ideas as sentences")
    return ShortGrade(tuple(credited), tuple(k for k in ideas if k not in credited), tuple(negated))


def grade_short(entry: Entry, response: str, hints: int = 0) -> Outcome:
    """Right when at least half the key ideas are given (all of them: Good; some: Hard)."""
    item = entry.item
    assert isinstance(item, model.ShortAnswer)
    if not response.strip():
        raise BadAnswer("Type your answer in a sentence or two.")
    return from_ideas(entry, match_ideas(item, response), response.strip(), hints)


def from_ideas(entry: Entry, short: ShortGrade, response: str, hints: int = 0, *, assessed: bool = False) -> Outcome:
    """The outcome of a short answer credited with `short.mentioned` (by the matcher, or
    ticked by the student when `assessed`)."""
    rating = Rating.GOOD if not short.missed else (Rating.HARD if short.passes else Rating.AGAIN)
    return _outcome(short.passes, response, hints, rating, short=short, assessed=assessed)


def tick(entry: Entry, outcome: Outcome, numbers: Sequence[int]) -> Outcome:
    """The student's own assessment: the key ideas (1-based, in the item's order) they
    really gave. An answer too short or a bare keyword list cannot be ticked right."""
    item = entry.item
    assert isinstance(item, model.ShortAnswer) and outcome.short is not None
    ideas = tuple(item.key_ideas)
    if outcome.short.problem:
        numbers = ()
    given = tuple(ideas[n - 1] for n in sorted(set(numbers)) if 1 <= n <= len(ideas))
    short = ShortGrade(given, tuple(k for k in ideas if k not in given), outcome.short.negated, outcome.short.problem)
    return from_ideas(entry, short, outcome.response, outcome.hints, assessed=True)


def override(outcome: Outcome, correct: bool) -> Outcome:
    """The student overrules the keyword grading of a short answer. An answer the matcher
    found too short, or a bare list of keywords, cannot be counted right."""
    if correct == outcome.correct or (correct and outcome.short is not None and outcome.short.problem):
        return outcome
    return replace(_outcome(correct, outcome.response, outcome.hints, short=outcome.short), overridden=True)


def grade(entry: Entry, response: str, hints: int = 0) -> Outcome:
    """Grade any kind; raises BadAnswer when the input is not an answer to it."""
    graders = {"mcq": grade_mcq, "tf": grade_tf, "flashcard": grade_flashcard, "short": grade_short}
    return graders[entry.kind](entry, response, hints)


# --- a session ---------------------------------------------------------------------


@dataclass
class Session:
    """One run of questions: what is asked, and the outcomes so far. `notes` are lines to
    show before the first item (fewer items than asked for, say); a resumed session starts
    at `start` with the earlier outcomes already in `results`."""

    entries: list[Entry]
    seed: int = 0
    mode: str = "quiz"  # quiz, exam or review
    results: list[tuple[Entry, Outcome]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    start: int = 0

    def record(self, entry: Entry, outcome: Outcome) -> None:
        self.results.append((entry, outcome))

    @property
    def feedback(self) -> bool:
        return self.mode != "exam"

    def summary(self) -> Summary:
        return summarise(self.entries, self.results)


def skipped(response: str = "") -> Outcome:
    """The outcome of `s`: not answered, so neither right nor wrong, and never saved."""
    return Outcome(correct=False, rating=Rating.AGAIN, response=response, skipped=True)


def build(
    questions: Sequence[model.Question],
    *,
    n: int | None = None,
    kinds: Sequence[str] = model.KINDS,
    seed: int | None = None,
    exam: bool = False,
    only: Sequence[str] | None = None,
    default_n: int = 10,
    exam_n: int = 20,
) -> Session:
    """A quiz (or exam) session over the written items of `questions` (only the item ids
    in `only`, when given: the student's mistakes)."""
    if exam:
        flash = [k for k in kinds if k not in EXAM_KINDS]
        if flash and tuple(kinds) != model.KINDS:
            raise QuizOptionError(
                "an exam cannot include flashcards: you grade those yourself",
                hint="Use --kind mcq,tf,short with --exam, or quiz flashcards without --exam.",
            )
        kinds = [k for k in kinds if k in EXAM_KINDS]
    if n is not None and n < 1:
        raise QuizOptionError("--n must be at least 1", hint="Give how many items to ask, e.g. --n 5.")
    written = [q for q in questions if q.written]
    if not written:
        names = ", ".join(q.id for q in questions)
        raise QuizError(
            f"no written answers to quiz on ({names} not written yet)",
            hint="`casestudy list` shows which answers are available.",
        )
    entries = collect(written, kinds)
    if only is not None:
        wanted = set(only)
        entries = [e for e in entries if e.id in wanted]
        if not entries:
            raise QuizError(
                "no mistakes to practise here: no item you have answered has a wrong latest answer",
                hint="`casestudy mistakes` lists them; `casestudy quiz` asks new items.",
            )
    if not entries:
        raise QuizError(
            f"no {', '.join(kinds)} items in {', '.join(q.id for q in written)}",
            hint="Try other --kind values, or other questions.",
        )
    seed = seed if seed is not None else new_seed()
    count = n if n is not None else (None if only is not None else exam_n if exam else default_n)
    session = Session(select(entries, count, seed), seed=seed, mode="exam" if exam else "quiz")
    if n is not None and n > len(entries):
        k = len(entries)
        what = "1 item is available, so it is" if k == 1 else f"{k} items are available, so all {k} are"
        session.notes.append(f"You asked for {n}; only {what} asked.")
    return session
