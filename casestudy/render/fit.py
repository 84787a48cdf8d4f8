"""Boxed tables that fit the width they are given without losing a word. Rich, squeezed,
breaks words in the middle, and below the columns' minimum widths it crops the table's
right-hand side silently. Here each column keeps room for its longest word (the widest
columns give way first); when the columns cannot all have that room, each row is stacked
instead: its first cell, then one `column: value` line per other cell."""

from __future__ import annotations

import copy

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text


class FittedTable:
    """`table` with its columns sized to keep words whole, or its rows stacked. Each drawing
    sizes a copy of the columns, so the table itself is never changed (a page drawn at one
    width and then another draws each afresh)."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = copy.copy(self.table)
        table.columns = [copy.copy(column) for column in self.table.columns]
        widths = column_widths(console, options, table)
        if widths is None:
            yield stacked(table)
            return
        for column, width in zip(table.columns, widths):
            column.width = width
        yield table


def column_widths(console: Console, options: ConsoleOptions, table: Table) -> list[int | None] | None:
    """Each column's width (all None: the table fits as it is), or None when the columns
    cannot each hold their longest word at `options.max_width`."""
    columns = table.columns
    n = len(columns)
    _, right, _, left = table.padding
    pads = [(0 if i == 0 and not table.pad_edge else left) + (0 if i == n - 1 and not table.pad_edge else right)
            for i in range(n)]
    extra = (2 if table.box and table.show_edge else 0) + (n - 1 if table.box else 0)
    room = options.max_width - extra - sum(pads)
    wide = options.update_width(max(options.max_width, 10_000))
    lows: list[int] = []
    highs: list[int] = []
    for column in columns:
        sizes = [Measurement.get(console, wide, cell) for cell in (column.header, *column.cells)]
        low, high = max(m.minimum for m in sizes), max(m.maximum for m in sizes)
        if column.no_wrap:
            low = high
        if column.max_width is not None:
            high = max(low, min(high, column.max_width))
        lows.append(low)
        highs.append(high)
    if sum(lows) > room:
        return None
    if _rich_keeps_words(console, options.update_width(room + sum(pads)), table, [lo + pad for lo, pad in zip(lows, pads)]):
        return [None] * n
    cap = max(highs)  # the widest columns give way first, none below its longest word
    while sum(min(hi, max(lo, cap)) for lo, hi in zip(lows, highs)) > room:
        cap -= 1
    widths = [min(hi, max(lo, cap)) for lo, hi in zip(lows, highs)]
    spare = room - sum(widths)
    for i in range(n):
        if spare and widths[i] < highs[i]:
            widths[i] += 1
            spare -= 1
    return list(widths)


def _rich_keeps_words(console: Console, options: ConsoleOptions, table: Table, lows: list[int]) -> bool:
    """Whether Rich's own layout fits and gives every column room for its longest word
    (then it is kept as it is: the same table as before where nothing was lost)."""
    layout = getattr(table, "_calculate_column_widths", None)  # Rich's; absent, ours is used
    if layout is None:
        return False
    widths = layout(console, options)
    return sum(widths) <= options.max_width and all(w >= lo for w, lo in zip(widths, lows))


def stacked(table: Table) -> RenderableType:
    """The table's rows one after another: the first cell (in its column's style) on a line
    of its own, then `header: value` for each other cell, indented; title and caption kept."""
    columns = table.columns
    headers = [column.header if table.show_header else "" for column in columns]
    parts: list[RenderableType] = []
    if table.title:
        parts.append(Text.assemble(table.title, style=table.title_style or "table.title"))
    for row in zip(*(list(column.cells) for column in columns)):
        lines: list[RenderableType] = []
        for header, column, cell in zip(headers[1:], columns[1:], row[1:]):
            label = Text.assemble(_text(header), ": ", style="bold") if header else Text()
            lines.append(Text.assemble(label, Text.assemble(_text(cell), style=column.style or "")))
        first = Text.assemble(_text(row[0]), style=columns[0].style or "")
        parts.append(Padding(Group(first, Padding(Group(*lines), (0, 0, 0, 2))), (1 if parts else 0, 0, 0, 0)))
    if table.caption:
        parts.append(Padding(Text.assemble(table.caption, style=table.caption_style or "table.caption"), (1, 0, 0, 0)))
    return Group(*parts)


def _text(cell: object) -> Text | str:
    return cell if isinstance(cell, (Text, str)) else str(cell)
