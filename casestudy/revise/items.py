"""What a quiz asks: items as entries (with their shuffled options), choosing them, hints.

Pure: no prompts, no database, no clock. `engine` grades the entries and runs a session."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from casestudy.content import model

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
        """`casestudy show q1 --section 2 — Use`: the command that opens the section to read,
        and its heading."""
        if not self.section_no:
            return self.read_command
        return f"{self.read_command} --section {self.section_no} — {self.section}"

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


def option_order(entry: Entry) -> list[int]:
    """The shown order of a multiple-choice entry's options, as indexes into the item's own."""
    if not entry.options or not isinstance(entry.item, model.MCQ):
        return []
    return [entry.item.options.index(o) for o in entry.options]


def as_shown(entry: Entry, order: Sequence[int] | None) -> Entry:
    """The entry as a student saw it: a multiple-choice item's options in the stored order,
    or no options at all (so no letters) when that order was not kept or no longer fits."""
    if not isinstance(entry.item, model.MCQ):
        return entry
    if order is None or sorted(order) != list(range(len(entry.item.options))):
        return replace(entry, options=())
    return with_order(entry, order)


def with_order(entry: Entry, order: Sequence[int]) -> Entry:
    """The entry with its options in a stored order (kept as written when it no longer fits)."""
    if not isinstance(entry.item, model.MCQ):
        return entry
    options = entry.item.options
    if sorted(order) != list(range(len(options))):
        return entry
    return replace(entry, options=tuple(options[i] for i in order))
