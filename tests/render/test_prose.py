"""Section prose without markdown-it: whatever render/prose.py accepts prints byte for byte
as Rich's Markdown prints it; the pack's sections are all accepted; anything outside the
subset is left to Rich; and drawing a section imports no Markdown machinery."""

from __future__ import annotations

import io
import re
import string
import subprocess
import sys
from collections.abc import Callable
from typing import IO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.markdown import Markdown

from casestudy.content.load import load_case
from casestudy.env import Environment
from casestudy.render import prose as prose_module
from casestudy.render.console import make_console
from casestudy.render.parts import READING_WIDTH, ref_numbers, show_parts
from casestudy.render.prose import prose
from casestudy.render.terminal import build, citations
from casestudy.text.safe import inert_markdown, visible_model
from tests.helpers import ROOT

WIDTHS = (20, 37, 50, 60, 80, 100, 120)
CASE = load_case()
WRITTEN = [q.id for q in CASE.questions if q.written]


def _bodies() -> list[tuple[str, str]]:
    """(where, text) of every section body, exactly as terminal._section passes it."""
    out = []
    for q in CASE.questions:
        if not q.written:
            continue
        shown = visible_model(q)
        assert shown.answer is not None
        numbers = ref_numbers(shown.answer)
        out += [(f"{q.id}/{s.id}", inert_markdown(citations(s.body, numbers))) for s in shown.answer.sections]
    return out


BODIES = _bodies()


def _consoles(width: int) -> list[tuple[str, Callable[[IO[str]], Console]]]:
    """Console makers as the CLI makes them (--color always / never, into a file), and
    colour consoles on a would-be terminal."""
    env = Environment(environ={"COLUMNS": str(width)})
    plain = {"markup": False, "highlight": False, "emoji": False}
    return [
        ("always", lambda file: make_console(env, file=file, color="always")),
        ("never", lambda file: make_console(env, file=file, color="never")),
        ("truecolor", lambda file: Console(file=file, width=width, force_terminal=True, color_system="truecolor", **plain)),
        ("256", lambda file: Console(file=file, width=width, force_terminal=True, color_system="256", **plain)),
    ]


def _captured(make: Callable[[IO[str]], Console], renderable: object) -> str:
    console = make(io.StringIO())
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def _printed(make: Callable[[IO[str]], Console], renderable: object) -> str:
    """What print(..., crop=False) writes to the console's file."""
    file = io.StringIO()
    console = make(file)
    console.print(renderable, crop=False)
    console.file.flush()
    return file.getvalue()


def _same_as_rich(text: str, widths: tuple[int, ...] = WIDTHS) -> None:
    drawn = prose(text)
    assert drawn is not None
    for width in widths:
        for name, make in _consoles(width):
            assert _captured(make, drawn) == _captured(make, Markdown(text)), (name, width, text)
            assert _printed(make, drawn) == _printed(make, Markdown(text)), (name, width, text)


def test_the_pack_has_sections_to_check():
    assert len(BODIES) >= 40
    assert sum("**" in body for _, body in BODIES) > 10 and any("\n- " in body for _, body in BODIES)


@pytest.mark.parametrize(("where", "body"), BODIES, ids=[where for where, _ in BODIES])
def test_every_section_of_the_pack_is_drawn_as_rich_draws_it(where, body):
    _same_as_rich(body)


OUTSIDE = [
    "# A heading",
    "Title\n=====",
    "Title\n---",
    "para\n\n---\n\nmore",
    "* * *",
    "> a quote",
    "```\ncode\n```",
    "~~~\ncode\n~~~",
    "    indented code",
    "a [link](https://example.com)",
    "![image](x.png)",
    "[ref]: https://example.com\n\nuse [ref]",
    "<b>html</b>",
    "a <https://example.com> autolink",
    "| a | b |\n| - | - |\n| 1 | 2 |",
    "~~struck~~",
    "hard  \nbreak",
    "hard\\\nbreak",
    "- a\nlazy line",
    "- a\n\n  second paragraph",
    "- a\n  - nested",
    "1. a\n   1. nested",
    "a paragraph\n2008. was a year",
    "2) starts\n3) a list\nthen text",
    "-\n- empty item",
    "-  two spaces after the marker",
    "a *b **c** d* e with ***three***",
    "un*matched",
    "*open but never closed",
    "closed but never opened*",
    "**crossing *pairs** here*",
    "*em *in* em*",
    "a `code span",
    "``double`` backticks",
    "` spaced `",
    "an entity &copy; here",
    "a number &#42;",
    "tab\there",
    "non\u00a0breaking",
    "a *é*",
    "trailing space \nnext",
    "",
    "   \n  ",
    "a\n\n   indented paragraph",
    "- a\n1. b",
    "[x]: y",
]


@pytest.mark.parametrize("text", OUTSIDE)
def test_text_outside_the_subset_is_left_to_rich(text):
    assert prose(text) is None


INSIDE = [
    "One paragraph.",
    "Two\nlines.\n\nTwo paragraphs.",
    "**strong** and *em* and _em_ and __strong__ and `code`.",
    "**strong with *em* inside** and *em with **strong** inside*.",
    "LOCAL_QUORUM and snake_case_words stay as they are; 2 * 3 too.",
    "Escapes: \\*not em\\*, \\[1\\], \\` and a \\\\ backslash; a\\b stays.",
    "Entities: &lt;tag&gt;, &amp;, &quot;quoted&quot;; & alone; &amp without a semicolon.",
    "**Domain graph services (DGSs)**: a closer between punctuation.",
    "- one\n- two\n  continued\n\n- three, loose",
    "1. first\n2. second\n\n10. tenth, numbered as Rich numbers it",
    "Intro:\n- a list right after\n- a paragraph",
    "Steps:\n1) one\n2) two\n\nAfter.",
    "- a\n\n* another list\n\n+ and another",
    "7. a list starting at seven\n8. eight",
    "It says [3], so [4\\]: and [5].",
    "A line\n    indented four in a paragraph\nstays text.",
    "Every escape: " + " ".join("\\" + ch for ch in string.punctuation if ch not in "<|~"),
]


@pytest.mark.parametrize("text", INSIDE)
def test_text_inside_the_subset_is_drawn_as_rich_draws_it(text):
    _same_as_rich(text)


# --- generated texts --------------------------------------------------------------------------

_ASCII = st.sampled_from(["alpha", "beta", "Netflix", "3,000", "x", "a-b", "(see)", "it's", "[3]"])
_WORDS = st.one_of(_ASCII, st.sampled_from(["naïve", "é", "gamma,", "delta;", "(a", "b)", "4.5%", "2008."]))
_NOT_FIRST = ("[", "2008.")  # a line starting so is a reference definition or a list (refused)
_CODE = st.sampled_from(["ONE", "a_b", "*x*", "x > y", "\\n", "a b", "[1]"]).map(lambda code: f"`{code}`")


@st.composite
def _span(draw: st.DrawFn, inside: str = "") -> str:
    """A word, a code span, or strong / em (strong only in em, em only in strong), whose
    delimiters touch a space or punctuation outside and an ASCII word or code inside."""
    nested = {"": ["strong", "em"], "strong": ["em"], "em": ["strong"], "deep": []}[inside]
    kinds = ["word", "word", "word", "code", *nested]
    kind = draw(st.sampled_from(kinds))
    if kind == "word":
        return draw(_WORDS)
    if kind == "code":
        return draw(_CODE)
    edge = st.one_of(_ASCII, _CODE)
    middle = draw(st.lists(_span(kind if not inside else "deep"), max_size=2))
    inner = " ".join([draw(edge), *middle, draw(edge)]) if middle else draw(edge)
    mark = draw(st.sampled_from(["**", "__"] if kind == "strong" else ["*", "_"]))
    before, after = draw(st.sampled_from(["", "", '"', "("])), draw(st.sampled_from(["", "", ":", ",", ".", ")"]))
    return before + mark + inner + mark + after


@st.composite
def _sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(_span(), min_size=1, max_size=8))
    out = "So " + words[0] if words[0].startswith(_NOT_FIRST) else words[0]
    for word in words[1:]:
        out += (" " if word.startswith(_NOT_FIRST) else draw(st.sampled_from([" ", " ", " ", "\n"]))) + word
    return out


@st.composite
def _block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["p", "p", "ul", "ol"]))
    if kind == "p":
        return draw(_sentence())
    marker = draw(st.sampled_from(["-", "*", "+"])) if kind == "ul" else None
    start = draw(st.integers(0, 12))
    items = []
    for i, sentence in enumerate(draw(st.lists(_sentence(), min_size=1, max_size=4))):
        lead = f"{marker} " if marker else f"{start + i}. "
        items.append(lead + sentence.replace("\n", "\n" + " " * len(lead)))
    return draw(st.sampled_from(["\n", "\n\n"])).join(items)


_SUBSET = st.lists(_block(), min_size=1, max_size=4).map("\n\n".join)
_NOISE = st.sampled_from(["*", "_", "`", "\\", "&", "&amp;", "&lt;", "1.", "2)", "- ", "\n", "\n\n", "  ", " ",
                          "**", "***", "[", "]", "#", ">", "a_b", "x*y", "\\\n", "\\*", "&copy;", "3.5", "é*"])


@st.composite
def _near_miss(draw: st.DrawFn) -> str:
    """A subset text with a few pieces of noise spliced in."""
    text = draw(_SUBSET)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(_NOISE) + text[at:]
    return text


def _agrees(text: str) -> bool:
    """True when prose accepts `text` (and then it must print as Rich prints it)."""
    drawn = prose(text)
    if drawn is None:
        return False
    for width in (20, 60):
        for name, make in _consoles(width)[:2]:
            assert _captured(make, drawn) == _captured(make, Markdown(text)), (name, width, text)
    return True


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_SUBSET)
def test_generated_subset_texts_are_drawn_as_rich_draws_them(text):
    _agrees(text)


# How many subset texts are accepted is a rate, not a law: Hypothesis, free to search, once
# built a list of 20 of which only 11 were accepted. So the rate is measured on the same
# lists each run (derandomized, no example database), and the law above is searched freely.
@settings(max_examples=12, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(_SUBSET, min_size=20, max_size=20))
def test_generated_subset_texts_are_mostly_accepted_and_drawn_as_rich_draws_them(texts):
    """About nine in ten are accepted (a text with `_` right inside `_` is refused)."""
    accepted = sum(_agrees(text) for text in texts)
    assert accepted >= 12, f"only {accepted} of 20 subset texts accepted"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_near_miss())
def test_near_misses_are_refused_or_drawn_as_rich_draws_them(text):
    _agrees(text)


# --- the page, and what drawing a section imports ---------------------------------------------


def _page(qid: str, width: int, colour: str) -> str:
    env = Environment(environ={"COLUMNS": str(width)})
    console = make_console(env, file=io.StringIO(), color=colour)
    console.width = min(console.width, READING_WIDTH)
    with console.capture() as capture:
        for part in show_parts(visible_model(CASE), [qid]):
            console.print(build(part))
    return re.sub(r"id=\d+;", "id=0;", capture.get())


@pytest.mark.parametrize("qid", WRITTEN)
def test_every_whole_page_is_the_same_as_with_rich_markdown(qid, monkeypatch):
    ours = {(width, colour): _page(qid, width, colour) for width in (60, 80, 120) for colour in ("always", "never")}
    monkeypatch.setattr(prose_module, "prose", lambda text: None)
    for (width, colour), page in ours.items():
        assert page == _page(qid, width, colour), (qid, width, colour)


def test_drawing_a_section_imports_no_markdown_machinery():
    script = """
import io, sys
from casestudy.content.load import load_case
from casestudy.render.console import make_console
from casestudy.render.parts import page_parts
from casestudy.render.terminal import build
from casestudy.env import Environment
case = load_case()
q = case.question("q4")
sections = [part for part in page_parts(q, case) if part[0] == "section"]
out = io.StringIO()
console = make_console(Environment(), file=out, color="always")
for part in sections:
    console.print(build(part))
assert sections and "\x1b[1m" in out.getvalue()
print(" ".join(sorted(m for m in ("markdown_it", "rich.markdown", "rich.syntax", "pygments") if m in sys.modules)))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert (done.returncode, done.stderr, done.stdout.strip()) == (0, "", "")
