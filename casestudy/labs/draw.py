"""Small drawings the lab views share (sparklines, bars, a time axis) and the parts every
lab page has: the title, the closing three lines, the list of labs, a prediction's verdict."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from casestudy.labs.base import Ending, Guess
from casestudy.labs.predict import Verdict, letters

TICKS = "▁▂▃▄▅▆▇█"
ACCENT, MUTED = "bold cyan", "dim"


def spark(values: Sequence[float], top: float | None = None, bottom: float = 0.0) -> str:
    """One character a value, ▁ (bottom) to █ (top); a blank for a value at or below bottom
    when bottom is 0 and the value is 0."""
    top = max(values, default=0.0) if top is None else top
    span = (top - bottom) or 1.0
    out = []
    for v in values:
        if v <= 0 and bottom == 0:
            out.append(" ")
            continue
        share = min(1.0, max(0.0, (v - bottom) / span))
        out.append(TICKS[min(len(TICKS) - 1, int(share * (len(TICKS) - 1) + 0.5))])
    return "".join(out)


def bar(value: float, top: float, width: int = 24) -> str:
    filled = round(width * value / top) if top else 0
    return "█" * filled + "░" * (width - filled)


def marks(count: int, start: int, stop: int, mark: str = "▔") -> str:
    """A line under a timeline marking the columns from start to stop."""
    return "".join(mark if start <= i < stop else " " for i in range(count))


def rows(lines: Sequence[tuple[str | Text, str, str]], label_width: int) -> Table:
    """Timeline rows: label (bold, unless given as Text), the drawing, a note after it."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, width=label_width)
    grid.add_column(no_wrap=True)
    grid.add_column(style=MUTED)
    for label, drawing, note in lines:
        shown = label if isinstance(label, Text) else Text(label, style="bold" if label else "")
        grid.add_row(shown, Text(drawing, style="cyan"), note)
    return grid


def title(text: str, setting: str) -> RenderableType:
    return Group(Text(text, style=ACCENT), Text(setting, style=MUTED))


def heading(text: str) -> RenderableType:
    return Padding(Text(text, style="bold"), (1, 0, 0, 0))


def table(*columns: str) -> Table:
    out = Table(box=box.SIMPLE_HEAD, pad_edge=False, header_style="bold", show_edge=False)
    for i, name in enumerate(columns):
        out.add_column(name, justify="left" if i == 0 else "right", overflow="fold", no_wrap=i == 0)
    return out


def ending(end: Ending) -> RenderableType:
    return Padding(Group(
        Text.assemble(("What you saw: ", "bold"), end.saw[0].upper() + end.saw[1:]),
        Text.assemble(("Why: ", "bold"), end.why),
        Text.assemble(("Read: ", "bold"), (end.read, ACCENT)),
    ), (1, 0, 0, 0))


def prediction(guess: Guess) -> RenderableType:
    parts: list[RenderableType] = [Text.assemble(("Predict first: ", "bold"), guess.prompt)]
    for letter, choice in zip(letters(guess), guess.choices):
        parts.append(Text(f"  {letter}) {choice}"))
    return Group(*parts)


def verdict(v: Verdict) -> RenderableType:
    mark = ("✓ right", "bold green") if v.right else ("✗ not this time", "bold red")
    return Padding(Group(
        Text.assemble(("Your prediction: ", "bold"), v.guess, "   ", mark),
        Text.assemble(("The run: ", "bold"), v.actual),
    ), (1, 0, 0, 0))


def lab_list(labs: list[tuple[str, str, str]], made: int, right: int) -> RenderableType:
    """Each lab: name, its questions, what it shows; then how your predictions went."""
    out = Table(box=box.SIMPLE_HEAD, pad_edge=False, header_style="bold", show_edge=False)
    out.add_column("Lab", style=ACCENT, no_wrap=True)
    out.add_column("For", no_wrap=True)
    out.add_column("What it shows", overflow="fold", ratio=1)
    for name, questions, shows in labs:
        out.add_row(name, questions, shows)
    parts: list[RenderableType] = [out, Text.assemble(("Run one: ", MUTED), ("casestudy lab quorum", "bold"),
                                                       ("   Predict first: ", MUTED), ("casestudy lab ring --predict", "bold"))]
    if made:
        parts.append(Text(f"Your predictions: {right} of {made} right.", style=MUTED))
    return Group(*parts)
