"""How the quiz reads answers: on a terminal with line editing and history (readline), or
line by line from a pipe; and, in a timed exam, how each shows the time left."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO as TextIO

from rich.console import Console
from rich.text import Text

from casestudy.revise import countdown
from casestudy.revise.ui import IO
from casestudy.text.safe import visible


def _line_editing() -> None:
    """Arrow keys, Home/End and history at every prompt: importing readline makes `input()`
    use it. Only on a terminal; where it is missing (Windows) input is plain."""
    try:
        import readline  # noqa: F401
    except ImportError:  # pragma: no cover - a Python built without readline
        pass


def terminal_io(console: Console, stdout: TextIO[str]) -> IO:
    """Prompts on a terminal, read with `input()` and readline; in a timed exam the time
    left sits on the terminal's last row, redrawn each second while a prompt waits."""
    _line_editing()

    def ask(prompt: str) -> str:
        *above, last = _wrapped(prompt, console.width)
        for line in above:
            console.print(line, markup=False, highlight=False, soft_wrap=True)
        console.file.flush()
        try:
            return input(last)
        except EOFError:  # Ctrl-D: the cursor is still after the prompt; what follows goes below it
            console.line()
            raise

    def timer(deadline: float, clock: Callable[[], float]) -> countdown.NoCountdown:
        try:
            lines = os.get_terminal_size(stdout.fileno()).lines
        except (OSError, ValueError, AttributeError):
            lines = 0
        if lines < 3:
            return countdown.countdown(deadline, clock, None)
        status = countdown.StatusLine(stdout, lines, styled=console.color_system is not None)
        return _Framed(countdown.countdown(deadline, clock, status.draw), status)

    return IO(ask=ask, show=console.print, interactive=True, timer=timer)


def _wrapped(prompt: str, width: int) -> list[str]:
    """A prompt too long for the terminal's line, broken between words (the terminal would
    break it inside one: 'w to cou' / 'nt it wrong'); the last line keeps its trailing space
    and is the one typed after."""
    if len(prompt) < width:
        return [prompt]
    lines = textwrap.wrap(prompt, max(width - 1, 20), break_long_words=False, break_on_hyphens=False)
    lines[-1] += prompt[len(prompt.rstrip()) :]
    return lines


def piped_io(console: Console, stream: TextIO[str]) -> IO:
    """Answers read line by line from a pipe; each is echoed after its prompt so the
    transcript reads like a session. A timed exam prints the time left each minute."""

    def ask(prompt: str) -> str:
        line = stream.readline()
        if not line:
            raise EOFError
        answer = line.rstrip("\r\n")
        console.print(Text(prompt + visible(answer)))
        return answer

    def timer(deadline: float, clock: Callable[[], float]) -> countdown.NoCountdown:
        lines = countdown.MinuteLines(lambda text: console.print(Text(text, style="yellow")))
        return countdown.countdown(deadline, clock, lines.draw)

    return IO(ask=ask, show=console.print, interactive=False, timer=timer)


class _Framed(countdown.NoCountdown):
    """A countdown inside a status line: the line is set up before and cleared after."""

    def __init__(self, inner: countdown.NoCountdown, status: countdown.StatusLine) -> None:
        self.inner = inner
        self.status = status

    @property
    def expired(self) -> bool:
        return self.inner.expired

    def __enter__(self) -> _Framed:
        self.status.__enter__()
        self.inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.inner.__exit__(*exc)
        self.status.__exit__(*exc)

    @contextmanager
    def waiting(self) -> Iterator[None]:
        with self.inner.waiting():
            yield
