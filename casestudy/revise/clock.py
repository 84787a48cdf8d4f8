"""The current time, which tests (and curious users) can set with CASESTUDY_NOW.

Read at call time, never at import. Returns an aware datetime in UTC; `today()` is the
local calendar day, which is what "due today" and the day streak count in."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from casestudy.errors import CaseStudyError

NOW_ENV = "CASESTUDY_NOW"


def now() -> datetime:
    """$CASESTUDY_NOW (an ISO date-time; without an offset it is local time), else the clock."""
    chosen = os.environ.get(NOW_ENV, "").strip()
    if not chosen:
        return datetime.now(timezone.utc)
    try:
        value = datetime.fromisoformat(chosen)
    except ValueError:
        raise CaseStudyError(
            f"{NOW_ENV}='{chosen}' is not an ISO date-time",
            hint="Write it like 2026-05-01T09:00:00+00:00, or unset it.",
        ) from None
    return value.astimezone(timezone.utc)


def local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def today() -> date:
    return local_day(now())


def start_of_day(day: date) -> datetime:
    """Local midnight at the start of `day`, in UTC."""
    return datetime(day.year, day.month, day.day).astimezone().astimezone(timezone.utc)


def parse_exam_date(text: str) -> date | None:
    """An --exam-date value: a day from today on, or None for 'off'. Raises QuizError."""
    from casestudy.errors import QuizError

    if text.strip().lower() in ("off", "none", ""):
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise QuizError(f"cannot read the exam date '{text}'", hint="Write it as YYYY-MM-DD, or 'off'.") from None
    if day < today():
        raise QuizError(f"the exam date {day} has passed", hint="Give a date from today on, or 'off'.")
    return day
