"""Spaced repetition: fsrs behind a small interface, and the plan of a review session.

Every quiz item is a card, keyed by the item's stable id; this module sees ids and plain
values only, never the quiz's entries. An answer becomes an fsrs rating (wrong → Again,
right → Good, hinted right → Hard, flashcards as the student rates them); `store` keeps
the card that comes back.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

from casestudy.revise.clock import local_day, start_of_day

# No fuzz: the same answers at the same times give the same due dates, which students
# can reason about and tests can check.
_SCHEDULER = Scheduler(enable_fuzzing=False)
AGAIN = int(Rating.Again)


@dataclass(frozen=True)
class Reviewed:
    card: str  # fsrs Card as JSON
    due: datetime
    state: int


@dataclass(frozen=True)
class CardInfo:
    """What the store knows about one card, as plain data."""

    item_id: str
    due: datetime
    state: int
    last_rating: int
    reps: int
    first_seen: datetime


def review(card_json: str | None, rating: int, when: datetime, exam_date: date | None = None) -> Reviewed:
    """The card after being answered with `rating` at `when`.

    With an exam date, the next review never falls after the start of the exam day."""
    card = Card.from_json(card_json) if card_json else Card(card_id=1, due=when)
    card, _log = _SCHEDULER.review_card(card, Rating(rating), review_datetime=when)
    if exam_date is not None:
        limit = start_of_day(exam_date)
        if when < limit < card.due:
            card.due = limit
    return Reviewed(card=card.to_json(), due=card.due, state=int(card.state))


def state_name(state: int) -> str:
    return State(state).name.lower()


def new_quota(base: int, unseen: int, introduced_today: int, today: date, exam_date: date | None = None) -> int:
    """How many new cards to introduce now.

    `base` a day; with an exam coming, enough more that every card not yet seen is seen
    at least once before the exam day (the cards not seen before today, spread over the
    days left including today)."""
    quota = base
    if exam_date is not None and exam_date >= today:
        days_left = max((exam_date - today).days, 1)
        quota = max(base, math.ceil((unseen + introduced_today) / days_left))
    return max(0, quota - introduced_today)


def review_queue(
    item_ids: Sequence[str], cards: Mapping[str, CardInfo], now: datetime, new_limit: int
) -> tuple[list[str], list[str]]:
    """(due, new) item ids: the cards due now, those last answered wrongly first, then the
    most overdue; then up to `new_limit` cards never answered, in the order given."""
    due = [i for i in item_ids if i in cards and is_due(cards[i], now)]
    due.sort(key=lambda i: (cards[i].last_rating != AGAIN, cards[i].due, i))
    new = [i for i in item_ids if i not in cards][: max(new_limit, 0)]
    return due, new


@dataclass(frozen=True)
class ReviewPlan:
    """What a review session serves now, as item ids: due cards first, then new ones."""

    due: list[str]
    new: list[str]
    exam_date: date | None

    @property
    def queue(self) -> list[str]:
        return [*self.due, *self.new]


def plan_review(
    item_ids: Sequence[str],
    cards: Mapping[str, CardInfo],
    now: datetime,
    today: date,
    new_per_day: int,
    exam_date: date | None = None,
) -> ReviewPlan:
    """The cards to review now, with today's new-card quota (raised to fit an exam)."""
    introduced = sum(local_day(c.first_seen) == today for c in cards.values())
    unseen = sum(i not in cards for i in item_ids)
    quota = new_quota(new_per_day, unseen, introduced, today, exam_date)
    due, new = review_queue(item_ids, cards, now, quota)
    return ReviewPlan(due=due, new=new, exam_date=exam_date)


# --- what "due" means: one definition for review and stats ---------------------------


def is_due(card: CardInfo, now: datetime) -> bool:
    """Due now: its time has come. Review serves exactly these; stats counts them."""
    return card.due <= now


def next_due(cards: Mapping[str, CardInfo]) -> datetime | None:
    """The earliest due time of any card (in the past when a card is due now), or None."""
    return min((c.due for c in cards.values()), default=None)


@dataclass(frozen=True)
class DueCounts:
    """Cards due now; more later today (local day); due by the end of the 7th day
    (`week_end`, today included), counting those due now; and the earliest due time."""

    now: int
    later_today: int
    this_week: int
    week_end: date
    next_due: datetime | None


def due_counts(cards: Mapping[str, CardInfo], now: datetime) -> DueCounts:
    today = local_day(now)
    end_today = start_of_day(today + timedelta(days=1))
    week_end = today + timedelta(days=6)
    end_week = start_of_day(week_end + timedelta(days=1))
    due_now = [c for c in cards.values() if is_due(c, now)]
    return DueCounts(
        now=len(due_now),
        later_today=sum(not is_due(c, now) and c.due < end_today for c in cards.values()),
        this_week=sum(c.due < end_week for c in cards.values()),
        week_end=week_end,
        next_due=next_due(cards),
    )
