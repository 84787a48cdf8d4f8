"""The quiz engine: choosing items, presenting them, grading every kind, hints, a session.

Pure: no prompts, no printing, no database, no clock. `ui` drives a `Session` with
what the student types; `store` keeps what comes out of it; `score` sums it up.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from casestudy.content import model
from casestudy.errors import QuizError
from casestudy.revise.kinds import EXAM_KINDS
from casestudy.revise.score import Summary, summarise
from casestudy.text import words


class Rating(enum.IntEnum):
    """How well an item was known; the same numbers as fsrs.Rating."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


# --- what is asked ---------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One quiz item as asked: the item, the question it belongs to, where to read more.

    For a multiple-choice item `options` is the shuffled order shown to the student."""

    item: model.QuizItem
    qid: str
    topic: str
    section: str
    section_no: int
    options: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def kind(self) -> str:
        return _kind_of(self.item)

    @property
    def letters(self) -> str:
        return "abcdefghijklmnopqrstuvwxyz"[: len(self.options)]

    @property
    def correct_letter(self) -> str:
        assert isinstance(self.item, model.MCQ)
        return self.letters[self.options.index(self.item.answer)]

    @property
    def read_command(self) -> str:
        return f"casestudy show {self.qid}"

    @property
    def read_more(self) -> str:
        """`casestudy show q1 — §2 Use`: the command and the section heading to read."""
        return f"{self.read_command} — §{self.section_no} {self.section}"

    def answer_text(self) -> str:
        """The right answer, as the student should see it."""
        item = self.item
        if isinstance(item, model.MCQ):
            return f"{self.correct_letter}) {item.answer}" if self.options else item.answer
        if isinstance(item, model.TrueFalse):
            return "true" if item.answer else "false"
        return item.answer


def _kind_of(item: model.QuizItem) -> str:
    return item.kind


def collect(questions: Sequence[model.Question], kinds: Sequence[str] = model.KINDS) -> list[Entry]:
    """Every item of the written questions, of the given kinds, in content order."""
    out: list[Entry] = []
    for q in questions:
        if q.answer is None:
            continue
        numbers = {s.id: (i, s.heading) for i, s in enumerate(q.answer.sections, 1)}
        for item in q.answer.quiz:
            if _kind_of(item) not in kinds:
                continue
            no, heading = numbers.get(item.section, (0, item.section))
            options = tuple(item.options) if isinstance(item, model.MCQ) else ()
            out.append(Entry(item=item, qid=q.id, topic=q.title, section=heading, section_no=no, options=options))
    return out


def shuffle_options(entry: Entry, rng: random.Random) -> Entry:
    """The same entry with its multiple-choice options in a random order."""
    if not entry.options:
        return entry
    options = list(entry.options)
    rng.shuffle(options)
    return replace(entry, options=tuple(options))


def select(entries: Sequence[Entry], n: int | None, seed: int, *, shuffle: bool = True) -> list[Entry]:
    """Up to `n` entries in an order (and with option orders) fixed by `seed`."""
    rng = random.Random(seed)
    chosen = list(entries)
    if shuffle:
        rng.shuffle(chosen)
    if n is not None:
        chosen = chosen[: max(n, 0)]
    return [shuffle_options(e, rng) for e in chosen]


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 10_000)


# --- hints -----------------------------------------------------------------------


def hint_steps(entry: Entry) -> list[str]:
    """The help `?` reveals, one step per press: a nudge, then a key idea or where to read."""
    item = entry.item
    steps: list[str] = []
    if item.hint:
        steps.append(item.hint)
    elif isinstance(item, model.ShortAnswer) and item.key_ideas and item.key_ideas[0].keywords:
        steps.append(f"A word to use: “{item.key_ideas[0].keywords[0]}”.")
    elif isinstance(item, model.MCQ):
        wrong = [o for o in item.options if o != item.answer]
        if len(wrong) >= 2:
            steps.append(f"It is not “{wrong[-1]}”.")
    if isinstance(item, model.ShortAnswer) and item.key_ideas:
        steps.append(f"One key idea: {item.key_ideas[0].idea}.")
    steps.append(f"Read: {entry.read_more}")
    return steps


# --- grading ---------------------------------------------------------------------


@dataclass(frozen=True)
class ShortGrade:
    mentioned: tuple[model.KeyIdea, ...]
    missed: tuple[model.KeyIdea, ...]

    @property
    def total(self) -> int:
        return len(self.mentioned) + len(self.missed)


@dataclass(frozen=True)
class Outcome:
    """What one answer came to: right or wrong, and the rating it gives the card."""

    correct: bool
    rating: Rating
    response: str
    hints: int = 0
    short: ShortGrade | None = None
    overridden: bool = False


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
    elif text.isdigit() and 1 <= int(text) <= len(entry.options):
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
    if _stem(said) == _stem(keyword):
        return True
    return len(keyword) >= 4 and said.startswith((keyword, _stem(keyword)))


def mentions(text: str, keyword: str) -> bool:
    """Does `text` use `keyword` (a word or phrase)? Case, punctuation and regular word
    endings are ignored (casestudy.text.words): "caching" mentions "cache", "CDNs" mentions "CDN"."""
    said, wanted = _words(text), _words(keyword)
    if not wanted:
        return False
    for start in range(len(said) - len(wanted) + 1):
        if all(_word_matches(said[start + j], w) for j, w in enumerate(wanted)):
            return True
    return False


def grade_short(entry: Entry, response: str, hints: int = 0) -> Outcome:
    """Right when at least half the key ideas are mentioned (all of them: Good; some: Hard)."""
    item = entry.item
    assert isinstance(item, model.ShortAnswer)
    if not response.strip():
        raise BadAnswer("Type your answer in a sentence or two.")
    mentioned = tuple(k for k in item.key_ideas if any(mentions(response, w) for w in k.keywords))
    missed = tuple(k for k in item.key_ideas if k not in mentioned)
    grade = ShortGrade(mentioned, missed)
    total = max(grade.total, 1)
    correct = len(mentioned) * 2 >= total
    rating = Rating.GOOD if not missed else (Rating.HARD if correct else Rating.AGAIN)
    return _outcome(correct, response.strip(), hints, rating, short=grade)


def override(outcome: Outcome, correct: bool) -> Outcome:
    """The student overrules the keyword grading of a short answer."""
    if correct == outcome.correct:
        return outcome
    return replace(_outcome(correct, outcome.response, outcome.hints, short=outcome.short), overridden=True)


def grade(entry: Entry, response: str, hints: int = 0) -> Outcome:
    """Grade any kind; raises BadAnswer when the input is not an answer to it."""
    graders = {"mcq": grade_mcq, "tf": grade_tf, "flashcard": grade_flashcard, "short": grade_short}
    return graders[entry.kind](entry, response, hints)


# --- a session ---------------------------------------------------------------------


@dataclass
class Session:
    """One run of questions: what is asked, and the outcomes so far."""

    entries: list[Entry]
    seed: int = 0
    mode: str = "quiz"  # quiz, exam or review
    results: list[tuple[Entry, Outcome]] = field(default_factory=list)

    def record(self, entry: Entry, outcome: Outcome) -> None:
        self.results.append((entry, outcome))

    @property
    def feedback(self) -> bool:
        return self.mode != "exam"

    def summary(self) -> Summary:
        return summarise(self.entries, self.results)


def build(
    questions: Sequence[model.Question],
    *,
    n: int | None = None,
    kinds: Sequence[str] = model.KINDS,
    seed: int | None = None,
    exam: bool = False,
    default_n: int = 10,
    exam_n: int = 20,
) -> Session:
    """A quiz (or exam) session over the written items of `questions`."""
    if exam:
        flash = [k for k in kinds if k not in EXAM_KINDS]
        if flash and tuple(kinds) != model.KINDS:
            raise QuizError(
                "an exam cannot include flashcards: you grade those yourself",
                hint="Use --kind mcq,tf,short with --exam, or quiz flashcards without --exam.",
            )
        kinds = [k for k in kinds if k in EXAM_KINDS]
    if n is not None and n < 1:
        raise QuizError("--n must be at least 1")
    written = [q for q in questions if q.written]
    if not written:
        names = ", ".join(q.id for q in questions)
        raise QuizError(
            f"no written answers to quiz on ({names} not written yet)",
            hint="`casestudy list` shows which answers are available.",
        )
    entries = collect(written, kinds)
    if not entries:
        raise QuizError(
            f"no {', '.join(kinds)} items in {', '.join(q.id for q in written)}",
            hint="Try other --kind values, or other questions.",
        )
    seed = seed if seed is not None else new_seed()
    count = n if n is not None else (exam_n if exam else default_n)
    return Session(select(entries, count, seed), seed=seed, mode="exam" if exam else "quiz")
