"""Model → Rich renderables for the terminal. Nothing here prints: callers do.

Content is text, never markup: consoles are made with markup off, titles are `Text`,
and the model enters through `safe_text.visible_model`, so control characters in a pack
are shown escaped instead of reaching the terminal."""

from __future__ import annotations

from collections.abc import Callable, Collection

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from casestudy.content import model
from casestudy.render.parts import Part, citations, header_args, ref_numbers, section_parts
from casestudy.text.safe import inert_markdown, visible_model

ACCENT = "bold cyan"
MUTED = "dim"


class _Heading:
    """A section heading on a rule; a heading too long for the rule wraps above it instead
    of being cut with "…"."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if len(self.text) + 6 <= options.max_width:
            yield Rule(Text(self.text, style=ACCENT), align="left", style="cyan")
        else:
            yield Text(self.text, style=ACCENT)
            yield Rule(style="cyan")


def _heading(text: str) -> RenderableType:
    return Padding(_Heading(text), (1, 0, 0, 0))


def header(q: model.Question) -> RenderableType:
    return _header(q.id, q.title, q.text)


def _fits_on_the_border(title: str, width: int) -> bool:
    """Whether a panel's title fits on its top border at `width` (Rich cuts it with "…"
    there): a corner and a line each side, and a space around the title."""
    return cell_len(title) + 6 <= width


class _Header:
    """A question's panel: its id and title on the top border, the question inside; a title
    too long for the border wraps inside the panel above the question instead of being cut
    with "…" (as a section heading wraps above its rule)."""

    def __init__(self, qid: str, title: str, text: str) -> None:
        self.title, self.text = f"{qid.upper()} · {title}", text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        question = Text(self.text, style="italic")
        if _fits_on_the_border(self.title, options.max_width):
            yield Panel(question, title=Text(self.title, style="bold"), title_align="left", border_style="cyan",
                        box=box.ROUNDED, padding=(0, 1))
        else:
            yield Panel(Group(Text(self.title, style="bold"), question), border_style="cyan", box=box.ROUNDED, padding=(0, 1))


def _header(qid: str, title: str, text: str) -> RenderableType:
    return _Header(qid, title, text)


def _tldr(tldr: str, numbers: dict[str, int]) -> RenderableType:
    return Padding(
        Panel(Text(citations(tldr.strip(), numbers)), title=Text("TL;DR"), title_align="left", border_style="green", box=box.ROUNDED),
        (1, 0, 0, 0),
    )


def _points(key_points: list[str], numbers: dict[str, int]) -> RenderableType:
    points = Table.grid(padding=(0, 1))
    points.add_column(style="cyan", no_wrap=True)
    points.add_column()
    for i, point in enumerate(key_points, 1):
        points.add_row(f"{i}.", citations(point, numbers))
    return points


def table(t: model.Table, numbers: dict[str, int]) -> RenderableType:
    """A trade-off table: its words kept whole, its rows stacked where the columns cannot fit."""
    from casestudy.render.fit import FittedTable

    out = Table(title=t.title, title_style="bold", box=box.SIMPLE_HEAVY, show_lines=True, caption=t.caption or None)
    for i, col in enumerate(t.columns):
        out.add_column(col, style="bold" if i == 0 else "", overflow="fold")
    for row in t.rows:
        out.add_row(*(citations(cell, numbers) for cell in row))
    return FittedTable(out)


class WholeLine:
    """A line printed whole even past the width, never wrapped, folded or cut with "…":
    a URL a reader must be able to copy (piped output keeps it on one line)."""

    def __init__(self, text: str, indent: int = 0, style: str | Style = "") -> None:
        self.text, self.indent, self.style = text, indent, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Segment(" " * self.indent)
        yield Segment(self.text, console.get_style(self.style) if isinstance(self.style, str) else self.style)
        yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(options.max_width, options.max_width)


class FittedDiagram:
    """A drawing where it fits; where it does not, its title and caption with a note, never
    a silently cropped drawing."""

    def __init__(self, d: model.Diagram) -> None:
        self.d = d
        self.needs = max((len(line) for line in d.drawing.splitlines()), default=0) + 4  # borders and padding

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        d = self.d
        if options.max_width >= self.needs:
            drawing = Text(d.drawing.rstrip("\n"), no_wrap=True, overflow="crop")
            title = f"Diagram: {d.title}"
            if _fits_on_the_border(title, options.max_width):
                yield Panel(drawing, title=Text(title), title_align="left", border_style=MUTED, box=box.ROUNDED, expand=False)
            else:  # above the drawing, wrapped, rather than cut with "…" on the border
                yield Text(title)
                yield Panel(drawing, border_style=MUTED, box=box.ROUNDED, expand=False)
        else:
            yield Text(f"Diagram: {d.title}", style="bold")
        if d.caption:
            yield Text(d.caption.strip(), style="italic dim")
        if options.max_width < self.needs:
            yield Text(f"(diagram needs {self.needs} columns; widen the window or read it in the exported guide)", style=MUTED)


def diagram(d: model.Diagram) -> RenderableType:
    return FittedDiagram(d)


def page(q: model.Question, case: model.Case, *, brief: bool = False) -> RenderableType:
    """The whole page for one written question (or its brief form)."""
    from casestudy.render.parts import page_parts

    return Group(*(build(part) for part in page_parts(q, case, brief=brief)))


def _section(number: int, heading: str, body: str) -> RenderableType:
    """A section's heading and text (its sources already numbered). render/plain.py draws
    the same without Rich into a file or pipe."""
    from casestudy.render.prose import prose

    body = inert_markdown(body)
    text = prose(body)  # plain prose is drawn without markdown-it and Pygments
    if text is None:
        from rich.markdown import Markdown

        text = Markdown(body)
    return Group(_heading(f"{number}. {heading}"), text)


def _section_table(t: model.Table, numbers: dict[str, int]) -> RenderableType:
    return Padding(table(t, numbers), (1, 0, 0, 0))


def _section_diagram(d: model.Diagram) -> RenderableType:
    return Padding(diagram(d), (1, 0, 0, 0))


def _numbers(figures: list[model.Number], numbers: dict[str, int]) -> RenderableType:
    from casestudy.render.fit import FittedTable

    nums = Table(box=box.SIMPLE, show_header=True, header_style="bold", expand=False)
    nums.add_column("Figure", style="bold yellow", overflow="fold")
    nums.add_column("What it measures", overflow="fold", ratio=1)
    nums.add_column("As of", no_wrap=True)
    nums.add_column("Source", no_wrap=True)
    for n in figures:
        measures = n.measures + (f" ({n.note})" if n.note else "")
        nums.add_row(n.figure, measures, str(n.year), f"[{numbers[n.ref]}]")
    return Group(_heading("In numbers"), FittedTable(nums))


def _misconceptions(misconceptions: list[model.Misconception], numbers: dict[str, int]) -> RenderableType:
    parts: list[RenderableType] = [_heading("Common misconceptions")]
    for m in misconceptions:
        parts.append(
            Padding(
                Group(
                    Text.assemble(("✗ ", "bold red"), ("Myth: ", "bold"), m.claim),
                    Text.assemble(("✓ ", "bold green"), ("In fact: ", "bold"), citations(m.correction.strip(), numbers), f" [{numbers[m.ref]}]"),
                ),
                (0, 0, 1, 0),
            )
        )
    return Group(*parts)


def _glossary(glossary: list[model.Term]) -> RenderableType:
    from casestudy.render.fit import FittedTable

    terms = Table.grid(padding=(0, 2))
    terms.add_column(style="bold", overflow="fold", max_width=22)
    terms.add_column(overflow="fold", ratio=1)
    for t in glossary:
        terms.add_row(t.term, t.definition.strip())
    return Group(_heading("Glossary"), FittedTable(terms))


def _references(refs: list[tuple[int, model.Reference]]) -> RenderableType:
    return Group(_heading("References"), _reference_rows(refs))


def _related(rows: list[tuple[str, str]]) -> RenderableType:
    from casestudy.render.fit import FittedTable

    rel = Table.grid(padding=(0, 2))
    rel.add_column(style="bold", overflow="fold", max_width=30)
    rel.add_column(overflow="fold", ratio=1)
    for label, why in rows:
        rel.add_row(label, why)
    return Group(_heading("Related questions"), FittedTable(rel))


def section_page(q: model.Question, number: int) -> RenderableType:
    """One section of a written answer, with its tables and diagrams, under the question's
    header; sources are numbered as on the whole page and listed after it."""
    q = visible_model(q)
    a = q.answer
    if a is None:
        raise ValueError(f"{q.id} is not written")
    numbers = ref_numbers(a)
    s = a.sections[number - 1]
    parts: list[RenderableType] = [header(q), *(build(part) for part in section_parts(number, a, numbers))]
    cited = {key for text in _section_texts(s, a) for key in model.citation_keys(text)}
    if cited:
        parts.append(_heading("References"))
        parts.append(_reference_rows([(numbers[r.key], r) for r in a.references if r.key in cited]))
    hints = Text.assemble(("Whole answer: ", MUTED), (f"casestudy show {q.id}", "bold"),
                          ("   Quiz yourself: ", MUTED), (f"casestudy quiz {q.id}", "bold"))
    parts.append(Padding(Group(Rule(style=MUTED), hints), (1, 0, 0, 0)))
    return Group(*parts)


def _section_texts(s: model.Section, a: model.AnswerFile) -> list[str]:
    texts = [s.body]
    for t in a.tables:
        if t.section == s.id:
            texts += [t.caption, *(cell for row in t.rows for cell in row)]
    texts += [d.caption for d in a.diagrams if d.section == s.id]
    return texts


def _reference_rows(refs: list[tuple[int, model.Reference]]) -> RenderableType:
    """Each reference: number, title, publisher, year and note, wrapped; then its URL on a
    line of its own, whole."""
    parts: list[RenderableType] = []
    for i, r in refs:
        label = f"[{i}]"
        line = Table.grid(padding=(0, 1))
        line.add_column(no_wrap=True, style="cyan", min_width=len(label))
        line.add_column(overflow="fold", ratio=1)  # a word wider than the window folds, never "…"
        about = Text.assemble((r.title, "bold"), f" — {r.publisher}, {r.year}.")
        if r.note:
            about.append(f" {r.note}", style=MUTED)
        line.add_row(label, about)
        parts += [line, WholeLine(r.url, indent=len(label) + 1, style=Style(link=r.url, underline=True))]
    return Group(*parts)


def _footer(qid: str, prev_q: tuple[str, str] | None, next_q: tuple[str, str] | None, labs: list[str],
            brief: bool = False) -> RenderableType:
    nav = Text()
    if prev_q:
        nav.append(f"← {prev_q[0]} {prev_q[1]}", style=MUTED)
    if prev_q and next_q:
        nav.append("   ")
    if next_q:
        nav.append(f"{next_q[0]} {next_q[1]} →", style=MUTED)
    hints = Text()
    if brief:
        hints.append("Full answer: ", style=MUTED)
        hints.append(f"casestudy show {qid}", style="bold")
        hints.append("   ")
    hints.append("Quiz yourself: ", style=MUTED)
    hints.append(f"casestudy quiz {qid}", style="bold")
    lines: list[RenderableType] = [Rule(style=MUTED), nav, hints]
    if labs:
        lab_line = Text(f"Run the lab{'s' if len(labs) > 1 else ''}: ", style=MUTED)
        for i, name in enumerate(labs):
            lab_line.append(("   " if i else "") + f"casestudy lab {name}", style="bold")
        lines.append(lab_line)
    return Padding(Group(*lines), (1, 0, 0, 0))


def separator() -> RenderableType:
    """Between two questions shown in a row."""
    return Padding(Rule(style="bold cyan", characters="━"), (1, 0, 1, 0))


def not_written(q: model.Question) -> RenderableType:
    return _not_written(*header_args(q))


def _not_written(qid: str, title: str, text: str) -> RenderableType:
    return Group(
        _header(qid, title, text),
        Text(f"\nThe answer to {qid} has not been written yet.", style="yellow"),
    )


def question_list(case: model.Case, written: Collection[str] | None = None) -> RenderableType:
    """The table of questions; `written`: the ids of those answered (else each question's own)."""
    case = visible_model(case)
    from casestudy.render.fit import FittedTable

    out = Table(title=case.meta.title, box=box.SIMPLE_HEAVY, title_style="bold", expand=False)
    out.add_column("ID", style="bold cyan", no_wrap=True)
    out.add_column("Topic", style="bold", overflow="fold", max_width=24)
    out.add_column("Question", overflow="fold", ratio=1)
    for q in case.questions:
        topic = Text(q.title)
        if not (q.id in written if written is not None else q.written):
            topic.append("\n(not written yet)", style="yellow")
        out.add_row(q.id, topic, q.text)
    hint = Text.assemble(("Read one: ", MUTED), ("casestudy show q4", "bold"), ("   Source: ", MUTED), case.meta.source.url)
    return Group(FittedTable(out), hint)



def _sheet(q: model.Question) -> RenderableType:
    from casestudy.render.sheet import sheet_page

    return sheet_page(q)


# The builders of render/parts.py's parts: each a pure function of its arguments.
BUILDERS: dict[str, Callable[..., RenderableType]] = {
    "header": _header,
    "tldr": _tldr,
    "heading": _heading,
    "points": _points,
    "section": _section,
    "table": _section_table,
    "diagram": _section_diagram,
    "numbers": _numbers,
    "misconceptions": _misconceptions,
    "glossary": _glossary,
    "references": _references,
    "related": _related,
    "footer": _footer,
    "separator": lambda: separator(),
    "not_written": _not_written,
    "section_page": lambda q, number: section_page(q, number),
    "sheet": _sheet,
}


def build(part: Part) -> RenderableType:
    """The renderable of one part."""
    name, args = part
    return BUILDERS[name](*args)
