"""The revision sheet: per question the TL;DR, numbered key points, figures and
misconceptions — the whole case on a few pages, as Markdown and as a terminal page."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from casestudy import __version__
from casestudy.content import model
from casestudy.content.model import replace_citations
from casestudy.render import jinja
from casestudy.render.guide import as_markdown, generator, heading_text, table_cell
from casestudy.render.parts import citations, ref_numbers
from casestudy.render.terminal import MUTED, header
from casestudy.text.safe import visible_model

SHEET_TEMPLATE = "sheet.md.j2"


@dataclass
class SheetNumber:
    figure: str
    measures: str
    year: int
    source: str


@dataclass
class SheetMisconception:
    claim: str
    correction: str
    source: str


@dataclass
class SheetQuestion:
    heading: str
    text: str
    written: bool
    tldr: str = ""
    key_points: list[str] = field(default_factory=list)
    numbers: list[SheetNumber] = field(default_factory=list)
    misconceptions: list[SheetMisconception] = field(default_factory=list)


@dataclass
class SheetView:
    title: str
    generator: str
    content_version: str
    questions: list[SheetQuestion]


def sheet_view(case: model.Case, questions: list[model.Question], *, version: str = __version__) -> SheetView:
    """What the sheet template sees: text made inert Markdown, each `[@key]` a link to the
    source itself (the sheet has no reference list of its own)."""
    case, questions = as_markdown(case, questions)
    view = SheetView(f"{case.meta.title}: revision sheet", generator(version), case.meta.version, [])
    for q in questions:
        sq = SheetQuestion(f"{q.id.upper()}. {heading_text(q.title)}", " ".join(q.text.split()), q.written)
        a = q.answer
        if a is not None:
            refs = {r.key: (i, r.url.strip()) for i, r in enumerate(a.references, 1)}

            def link(key: str, refs: dict[str, tuple[int, str]] = refs) -> str:
                number, url = refs[key]
                return f"[[{number}]]({url})"

            def cite(text: str, link=link) -> str:
                return replace_citations(" ".join(text.split()), link)

            sq.tldr = cite(a.tldr)
            sq.key_points = [cite(p) for p in a.key_points]
            sq.numbers = [SheetNumber(table_cell(n.figure), table_cell(n.measures), n.year, link(n.ref)) for n in a.numbers]
            sq.misconceptions = [SheetMisconception(" ".join(m.claim.split()), cite(m.correction), link(m.ref))
                                 for m in a.misconceptions]
        view.questions.append(sq)
    return view


def render_sheet(case: model.Case, questions: list[model.Question], *, version: str = __version__) -> str:
    """The revision sheet as GitHub Markdown."""
    return jinja.render_bundled(SHEET_TEMPLATE, sheet=sheet_view(case, questions, version=version))


def sheet_page(q: model.Question) -> RenderableType:
    """One question's sheet for the terminal."""
    q = visible_model(q)
    a = q.answer
    if a is None:
        raise ValueError(f"{q.id} is not written")
    numbers = ref_numbers(a)
    parts: list[RenderableType] = [header(q), Padding(Text(citations(" ".join(a.tldr.split()), numbers)), (1, 0, 0, 0))]
    points = Table.grid(padding=(0, 1))
    points.add_column(style="cyan", no_wrap=True, justify="right")
    points.add_column()
    for i, point in enumerate(a.key_points, 1):
        points.add_row(f"{i}.", citations(point, numbers))
    parts.append(Padding(points, (1, 0, 0, 0)))
    if a.numbers:
        from casestudy.render.fit import FittedTable

        figures = Table(box=box.SIMPLE, show_header=False, expand=False, padding=(0, 1))
        figures.add_column(style="bold yellow", overflow="fold", max_width=22)
        figures.add_column(overflow="fold", ratio=1)
        figures.add_column(no_wrap=True, style=MUTED)
        for n in a.numbers:
            figures.add_row(n.figure, n.measures, f"{n.year} [{numbers[n.ref]}]")
        parts.append(Padding(FittedTable(figures), (1, 0, 0, 0)))
    for m in a.misconceptions:
        parts.append(Group(
            Text.assemble(("✗ ", "bold red"), m.claim),
            Text.assemble(("✓ ", "bold green"), citations(" ".join(m.correction.split()), numbers), f" [{numbers[m.ref]}]"),
        ))
    parts.append(Padding(Text.assemble(("Full answer: ", MUTED), (f"casestudy show {q.id}", "bold")), (1, 0, 0, 0)))
    return Group(*parts)
