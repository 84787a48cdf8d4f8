"""What `show` prints, as a list of parts: each part a builder's name and the model data it
is built from, worked out without Rich. render/terminal.py builds each part into a Rich
renderable; render/partcache.py keeps each part's printed text, keyed by its data, so a
page whose content changed in one place renders that place alone."""

# A page printed as one Group and the same page printed part by part are the same text
# (Rich renders a Group's items one after another with the same options): tests hold the
# two byte-identical for every question, at several widths, in colour and plain.

from __future__ import annotations

from typing import Any

from casestudy.content import model
from casestudy.content.labs import labs_for
from casestudy.errors import NotWritten
from casestudy.text.safe import visible, visible_model

Part = tuple[str, tuple[Any, ...]]  # (builder in terminal.BUILDERS, its arguments)
READING_WIDTH = 100  # `show` no wider than this on a wide terminal: lines stay easy to read


def citations(text: str, numbers: dict[str, int]) -> str:
    """`[@key]` → `[n]`, numbered as the references are listed."""
    return model.replace_citations(text, lambda key: f"[{numbers.get(key, '?')}]")


def ref_numbers(answer: model.AnswerFile) -> dict[str, int]:
    """Each reference's number, as the references are listed."""
    return {r.key: i for i, r in enumerate(answer.references, 1)}


def header_args(q: model.Question) -> tuple[str, str, str]:
    return (visible(q.id), visible(q.title), visible(q.text))


def page_parts(q: model.Question, case: model.Case, *, brief: bool = False) -> list[Part]:
    """The parts of the whole page of one written question (or of its brief form)."""
    q = visible_model(q)
    a = q.answer
    if a is None:
        raise ValueError(f"{q.id} is not written")
    numbers = ref_numbers(a)
    parts: list[Part] = [
        ("header", (q.id, q.title, q.text)),
        ("tldr", (a.tldr, numbers)),
        ("heading", ("Key points",)),
        ("points", (a.key_points, numbers)),
    ]
    if brief:
        parts.append(("footer", _footer_args(q, case, brief=True)))
        return parts
    for i in range(1, len(a.sections) + 1):
        parts += section_parts(i, a, numbers)
    if a.numbers:
        parts.append(("numbers", (a.numbers, numbers)))
    if a.misconceptions:
        parts.append(("misconceptions", (a.misconceptions, numbers)))
    if a.glossary:
        parts.append(("glossary", (a.glossary,)))
    parts.append(("references", (list(enumerate(a.references, 1)),)))
    if a.related:
        rows = []
        for link in a.related:
            other = case.question(link.id)
            rows.append((f"{visible(other.id).upper()} {visible(other.title)}", link.why))
        parts.append(("related", (rows,)))
    parts.append(("footer", _footer_args(q, case)))
    return parts


def section_parts(number: int, a: model.AnswerFile, numbers: dict[str, int]) -> list[Part]:
    """Section `number` (from 1) of an answer: its heading and text (sources numbered), then
    each of its tables and drawings, a part each: editing the text draws the text alone."""
    s = a.sections[number - 1]
    parts: list[Part] = [("section", (number, s.heading, citations(s.body, numbers)))]
    parts += [("table", (t, numbers)) for t in a.tables if t.section == s.id]
    parts += [("diagram", (d,)) for d in a.diagrams if d.section == s.id]
    return parts


def _footer_args(q: model.Question, case: model.Case, *, brief: bool = False) -> tuple[Any, ...]:
    ids = [other.id for other in case.questions]
    index = ids.index(q.id)
    before = case.questions[index - 1] if index > 0 else None
    after = case.questions[index + 1] if index + 1 < len(ids) else None
    prev_q = (visible(before.id), visible(before.title)) if before else None
    next_q = (visible(after.id), visible(after.title)) if after else None
    return (q.id, prev_q, next_q, labs_for(q.id, case.meta.id), brief)


def show_parts(case: model.Case, questions: list[str], *, brief: bool = False, sheet: bool = False,
               section: str | None = None) -> list[Part]:
    """The parts `casestudy show` prints for these questions (q4, 4, a slug, an alias, or
    all), one page after another. Raises the resolver's errors, NotWritten for a single
    question not written yet, and the section finder's errors."""
    from casestudy.content.resolve import resolve_many

    everything = any(q.strip().lower() == "all" for q in questions)
    chosen = case.questions if everything else resolve_many(case, questions)
    if not everything and len(chosen) == 1 and not chosen[0].written:
        q = chosen[0]
        raise NotWritten(
            f"{q.id} ({q.title}) has not been written yet.",
            hint="`casestudy list` shows which answers are available.",
        )
    parts: list[Part] = []
    for q in chosen:
        if parts:
            parts.append(("separator", ()))
        if not q.written:
            parts.append(("not_written", header_args(q)))
        elif section is not None:
            from casestudy.content.sections import find_section

            parts.append(("section_page", (q, find_section(q, section)[0])))
        elif sheet:
            parts.append(("sheet", (q,)))
        else:
            parts += page_parts(q, case, brief=brief)
    return parts
