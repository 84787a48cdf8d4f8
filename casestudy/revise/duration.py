"""Exam time limits: `--time 20m` read into seconds, and the time left shown as m:ss."""

from __future__ import annotations

import math
import re

from casestudy.errors import QuizOptionError, shorten

_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\s*$", re.I)


def parse_duration(text: str) -> int:
    """`20m`, `1h30m`, `90s` or a bare number of minutes → seconds."""
    text = text.strip()
    if text.isdecimal():  # isdigit() takes "²", which int() refuses
        seconds = int(text) * 60
    else:
        match = _DURATION.match(text)
        if not text or not match or not any(match.groups()):
            raise QuizOptionError(f"cannot read the time limit '{shorten(text)}'", hint="Write it like 20m, 1h30m or 90s.")
        h, m, s = (int(g) if g else 0 for g in match.groups())
        seconds = h * 3600 + m * 60 + s
    if seconds <= 0:
        raise QuizOptionError("the time limit must be more than zero", hint="Write it like 20m, 1h30m or 90s.")
    return seconds


def format_duration(seconds: float) -> str:
    seconds = max(0, math.ceil(seconds))
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}"
