"""A section's text drawn without Rich's console (render/plain.py) is byte for byte what
Rich prints into a file or pipe: every section of the pack at many widths, headings and
bodies of every kind (wide characters, long words, lists), generated texts; output_width
is the width of exactly the consoles that print plain text; and `show` after an edit
draws the edited section without importing Rich's console."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casestudy.env import Environment
from casestudy.render import plain
from casestudy.render.console import make_console
from casestudy.render.parts import page_parts
from casestudy.render.terminal import build
from tests.helpers import ROOT
from tests.render.test_partcache import CASE, QUESTIONS
from tests.render.test_prose import _SUBSET, _near_miss

WIDTHS = (8, 9, 13, 20, 37, 40, 60, 79, 80, 100, 120)


def by_rich(part, width: int) -> str:
    """What the CLI's console prints for `part` into a file at `width` (no colour system)."""
    env = Environment({"COLUMNS": str(width)}, stdout=io.StringIO())
    console = make_console(env)
    assert console.color_system is None and console.width == width
    with console.capture() as captured:
        console.print(build(part), crop=False)
    return captured.get()


def agrees(part, widths=WIDTHS) -> int:
    """How many of `widths` plain.draw draws `part` at; each must be Rich's text."""
    drawn = 0
    for width in widths:
        text = plain.draw(part, width)
        if text is not None:
            assert text == by_rich(part, width), (part, width)
            drawn += 1
    return drawn


SECTIONS = [(q.id, part) for q in QUESTIONS for part in page_parts(q, CASE) if part[0] == "section"]


def test_the_pack_has_sections_of_every_kind():
    assert len(SECTIONS) >= 40
    bodies = [part[1][2] for _, part in SECTIONS]
    assert any("\n- " in body for body in bodies) and any("\n1. " in body for body in bodies)
    assert any(not body.isascii() for body in bodies)


@pytest.mark.parametrize(("qid", "part"), SECTIONS, ids=[f"{qid}-{part[1][0]}" for qid, part in SECTIONS])
def test_every_section_of_the_pack_is_drawn_as_rich_draws_it(qid, part):
    assert agrees(part) == len(WIDTHS)  # all of them, down to 8 columns


HEADINGS = [
    "Short",
    "A heading exactly long enough to wrap at some of the widths tried here",
    "x" * 130,  # one word longer than every width: folded
    "漢字の見出しと説明",  # two cells a character
    "Cache 🎬 and café",
    "  leading and   inner   spaces",
    "trailing space ",
]
BODIES = [
    "One paragraph.",
    "a" * 150,
    "word " + "y" * 200 + " end",
    "漢字" * 60,
    "Mixed 漢字 words, naïve café, em — dash → arrow.",
    "- item one\n- " + "z" * 90 + "\n- a last item that wraps at the narrower widths of the list",
    "1. one\n2. two\n\n10. ten, numbered to the widest",
    "Text before:\n- a list right after\n\nAnd a paragraph after the list.",
    "**Strong** and *em* and `code` spans, [3] and [4].",
]


@pytest.mark.parametrize("heading", HEADINGS)
@pytest.mark.parametrize("body", BODIES)
def test_headings_and_bodies_of_every_kind_are_drawn_as_rich_draws_them(heading, body):
    assert agrees(("section", (3, heading, body))) > 0


@pytest.mark.parametrize("part", [
    ("section", (1, "tab\theading", "Text.")),  # Rich's Text expands the tab
    ("section", (1, "line\nbreak", "Text.")),  # Rule turns it into a space
    ("section", (1, "Heading", "# A Markdown heading")),  # outside render/prose.py's subset
    ("section", (1, "Heading", "")),
    ("table", (None, {})),
    ("header", ("q1", "Title", "Text")),
])
def test_what_it_does_not_draw_is_left_to_rich(part):
    assert all(plain.draw(part, width) is None for width in WIDTHS)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.one_of(_SUBSET, _near_miss()), st.sampled_from(HEADINGS), st.integers(8, 120))
def test_generated_texts_are_drawn_as_rich_draws_them_or_left_to_it(body, heading, width):
    agrees(("section", (2, heading, body)), (width,))


class Stream(io.StringIO):
    def __init__(self, tty: bool, encoding: str | None = "utf-8") -> None:
        super().__init__()
        self._tty, self._encoding = tty, encoding

    def isatty(self) -> bool:
        return self._tty

    @property
    def encoding(self):  # type: ignore[override]
        return self._encoding


SETUPS = [
    # environ, colour, tty, encoding: whether plain.output_width must know the width
    ({}, "auto", False, "utf-8", True),
    ({"COLUMNS": "60"}, "auto", False, "utf-8", True),
    ({"COLUMNS": "200"}, "auto", False, "UTF-8", True),
    ({"NO_COLOR": "1"}, "auto", False, "utf-8", True),
    ({}, "never", False, "utf-8", True),
    ({"COLUMNS": "70"}, "never", True, "utf-8", True),  # --color never on a terminal of known width
    ({}, "never", True, "utf-8", False),  # ... of a width only the terminal knows
    ({}, "always", False, "utf-8", False),
    ({"FORCE_COLOR": "1"}, "auto", False, "utf-8", False),
    ({"FORCE_COLOR": ""}, "auto", False, "utf-8", False),
    ({"TTY_COMPATIBLE": "1"}, "auto", False, "utf-8", False),
    ({"TTY_COMPATIBLE": "0"}, "auto", False, "utf-8", False),
    ({"TERM": "dumb"}, "auto", False, "utf-8", True),
    ({"COLUMNS": "80"}, "auto", True, "utf-8", False),  # a terminal: colour
    ({}, "auto", False, "latin-1", False),  # Rich draws rules with "-"
    ({}, "auto", False, None, True),  # no encoding: Rich takes UTF-8
]


@pytest.mark.parametrize(("environ", "colour", "tty", "encoding", "known"), SETUPS)
@pytest.mark.parametrize("max_width", [0, 100])
def test_output_width_is_that_of_a_console_printing_plain_text(environ, colour, tty, encoding, known, max_width):
    env = Environment(environ, stdout=Stream(tty, encoding), color=colour)
    width = plain.output_width(env, env.stdout, max_width)
    assert (width is not None) == known
    if width is None:
        return
    console = make_console(env, max_width=max_width)
    assert console.color_system is None
    assert console.width == width
    part = SECTIONS[0][1]
    with console.capture() as captured:
        console.print(build(part), crop=False)
    assert plain.draw(part, width) == captured.get()


def test_a_page_drawn_with_plain_sections_is_the_page_rich_draws(tmp_path):
    """partcache with plain sections: the same bytes as every part drawn by Rich."""
    from casestudy.render import pagecache, partcache

    env = Environment({"COLUMNS": "80"}, stdout=io.StringIO())
    width = plain.output_width(env, env.stdout)
    assert width == 80
    settings_ = pagecache.settings(env, env.stdout)
    for q in QUESTIONS:
        parts = page_parts(q, CASE)
        ours = partcache.text(parts, None, str(tmp_path), lambda: make_console(env), width)
        theirs = partcache.text(parts, None, str(tmp_path), lambda: make_console(env))
        assert ours == theirs, q.id
    assert settings_  # the settings are computed without a console


def test_show_after_an_edit_draws_the_section_without_rich_console(tmp_path):
    """The edited section is drawn again, without Rich's console, Typer or markdown-it, and
    the page is what the CLI prints for the edited pack."""
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "answers" / "netflix", pack)
    q4 = next(pack.glob("q4-*.yaml"))
    env = {"CASESTUDY_HOME": str(tmp_path / "home"), "COLUMNS": "80", "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-m", "casestudy", "show", "q4", "--pack", str(pack)]
    assert subprocess.run(run, env=env, capture_output=True, cwd=ROOT, timeout=60).returncode == 0
    head, mark, rest = q4.read_text(encoding="utf-8").partition("    body: |\n")
    q4.write_text(f"{head}{mark}      A sentence added by the test.\n\n{rest}", encoding="utf-8")
    script = (
        "import sys, runpy\n"
        f"sys.argv = {['casestudy', 'show', 'q4', '--pack', str(pack)]!r}\n"
        "try: runpy.run_module('casestudy', run_name='__main__')\n"
        "except SystemExit as exit: assert not exit.code, exit.code\n"
        "sys.stderr.write(repr(sorted(m for m in ('rich.console', 'rich.text', 'typer', 'click', 'markdown_it') if m in sys.modules)))\n"
    )
    fast = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert fast.returncode == 0 and fast.stderr.endswith("[]"), fast.stderr
    assert "A sentence added by the test." in fast.stdout
    cli = subprocess.run([sys.executable, "-c", "from casestudy.cli import main; main()", "show", "q4", "--pack", str(pack)],
                         env={**env, "CASESTUDY_HOME": str(tmp_path / "other")}, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert cli.returncode == 0 and cli.stdout == fast.stdout
