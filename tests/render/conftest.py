"""Packs for the quiz-bank exports: the small test pack, and a copy whose items hold every
character that GIFT, HTML or a tab-separated file treats specially."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

import casestudy.cli
from casestudy import __main__ as entry
from casestudy.content.load import load_case
from tests.helpers import MINI, writable_copy

# Every GIFT special character and its escape, markup, quotes, an entity, Moodle's own
# placeholders, a tab, line breaks, a literal `\n`, a would-be comment and feedback marker.
TRICKY = (
    "Tricky ~ = # { } : \\ \\n \\: [@ref-a] <b>bold</b> & &amp; \"double\" 'single' -> %50% #### "
    "&&058; a\ttab\nnew line\n// not a comment\r\nend"
)


def tricky_quiz() -> list[dict]:
    """One item of each kind, every text field holding TRICKY; options start with the
    characters GIFT reads at the start of an answer (`=`, `~`, `#`, `%50%`, `[html]`)."""
    return [
        {"id": "x-mcq", "kind": "mcq", "prompt": "[html] " + TRICKY,
         "options": ["%50% " + TRICKY, "= equals first", "~ tilde first", "# hash first", "[plain] format",
                     " \t%25% spaced weight", "  [markdown] spaced format"],
         "answer": "%50% " + TRICKY, "explanation": TRICKY, "section": "intro", "hint": TRICKY},
        {"id": "x-tf", "kind": "tf", "prompt": TRICKY, "answer": False, "explanation": TRICKY, "section": "use"},
        {"id": "x-short", "kind": "short", "prompt": TRICKY, "answer": TRICKY,
         "key_ideas": [{"idea": TRICKY, "keywords": ["tricky"]}, {"idea": "plain idea", "keywords": ["plain"]}],
         "explanation": TRICKY, "section": "use"},
        {"id": "x-card", "kind": "flashcard", "prompt": TRICKY, "answer": TRICKY, "explanation": "Card.", "section": "use"},
    ]


def write_quiz(pack: Path, quiz: list[dict], *, title: str | None = None) -> Path:
    """Replace the quiz of q1 in a writable pack (and the case title, if given)."""
    answer = pack / "q1-alpha.yaml"
    data = yaml.safe_load(answer.read_text(encoding="utf-8"))
    data["quiz"] = quiz
    answer.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if title is not None:
        case = pack / "case.yaml"
        meta = yaml.safe_load(case.read_text(encoding="utf-8"))
        meta["title"] = title
        case.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pack


@pytest.fixture
def tricky() -> str:
    return TRICKY


@pytest.fixture
def tricky_pack(tmp_path) -> Path:
    return write_quiz(writable_copy(MINI, tmp_path / "tricky"), tricky_quiz())


@pytest.fixture
def tricky_case(tricky_pack):
    return load_case(str(tricky_pack))


@pytest.fixture
def set_quiz(tricky_pack):
    """Replace the tricky pack's quiz with the one given."""
    return lambda quiz: write_quiz(tricky_pack, quiz)


@pytest.fixture
def quoted_case(tricky_pack):
    """The tricky pack, its case title holding a quote and a tab."""
    return load_case(str(write_quiz(tricky_pack, tricky_quiz(), title='The "quoted"\tcase')))


@pytest.fixture
def mini_case():
    return load_case(str(MINI))


@pytest.fixture
def netflix():
    return load_case(None)


# --- the entry point run in this process, for the page cache tests -----------------


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh CASESTUDY_HOME (an empty page cache), a plain terminal type, no colour variables."""
    monkeypatch.setenv("CASESTUDY_HOME", str(tmp_path / "home"))
    for name in ("NO_COLOR", "FORCE_COLOR", "COLORTERM", "CASESTUDY_PACK", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    return tmp_path / "home"


@pytest.fixture
def casestudy_run(tmp_path, monkeypatch):
    """Run the entry point in this process, stdout a UTF-8 file (not a terminal); returns
    (exit code, bytes printed, whether the page was drawn: by the CLI or by `show`'s way
    without it; False when it came from the page cache)."""
    ran: list[bool] = []
    real = casestudy.cli.main
    real_drawn = entry.drawn_without_the_cli

    def counted() -> None:
        ran.append(True)
        real()

    def drawn(*args):
        page = real_drawn(*args)
        if page is not None:
            ran.append(True)
        return page

    monkeypatch.setattr(casestudy.cli, "main", counted)
    monkeypatch.setattr(entry, "drawn_without_the_cli", drawn)
    count = [0]

    def invoke(*args: str) -> tuple[object, bytes, bool]:
        count[0] += 1
        out = tmp_path / f"out-{count[0]}.txt"
        ran.clear()
        with open(out, "w", encoding="utf-8") as stream:
            monkeypatch.setattr(sys, "stdout", stream)
            monkeypatch.setattr(sys, "argv", ["casestudy", *args])
            try:
                entry.main()
                code: object = 0
            except SystemExit as done:
                code = done.code
            finally:
                monkeypatch.setattr(sys, "stdout", sys.__stdout__)
        return code or 0, out.read_bytes(), bool(ran)

    return invoke
