"""Pages that read well at any width: whole URLs, diagrams never silently cropped,
tables that keep every word whole (stacked where they cannot fit), and a comfortable
reading width on wide terminals."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from rich.console import Console

from casestudy.content.load import load_case
from casestudy.render.parts import citations, ref_numbers
from casestudy.render.terminal import build, table
from tests.helpers import boxed_words

CASE = load_case()


def _show(run, monkeypatch, columns, *args):
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run("show", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("columns", [60, 80])
def test_every_reference_url_is_printed_whole(run, monkeypatch, columns):
    out = _show(run, monkeypatch, columns, "q4")
    lines = set(out.splitlines())
    for r in CASE.question("q4").answer.references:
        assert f"    {r.url}" in lines or f"     {r.url}" in lines, r.url
    assert "…" not in out


@pytest.mark.parametrize("columns", [30, 31, 40, 41, 50, 59, 60, 61, 79, 80])
@pytest.mark.parametrize("view", [(), ("--brief",), ("--sheet",)])
def test_nothing_is_cut_with_an_ellipsis(run, monkeypatch, columns, view):
    """At 30 columns the glossary cut `Active-passi…` and `Read-your-wr…`, the related
    questions `eventual-consi…`, a reference's title `Netflix/concurrency-limi…`."""
    out = _show(run, monkeypatch, columns, "all", *view)
    assert "…" not in out
    assert max(len(line) for line in out.splitlines() if "://" not in line) <= columns  # a URL is printed whole
    words = boxed_words(out)
    for q in CASE.questions:  # a panel's title was cropped on its border, without "…"
        assert f"{q.id.upper()} · {q.title}" in words, q.id


@pytest.mark.parametrize("columns", [30, 40])
def test_glossary_terms_and_related_questions_keep_their_words_whole(run, monkeypatch, columns):
    """A term too long for the glossary's column was cut (`Read-your-wr…`); where the two
    columns cannot both hold their words, each term is followed by its definition."""
    printed = _words(_show(run, monkeypatch, columns, "all"))
    for q in CASE.questions:
        for term in q.answer.glossary:
            assert not _words(term.term, term.definition) - printed, (q.id, term.term)
        for link in q.answer.related:
            other = CASE.question(link.id)
            assert not _words(other.id.upper(), other.title, link.why) - printed, (q.id, link.id)


@pytest.mark.parametrize("columns", [30, 41])
def test_the_sheets_figures_keep_their_words_whole(run, monkeypatch, columns):
    """At 41 columns the revision sheet's figures broke words (`availabilit` `y`,
    `recommendat`…), at 30 every word of a figure (`Cassan`, `Januar`)."""
    printed = _words(_show(run, monkeypatch, columns, "all", "--sheet"))
    for q in CASE.questions:
        for n in q.answer.numbers:
            assert not _words(n.figure, n.measures, str(n.year)) - printed, (q.id, n.figure)


@pytest.mark.parametrize("columns", [71, 74, 78, 79, 80])
def test_a_diagram_title_longer_than_its_border_is_printed_whole(run, monkeypatch, columns):
    """q1's diagram fits from 71 columns, its title on the border only from 79: between,
    the title was cropped (`… service layers (simplif─╮`); it goes above the drawing."""
    d = CASE.question("q1").answer.diagrams[0]
    out = _show(run, monkeypatch, columns, "q1")
    assert f"Diagram: {d.title}" in " ".join(out.split())  # wrapped, perhaps, never cropped
    assert d.drawing.splitlines()[0].strip() in out


def test_a_title_too_long_for_the_panel_wraps_inside_it(run, monkeypatch):
    """At 40 columns the title was cut on the border: `╭─ Q1 · Microservices: benefits and ch─╮`."""
    assert _show(run, monkeypatch, 40, "q1", "--brief").splitlines()[:4] == [
        "╭──────────────────────────────────────╮",
        "│ Q1 · Microservices: benefits and     │",
        "│ challenges                           │",
        "│ What are the benefits and challenges │",
    ]
    assert _show(run, monkeypatch, 60, "q1", "--brief").splitlines()[0] == (
        "╭─ Q1 · Microservices: benefits and challenges ────────────╮"
    )


def test_a_diagram_too_wide_is_described_with_a_note(run, monkeypatch):
    q = CASE.question("q7").answer
    d = q.diagrams[0]
    needs = max(len(line) for line in d.drawing.splitlines()) + 4
    narrow = _show(run, monkeypatch, 60, "q7")
    assert f"(diagram needs {needs} columns; widen the window or read it in the exported guide)" in " ".join(narrow.split())
    assert f"Diagram: {d.title}" in narrow
    assert d.drawing.splitlines()[0].strip() not in narrow  # no cropped drawing
    wide = _show(run, monkeypatch, 80, "q7")
    assert "diagram needs" not in wide
    assert d.drawing.splitlines()[0].strip() in wide


def test_no_diagram_is_cropped_at_80_columns(run, monkeypatch):
    out = _show(run, monkeypatch, 80, "all")
    for q in CASE.questions:
        for d in q.answer.diagrams:
            for line in d.drawing.splitlines():
                if line.strip():
                    assert line.rstrip() in out, (q.id, d.id, line)


def test_first_table_column_stays_readable_at_60_columns(run, monkeypatch):
    out = _show(run, monkeypatch, 60, "all")
    for q in CASE.questions:
        for t in q.answer.tables:
            for row in t.rows:
                for word in row[0].split()[:1]:
                    if len(word) <= 14:
                        assert re.search(rf"(?<![\w-]){re.escape(word)}", out), (q.id, t.id, word)


def _words(*texts: str) -> Counter[str]:
    """Words, a colon after one aside (a stacked row's `column: value`)."""
    return Counter(word.rstrip(":") for word in " ".join(texts).split())


def _drawn(renderable, columns: int) -> str:
    """What a pipe gets at `columns` columns."""
    console = Console(file=io.StringIO(), width=columns, color_system=None, markup=False, highlight=False)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


@pytest.mark.parametrize("columns", [30, 31, 40, 41, 45, 59, 60, 61, 65, 79])
def test_every_word_of_every_table_is_printed_whole(columns):
    """Squeezed below its columns' longest words, Rich cropped a table's right-hand side
    (at 40 columns q1's `Each team deploys its` printed as `Eac`, `tea`, `dep`, `s i`;
    q7's data-set table up to 65 columns), or broke words (`availabilit` `y`). Now the
    columns keep their words whole, or the rows are stacked as `column: value` lines (the
    first column's heading, such as `Criterion`, then names no line)."""
    for q in CASE.questions:
        numbers = ref_numbers(q.answer)
        for t in q.answer.tables:
            printed = _drawn(table(t, numbers), columns)
            want = _words(t.title, t.caption, *t.columns[1:], *(citations(cell, numbers) for row in t.rows for cell in row))
            assert not want - _words(printed), (q.id, t.id, want - _words(printed))
            assert max(len(line.rstrip()) for line in printed.splitlines()) <= columns


@pytest.mark.parametrize("columns", [30, 40, 50])
def test_every_word_of_the_figures_is_printed_whole(columns):
    """At 30 columns 'In numbers' printed its headings as `Fig` `ure` and `Wha` `t`, and each
    figure three letters a line (`3 day` `s`): the figures are stacked now where they cannot fit."""
    for q in CASE.questions:
        numbers = ref_numbers(q.answer)
        printed = _drawn(build(("numbers", (q.answer.numbers, numbers))), columns)
        want = _words(*(f"{n.figure} {n.measures} ({n.note}) {n.year} [{numbers[n.ref]}]" if n.note
                        else f"{n.figure} {n.measures} {n.year} [{numbers[n.ref]}]" for n in q.answer.numbers))
        assert not want - _words(printed), (q.id, want - _words(printed))


@pytest.mark.parametrize("columns", [30, 40])
def test_list_prints_every_word_of_the_questions(run, monkeypatch, columns):
    """At 40 columns `list` broke q9's question as `recommendation` `s?`, at 30 q1's topic as
    `Microserv` `ices:`: where the table cannot fit, each question is a block."""
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run("list")
    assert result.exit_code == 0, result.output
    printed = _words(result.stdout)
    for q in CASE.questions:
        assert not _words(q.id, q.title, q.text) - printed, q.id
    assert max(len(line) for line in result.stdout.splitlines() if "://" not in line) <= columns


def test_a_table_that_cannot_fit_is_stacked_row_by_row():
    t = CASE.question("q1").answer.tables[0]
    printed = _drawn(table(t, ref_numbers(CASE.question("q1").answer)), 30)
    assert [line.rstrip() for line in printed.splitlines()[:9]] == [
        "Monolith vs microservices, as",
        "Netflix experienced them",
        "",
        "Deployment",
        "  Monolith (Netflix before the",
        "  migration): One release",
        "  carries every change; a",
        "  fault in one part can block",
        "  all",
    ]
    assert "━" not in printed
    wide = _drawn(table(t, ref_numbers(CASE.question("q1").answer)), 80)
    assert "━" in wide and "Monolith (Netflix before:" not in wide  # a table where it fits


def test_reading_width_is_capped_on_wide_terminals(run, monkeypatch):
    out = _show(run, monkeypatch, 160, "q4")
    widths = [len(line) for line in out.splitlines() if "https://" not in line]
    assert max(widths) == 100


@pytest.mark.parametrize("columns", [30, 41, 60])
def test_the_glossary_command_keeps_every_word_whole(run, monkeypatch, columns):
    """`casestudy glossary` broke words on a narrow window (`Defini` `tion`, at 30 and 41)."""
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run("glossary")
    assert result.exit_code == 0, result.output
    printed = _words(result.stdout)
    from casestudy.search.glossary import entries

    for e in entries(CASE):
        assert not _words(e.term, e.definitions[0].text, *(d.qid for d in e.definitions)) - printed, e.term
