"""A session's score: right, wrong, skipped and unanswered; per topic; an exam's automatic and self-assessed parts and its letter grade."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casestudy.revise.engine import Entry, Outcome


@dataclass(frozen=True)
class TopicScore:
    qid: str
    topic: str
    asked: int
    right: int
    missed_sections: tuple[str, ...]

    @property
    def read_command(self) -> str:
        return f"casestudy show {self.qid}"


AUTOMATIC = ("mcq", "tf", "flashcard")  # graded by the program (a flashcard by the rating given)


@dataclass(frozen=True)
class Part:
    """One part of an exam's score: right answers of the items planned."""

    right: int
    planned: int


@dataclass(frozen=True)
class Summary:
    planned: int
    answered: int
    right: int
    results: tuple[tuple[Entry, Outcome], ...]  # in the order asked; skipped items too
    topics: tuple[TopicScore, ...]
    weakest: tuple[TopicScore, ...]
    entries: tuple[Entry, ...] = ()

    @property
    def skipped(self) -> int:
        return sum(o.skipped for _, o in self.results)

    @property
    def unanswered(self) -> int:
        """Planned items with no answer: skipped, or never reached."""
        return self.planned - self.answered

    def outcome_of(self, entry: Entry) -> Outcome | None:
        for e, o in self.results:
            if e.id == entry.id:
                return o
        return None

    def part(self, kinds: Sequence[str]) -> Part:
        planned = sum(e.kind in kinds for e in self.entries)
        right = sum(o.correct and not o.skipped for e, o in self.results if e.kind in kinds)
        return Part(right, planned)

    @property
    def all_right(self) -> bool:
        """True only when every item planned was answered, and answered right."""
        return self.planned > 0 and self.right == self.planned

    @property
    def wrong(self) -> int:
        return self.answered - self.right

    @property
    def percent(self) -> int:
        """Right answers as a share of the items planned (an exam counts unanswered as wrong)."""
        return round(100 * self.right / self.planned) if self.planned else 0

    @property
    def grade(self) -> str:
        return letter_grade(self.percent)

    @property
    def missed(self) -> tuple[tuple[Entry, Outcome], ...]:
        return tuple((e, o) for e, o in self.results if not o.correct and not o.skipped)


def letter_grade(percent: float) -> str:
    for bound, letter in ((90, "A"), (80, "B"), (70, "C"), (60, "D")):
        if percent >= bound:
            return letter
    return "F"


def summarise(entries: Sequence[Entry], results: Sequence[tuple[Entry, Outcome]]) -> Summary:
    topics: dict[str, list[tuple[Entry, Outcome]]] = {}
    for entry, outcome in results:
        if outcome.skipped:
            continue
        topics.setdefault(entry.qid, []).append((entry, outcome))
    scores = []
    for qid, pairs in topics.items():
        missed_sections: list[str] = []
        for e, o in pairs:
            name = f"§{e.section_no} {e.section}"
            if not o.correct and name not in missed_sections:
                missed_sections.append(name)
        scores.append(
            TopicScore(
                qid=qid,
                topic=pairs[0][0].topic,
                asked=len(pairs),
                right=sum(o.correct for _, o in pairs),
                missed_sections=tuple(missed_sections),
            )
        )
    weakest = sorted((t for t in scores if t.right < t.asked), key=lambda t: (t.right / t.asked, -t.asked, t.qid))
    return Summary(
        planned=len(entries),
        answered=sum(not o.skipped for _, o in results),
        right=sum(o.correct and not o.skipped for _, o in results),
        results=tuple(results),
        topics=tuple(scores),
        weakest=tuple(weakest[:3]),
        entries=tuple(entries),
    )
