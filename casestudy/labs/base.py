"""What every lab shares: the closing three lines, the prediction it asks for, option
errors (exit 2, one line) and small statistics."""

from __future__ import annotations

import math
from decimal import Decimal

import msgspec

from casestudy.errors import CaseStudyError, ExitCode


class LabOptionError(CaseStudyError):
    """An option a lab cannot run with (out of range, or another lab's): a usage error."""

    exit_code = ExitCode.USAGE


class Ending(msgspec.Struct):
    """The three lines every lab ends with."""

    saw: str  # what you just saw, with the run's numbers
    why: str  # why it happened
    read: str  # the command that shows the section to read


class Guess(msgspec.Struct):
    """The prediction asked before a run: a choice (`choices`) or a number (no choices)."""

    prompt: str
    choices: list[str] = []
    unit: str = ""  # for a number: "keys", "%", ...
    tolerance: float = 0.25  # for a number: right when within this share of the result
    most: float | None = None  # for a number: the largest that can be right (100 for a %, every key); the least is 0


class Answer(msgspec.Struct):
    """What the run says the prediction should have been: a choice's index or a number,
    and the result to show beside the guess."""

    value: float
    shown: str


class Reading(msgspec.Struct):
    """Where a lab's idea is explained: a question and one of its sections."""

    question: str
    section: int
    section_id: str

    @property
    def command(self) -> str:
        return f"casestudy show {self.question} --section {self.section}"


def number(value: float) -> str:
    """A number as a user would type it: 1000001, 4294967295, 2.5, 0.0001 (never 1e+06);
    one too long to write out (1e300, 1e-320) in short, as it was typed."""
    if isinstance(value, int) or not math.isfinite(value):
        return str(value)
    plain = str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    return plain if len(plain) <= 20 else repr(value).replace("e+", "e")


def check(name: str, value: float, low: float, high: float, what: str = "") -> None:
    """Raise LabOptionError unless low <= value <= high."""
    if not low <= value <= high:
        raise LabOptionError(
            f"{name} {number(value)} is out of range",
            hint=f"Give {what or 'a value'} from {number(low)} to {number(high)}.",
        )


def plural(count: float, one: str, many: str = "") -> str:
    """'1 replica', '3 replicas', '1,000 events/s': the count and the word it takes (`many`
    defaults to `one` + 's')."""
    shown = f"{count:,g}" if isinstance(count, float) else f"{count:,}"
    return f"{shown} {one if shown == '1' else many or one + 's'}"


def percentile(values: list[float], share: float) -> float:
    """The `share` (0..1) percentile of `values` (nearest rank); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def pct(part: float, whole: float) -> float:
    """part/whole as a percentage rounded to 0.1 (0 when whole is 0)."""
    return round(100.0 * part / whole, 1) if whole else 0.0
