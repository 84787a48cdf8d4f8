"""Calendar days in the local time zone, and the exam date.

"Due today" and the day streak count in local days. The current time comes from the
Environment (env.py)."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone


def local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def start_of_day(day: date) -> datetime:
    """Local midnight at the start of `day`, in UTC."""
    return datetime(day.year, day.month, day.day).astimezone().astimezone(timezone.utc)


def parse_exam_date(text: str, today: date) -> date | None:
    """An --exam-date value: a day from today on, or None for 'off'. Raises QuizOptionError."""
    from casestudy.errors import QuizOptionError, shorten

    if text.strip().lower() in ("off", "none", ""):
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):  # the shape is right, the day does not exist
            raise QuizOptionError(f"there is no day {text.strip()}", hint="Give a real date as YYYY-MM-DD, or 'off'.") from None
        raise QuizOptionError(f"cannot read the exam date '{shorten(text)}'", hint="Write it as YYYY-MM-DD, or 'off'.") from None
    if day < today:
        raise QuizOptionError(f"the exam date {day} has passed", hint="Give a date from today on, or 'off'.")
    return day
