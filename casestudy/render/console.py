"""The Rich console factory: markup off (data is never markup), colour as the run's
Environment says, no padding or escape codes in output that is not a terminal."""

from __future__ import annotations

from typing import IO

from rich.console import Console

from casestudy.env import Environment
from casestudy.render.plain import fixed_width


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """The reader left (`casestudy show all | head`): stop writing, let the caller exit."""
        self.quiet = True
        raise BrokenPipeError


class _TrimmedLines:
    """A text stream that drops the spaces Rich pads each line with, for output that is
    not a terminal: piped or saved text copies cleanly, with no trailing blanks."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        for line in lines:
            self._stream.write(line.rstrip() + "\n")
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(self._pending)
            self._pending = ""
        self._stream.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", "utf-8")


def make_console(env: Environment, *, stderr: bool = False, file: IO[str] | None = None, color: str | None = None, max_width: int = 0) -> Console:
    """A console for the run's stdout (or stderr, or `file`) that follows --color, NO_COLOR
    and FORCE_COLOR (`color` overrides them all).

    `never` (and NO_COLOR) mean plain text with no escape codes at all, not merely no
    colour; `always` (and FORCE_COLOR) mean styled output even into a pipe. Markup is
    off: a string is printed as it is, whatever brackets it holds. `max_width`: no wider
    than this (a page on a wide terminal)."""
    stream: IO[str] = file or (env.stderr if stderr else env.stdout)
    color = color or env.colour
    tty = hasattr(stream, "isatty") and stream.isatty()
    width = fixed_width(env, tty, color)
    if width is None and color == "never":  # force_terminal=False below: Rich would not ask the terminal
        import shutil  # only on a terminal

        width = shutil.get_terminal_size((80, 24)).columns
    if not tty:
        stream = _TrimmedLines(stream)  # type: ignore[assignment]  # a text stream in all Rich uses
    if color == "never":
        console = _Console(file=stream, force_terminal=False, no_color=True, width=width, markup=False, highlight=False, emoji=False)
    elif color == "always":  # no_color=False: Rich would honour NO_COLOR by itself, and --color overrides it
        # Rich gives a TERM=dumb terminal no colour even when forced; `always` is always, as git's is.
        dumb = env.environ.get("TERM", "").lower() in ("dumb", "unknown")
        console = _Console(file=stream, force_terminal=True, no_color=False, width=width, markup=False, highlight=False, emoji=False,
                           color_system="standard" if dumb else "auto")
    else:
        console = _Console(file=stream, width=width, markup=False, highlight=False, emoji=False)
    if max_width and console.width > max_width:
        console.width = max_width
    return console


def hanging(line: str, width: int) -> str:
    """`line` wrapped between words to `width` columns, each further line indented four
    spaces past the first's own indent, so `error: FILE:LINE:` and a passage's `FILE:LINE:`
    stay at the left edge, readable. A word longer than the width is folded."""
    import textwrap  # only on a terminal

    lead = len(line) - len(line.lstrip(" "))
    if width <= lead + 8 or len(line) <= width:
        return line
    return textwrap.fill(
        line.strip(" "), width=width, initial_indent=" " * lead, subsequent_indent=" " * (lead + 4),
        break_on_hyphens=False, drop_whitespace=True,
    )
