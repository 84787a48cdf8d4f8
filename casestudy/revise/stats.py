"""The numbers of `casestudy stats`, as data: per question, cards due, the day streak, and their JSON.

`report()` reads them from the store; `StatsJSON` is the shape `stats --json` prints,
serialised by msgspec (`to_builtins`) and indented by the standard `json` module, which
escapes non-ASCII text as it always has.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import msgspec

from casestudy.revise import srs as scheduler
from casestudy.revise.clock import local_day
from casestudy.revise.predictions import PredictionTally, prediction_tally

if TYPE_CHECKING:
    from casestudy.revise.store import Store


class QuestionStats(msgspec.Struct, frozen=True):
    qid: str
    topic: str
    items: int
    seen: int
    attempts: int
    right: int
    mastered: int  # items whose latest answer was right

    @property
    def accuracy(self) -> float | None:
        return self.right / self.attempts if self.attempts else None

    @property
    def mastery(self) -> float:
        return self.mastered / self.items if self.items else 0.0


class Report(msgspec.Struct, frozen=True):
    questions: list[QuestionStats]
    due: scheduler.DueCounts
    streak: int
    answered_today: int
    exam_date: date | None
    path: str
    now: datetime  # the moment the numbers are for
    notices: list[str] = []
    mistakes: int = 0  # items whose latest answer was wrong (`casestudy mistakes`)
    predictions: PredictionTally = PredictionTally(0, 0)  # lab predictions (`casestudy lab NAME --predict`)

    @property
    def items(self) -> int:
        return sum(q.items for q in self.questions)

    @property
    def seen(self) -> int:
        return sum(q.seen for q in self.questions)

    @property
    def attempts(self) -> int:
        return sum(q.attempts for q in self.questions)

    @property
    def right(self) -> int:
        return sum(q.right for q in self.questions)


# --- `stats --json` -------------------------------------------------------------------


class QuestionJSON(msgspec.Struct):
    qid: str
    topic: str
    items: int
    seen: int
    attempts: int
    right: int
    mastered: int
    accuracy: float | None  # rounded to 3 places
    mastery: float


class StatsJSON(msgspec.Struct):
    """The keys of `stats --json`, in the order they are printed."""

    database: str
    items: int
    seen: int
    answers: int
    right: int
    accuracy: float | None
    mistakes: int
    lab_predictions: PredictionTally
    due_now: int
    due_later_today: int
    due_this_week: int
    streak_days: int
    answered_today: int
    next_due: str | None  # ISO 8601 with +00:00 (msgspec would write Z)
    exam_date: date | None
    questions: list[QuestionJSON]


def as_json(rep: Report) -> StatsJSON:
    return StatsJSON(
        database=rep.path,
        items=rep.items,
        seen=rep.seen,
        answers=rep.attempts,
        right=rep.right,
        accuracy=round(rep.right / rep.attempts, 3) if rep.attempts else None,
        mistakes=rep.mistakes,
        lab_predictions=rep.predictions,
        due_now=rep.due.now,
        due_later_today=rep.due.later_today,
        due_this_week=rep.due.this_week,
        streak_days=rep.streak,
        answered_today=rep.answered_today,
        next_due=rep.due.next_due.isoformat() if rep.due.next_due else None,
        exam_date=rep.exam_date,
        questions=[
            QuestionJSON(
                qid=q.qid,
                topic=q.topic,
                items=q.items,
                seen=q.seen,
                attempts=q.attempts,
                right=q.right,
                mastered=q.mastered,
                accuracy=round(q.accuracy, 3) if q.accuracy is not None else None,
                mastery=round(q.mastery, 3),
            )
            for q in rep.questions
        ],
    )


def json_text(rep: Report) -> str:
    """What `stats --json` prints (without the final newline)."""
    return json.dumps(msgspec.to_builtins(as_json(rep)), indent=2)


# --- reading the numbers ----------------------------------------------------------------


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive days with at least one answer, ending today (or yesterday, if today
    has no answer yet: the streak is not broken until the day is over)."""
    answered = set(days)
    day = today if today in answered else today - timedelta(days=1)
    count = 0
    while day in answered:
        count += 1
        day -= timedelta(days=1)
    return count


def report(store: Store, items: Sequence[tuple[str, str, str]], now: datetime) -> Report:
    """Progress per question for `items` = (item id, question id, topic) that exist now."""
    known = {item_id for item_id, _, _ in items}
    attempts = store.attempts(known)
    cards = store.cards(known)
    per_item: dict[str, list[bool]] = {}
    for item_id, correct, _ in attempts:
        per_item.setdefault(item_id, []).append(correct)
    questions: dict[str, dict] = {}
    for item_id, qid, topic in items:
        q = questions.setdefault(qid, {"topic": topic, "items": 0, "seen": 0, "attempts": 0, "right": 0, "mastered": 0})
        answers = per_item.get(item_id, [])
        q["items"] += 1
        q["seen"] += bool(answers)
        q["attempts"] += len(answers)
        q["right"] += sum(answers)
        q["mastered"] += bool(answers and answers[-1])
    today = local_day(now)
    return Report(
        questions=[QuestionStats(qid=qid, **values) for qid, values in questions.items()],
        due=scheduler.due_counts(cards, now),
        streak=streak((local_day(at) for _, _, at in attempts), today),
        answered_today=sum(local_day(at) == today for _, _, at in attempts),
        exam_date=store.exam_date(),
        path=str(store.path),
        now=now,
        notices=list(store.notices),
        mistakes=len(store.mistakes(known)),
        predictions=prediction_tally(store),
    )
