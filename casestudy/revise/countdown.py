"""An exam's live countdown: the time left redrawn while a prompt waits, and time-up ending the prompt at once.

A `Countdown` ticks once a second with SIGALRM (so it runs in the main thread, between
the reads of a waiting prompt, never in the middle of one) and hands the time left to a
`draw` function: on a terminal a status line kept on the screen's last row, piped a line
each minute. When the time is up while a prompt waits, the tick raises `TimeUp` in it;
at any other moment it only notes it, for the loop to see before the next prompt.
"""

from __future__ import annotations

import math
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from casestudy.revise.duration import format_duration

WARNING_AT = 60.0  # seconds left when the one-minute warning is given


class TimeUp(Exception):
    """The exam's time ran out while a prompt was waiting."""


class NoCountdown:
    """No time limit, or no way to tick (not the main thread): prompts simply wait."""

    _expired = False

    @property
    def expired(self) -> bool:
        """The time ran out (seen by a tick, or when a prompt was about to wait)."""
        return self._expired

    def __enter__(self) -> NoCountdown:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    @contextmanager
    def waiting(self) -> Iterator[None]:
        yield


class Countdown(NoCountdown):
    def __init__(self, deadline: float, clock: Callable[[], float], draw: Callable[[float], None]) -> None:
        self.deadline = deadline
        self.clock = clock
        self.draw = draw
        self._expired = False
        self._armed = False
        self._previous: Any = None

    def __enter__(self) -> Countdown:
        self._previous = signal.signal(signal.SIGALRM, self._tick)
        signal.setitimer(signal.ITIMER_REAL, 1.0, 1.0)
        return self

    def __exit__(self, *exc: object) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        signal.signal(signal.SIGALRM, self._previous or signal.SIG_DFL)

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """Around a prompt: the time left is drawn now and each second; time-up ends it."""
        if self._left() <= 0:
            self._expired = True
            raise TimeUp
        self.draw(self._left())
        self._armed = True
        try:
            yield
        finally:
            self._armed = False

    def _left(self) -> float:
        return self.deadline - self.clock()

    def _tick(self, signum: int, frame: object) -> None:
        left = self._left()
        if left <= 0:
            self._expired = True
        if self._armed:
            self.draw(left)
            if self.expired:
                self._armed = False
                raise TimeUp


def countdown(deadline: float | None, clock: Callable[[], float], draw: Callable[[float], None] | None) -> NoCountdown:
    """A Countdown when there is a deadline, something to draw with, and signals to tick with."""
    usable = deadline is not None and draw is not None and hasattr(signal, "setitimer")
    if not usable or threading.current_thread() is not threading.main_thread():
        return NoCountdown()
    assert deadline is not None and draw is not None
    return Countdown(deadline, clock, draw)


# --- how the time left is shown ------------------------------------------------------------


def status_text(left: float) -> str:
    text = f"Exam: {format_duration(left)} left"
    if 0 < left <= WARNING_AT:
        text += " — one minute left!"
    elif left <= 0:
        text = "Exam: time is up."
    return text


class StatusLine:
    """The time left on the terminal's last row, kept out of the scrolling region (as apt
    draws its progress bar), so the question and the line being typed are never touched."""

    def __init__(self, stream: IO[str], lines: int, *, styled: bool = True) -> None:
        self.stream = stream
        self.lines = lines
        self.styled = styled
        self._shown = ""

    def _write(self, text: str) -> None:
        try:
            os.write(self.stream.fileno(), text.encode("utf-8", "replace"))
        except (OSError, ValueError):
            pass

    def __enter__(self) -> StatusLine:
        self.stream.flush()
        # make room, keep the cursor, shrink the scrolling region by the last row, come back
        self._write(f"\n\0337\033[1;{self.lines - 1}r\0338\033[1A")
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.flush()
        self._write(f"\0337\033[1;{self.lines}r\033[{self.lines};1H\033[2K\0338")

    def draw(self, left: float) -> None:
        text = status_text(left)
        if text == self._shown:
            return
        self._shown = text
        style, reset = ("\033[1;33m" if left <= WARNING_AT else "\033[1m", "\033[0m") if self.styled else ("", "")
        self._write(f"\0337\033[{self.lines};1H\033[2K{style}{text}{reset}\0338")


class MinuteLines:
    """Piped: a line each whole minute, and a warning when one minute is left."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self._minute: int | None = None
        self._warned = False

    def draw(self, left: float) -> None:
        if left <= 0:
            return
        if left <= WARNING_AT:
            if not self._warned:
                self._warned = True
                self.say(f"One minute left ({format_duration(left)}).")
            return
        minute = math.ceil(left / 60)
        if self._minute is None:
            self._minute = minute
        elif minute < self._minute:
            self._minute = minute
            self.say(f"Time left: {format_duration(left)}.")
