"""A section's heading and prose drawn as plain text without Rich's console, exactly as Rich
draws them into a file or pipe; None for anything else (Rich draws it)."""

# Why: after an answer is edited, `show` draws the edited section again. Into a file or a
# pipe Rich prints no escape codes at all (its colour system is None there), so the text
# is only layout: a blank line, the heading on its rule, then paragraphs and lists
# wrapped to the width. Importing Rich's console for that costs more than the rest of
# the run (~60 ms); this module imports only rich.cells and rich._wrap, the functions
# Rich's Text.wrap itself uses to measure and break lines, and repeats the few steps
# around them (render/terminal.py's _section, rich.rule.Rule, rich.text.Text.wrap and
# Lines.justify, Padding, render/prose.py's _Prose). tests/render/test_plain.py holds the
# text equal to Rich's for every section of the pack at many widths and for generated
# texts; output_width is held to render/console.py's make_console.

from __future__ import annotations

import re
import sys
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from casestudy.env import Environment

if TYPE_CHECKING:
    from casestudy.render.parts import Part

RULE = "─"  # rich.rule.Rule's character on a UTF-8 stream
_TRAILING_SPACE = re.compile(r"\s+$")  # rich.text's _re_whitespace
# Variables that make Rich style output that is not a terminal (FORCE_COLOR, TTY_COMPATIBLE)
# or treat it as a notebook: there Rich decides.
_STYLED = ("FORCE_COLOR", "TTY_COMPATIBLE", "DATABRICKS_RUNTIME_VERSION")


def output_width(env: Environment, stream: Any, max_width: int = 0) -> int | None:
    """The width of the plain text render/console.py's make_console(env, max_width=...)
    prints into `stream`, or None when that console would print escape codes, or its width
    or characters cannot be known without it (a terminal's size, a non-UTF-8 stream,
    Windows' legacy console)."""
    if sys.platform == "win32":
        return None
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower()
    if not encoding.startswith("utf"):
        return None  # Rich draws rules with "-" there
    try:
        tty = bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        tty = False
    if env.colour != "never" and (env.colour == "always" or tty or any(env.environ.get(n) is not None for n in _STYLED)):
        return None  # never: make_console sets force_terminal=False, so no colour system
    width = fixed_width(env, tty, env.colour)
    if width is None:
        return None  # the terminal's width: make_console asks the terminal
    return min(width, max_width) if max_width else width


def fixed_width(env: Environment, tty: bool, colour: str) -> int | None:
    """The width make_console gives its console without asking the terminal: $COLUMNS, or
    80 into a file or pipe. None on a terminal (Rich, or with `never` make_console, asks it
    when $COLUMNS is not set)."""
    if tty and (colour != "never" or not env.columns):
        return None
    return env.columns or 80


def draw(part: Part, width: int) -> str | None:
    """The text `part` prints at `width` into a file or pipe, as render/terminal.py's
    builder drawn by Rich prints it; None when this module does not draw that part."""
    name, args = part
    if name != "section" or width < 8:
        return None
    from casestudy.render.prose import blocks
    from casestudy.text.safe import inert_markdown

    number, heading, body = args
    found = blocks(inert_markdown(body))
    head = _heading(f"{number}. {heading}", width)
    if not found or head is None:
        return None
    return " " * width + "\n" + head + _prose(found, width)


def _heading(text: str, width: int) -> str | None:
    """terminal._Heading under its Padding's blank line: the text on a rule, or, when it
    is too long for that, wrapped above a rule."""
    from rich.cells import cell_len, set_cell_size

    if not text.isprintable():
        return None  # Rich's Rule changes line breaks, Text expands tabs: let Rich draw it
    if len(text) + 6 <= width:  # as _Heading decides, by characters
        if cell_len(text) > width - 2:
            return None  # Rule would cut it with "…"
        line = f"{text} "
        return line + RULE * (width - cell_len(line)) + "\n"
    lines = _wrap(text, width, pad=False)  # Padding's render_lines then pads each to the width
    return "".join(set_cell_size(line, width) + "\n" for line in lines) + RULE * width + "\n"


def _prose(found: list[Any], width: int) -> str:
    """prose._Prose: paragraphs and lists, a line between blocks."""
    out: list[str] = []
    for index, (kind, start, paras) in enumerate(found):
        if index or kind != "p":
            out.append("\n")
        if kind == "p":
            out.append("\n".join(_wrap(_plain(paras[0]), width, pad=True)) + "\n")
            continue
        bullets = kind in "-+*"
        number_width = 3 if bullets else len(str(start + len(paras))) + 2
        for index_in_list, item in enumerate(paras):
            first = " • " if bullets else f"{start + index_in_list}".rjust(number_width - 1) + " "
            for n, line in enumerate(_wrap(_plain(item), width - number_width, pad=True)):
                out.append((" " * number_width if n else first) + line + "\n")
    return "".join(out)


def _plain(inline: list[tuple[str, str]]) -> str:
    """A paragraph's text as prose._text appends it: soft breaks as spaces, code spans bare."""
    return "".join(" " if what == "soft" else value for what, value in inline if what in ("text", "soft", "code"))


def _wrap(text: str, width: int, *, pad: bool) -> list[str]:
    """rich.text.Text.wrap of a one-line text, overflow "fold", justified "left" (`pad`:
    each line padded to `width`) or "default" (not padded)."""
    from rich._wrap import divide_line
    from rich.cells import cell_len, set_cell_size

    offsets = divide_line(text, width, fold=True)
    bounds = [0, *offsets, len(text)]
    lines = []
    for start, end in pairwise(bounds):
        line = text[start:end]
        if len(line) > width:  # Text.rstrip_end: spaces past the width go
            space = _TRAILING_SPACE.search(line)
            if space is not None:
                line = line[: -min(len(space.group(0)), len(line) - width)]
        length = cell_len(line)
        if length > width:  # Text.truncate(width, overflow="fold", pad=...)
            line = set_cell_size(line, width)
        elif pad and length < width:
            line += " " * (width - length)
        if cell_len(line) > width:
            line = set_cell_size(line, width)
        lines.append(line)
    return lines

