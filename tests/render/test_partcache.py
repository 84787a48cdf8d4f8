"""The page drawn part by part: the same bytes as the page printed whole, each part's text
kept by its data and the run's settings, so an edit draws only the part that changed."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from casestudy.content.load import load_case
from casestudy.env import Environment
from casestudy.render import pagecache, partcache
from casestudy.render.console import _TrimmedLines, make_console
from casestudy.render.parts import page_parts, show_parts
from casestudy.render.terminal import page
from casestudy.text.safe import visible_model

CASE = visible_model(load_case())
QUESTIONS = [q for q in CASE.questions if q.written]
LINK_ID = re.compile(r"id=\d+;")  # Rich numbers each hyperlink at random


def environment(columns: int, colour: str) -> Environment:
    return Environment({"COLUMNS": str(columns), "TERM": "xterm-256color"}, stdout=io.StringIO(), color=colour)


def whole(env: Environment, renderable) -> str:
    console = make_console(env, file=io.StringIO())
    with console.capture() as captured:
        console.print(renderable, crop=False)
    return captured.get()


def drawn(env: Environment, parts, folder: Path, extra=()) -> str:
    settings = pagecache.settings(env, env.stdout, extra)
    return partcache.text(parts, settings, str(folder), lambda: make_console(env, file=io.StringIO()))


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize("colour", ["always", "never"])
def test_a_page_drawn_part_by_part_is_the_page_printed_whole(tmp_path, columns, colour):
    env = environment(columns, colour)
    for q in QUESTIONS:
        for brief in (False, True):
            expected = whole(env, page(q, CASE, brief=brief))
            fresh = drawn(env, page_parts(q, CASE, brief=brief), tmp_path)
            kept = drawn(env, page_parts(q, CASE, brief=brief), tmp_path)
            assert LINK_ID.sub("id=;", fresh) == LINK_ID.sub("id=;", expected), (q.id, brief)
            assert kept == fresh, (q.id, brief)  # from the cache: the very same bytes
            assert ("\x1b[" in fresh) == (colour == "always")


def test_every_part_is_kept_and_reused(tmp_path, monkeypatch):
    env = environment(80, "never")
    parts = page_parts(CASE.question("q4"), CASE)
    drawn(env, parts, tmp_path)
    assert len(list(tmp_path.glob("*.page"))) == len(parts)

    def no_console():
        raise AssertionError("a console was made although every part was kept")

    settings = pagecache.settings(env, env.stdout)
    again = partcache.text(parts, settings, str(tmp_path), no_console)
    assert again == whole(env, page(CASE.question("q4"), CASE))


def test_an_edited_section_is_the_only_part_drawn_again(tmp_path, mini_pack):
    env = environment(80, "never")
    case = visible_model(load_case(mini_pack))
    q = case.questions[0]
    first = drawn(env, page_parts(q, case), tmp_path)
    before = set(tmp_path.glob("*.page"))
    body = q.answer.sections[0].body
    words = body.split()[0]
    path = next(mini_pack.glob("q1-*.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace(words, "Rewritten", 1), encoding="utf-8")
    case = visible_model(load_case(mini_pack))
    second = drawn(env, page_parts(case.questions[0], case), tmp_path)
    added = set(tmp_path.glob("*.page")) - before
    assert len(added) == 1
    assert "Rewritten" in added.pop().read_text(encoding="utf-8")
    assert "Rewritten" in second and "Rewritten" not in first


@pytest.mark.parametrize(("name", "changed"), [
    ("width", lambda env: Environment({**env.environ, "COLUMNS": "81"}, stdout=env.stdout, color=env.color)),
    ("colour", lambda env: Environment(env.environ, stdout=env.stdout, color="always")),
    ("NO_COLOR", lambda env: Environment({**env.environ, "NO_COLOR": "1"}, stdout=env.stdout, color=env.color)),
    ("TERM", lambda env: Environment({**env.environ, "TERM": "dumb"}, stdout=env.stdout, color=env.color)),
    ("UNICODE_VERSION", lambda env: Environment({**env.environ, "UNICODE_VERSION": "9.0"}, stdout=env.stdout, color=env.color)),
])
def test_the_settings_that_change_a_drawing_change_every_key(name, changed):
    env = environment(80, "auto")
    part = page_parts(CASE.question("q4"), CASE)[0]
    one = partcache.part_key(pagecache.settings(env, env.stdout), part)
    other = partcache.part_key(pagecache.settings(changed(env), env.stdout), part)
    assert one != other
    assert partcache.part_key(pagecache.settings(env, env.stdout, (100,)), part) != one  # the caller's reading width


def test_a_damaged_part_is_drawn_again(tmp_path):
    env = environment(80, "never")
    parts = page_parts(CASE.question("q2"), CASE, brief=True)
    expected = drawn(env, parts, tmp_path)
    for path in tmp_path.glob("*.page"):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])  # torn
    assert drawn(env, parts, tmp_path) == expected


def test_a_folder_that_cannot_be_written_still_draws(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    env = environment(80, "never")
    parts = page_parts(CASE.question("q3"), CASE)
    assert drawn(env, parts, blocked / "parts") == whole(env, page(CASE.question("q3"), CASE))


@pytest.mark.parametrize("text", [
    "", "a", "a  \n", "a  \nb \n", "  \n\n", "x \ny", "tab\t\nend  ", "│ boxed │   \n╰──╯  \n", "no newline at the end   ",
])
def test_trimmed_is_what_piped_output_writes(text):
    out = io.StringIO()
    stream = _TrimmedLines(out)
    stream.write(text)
    stream.flush()
    assert partcache.trimmed(text) == out.getvalue()


def test_show_parts_for_several_questions_and_all():
    two = show_parts(CASE, ["q4", "q7"])
    assert [p for p in two if p[0] == "header"] == [("header", ("q4", CASE.question("q4").title, CASE.question("q4").text)),
                                                    ("header", ("q7", CASE.question("q7").title, CASE.question("q7").text))]
    assert sum(p[0] == "separator" for p in two) == 1
    everything = show_parts(CASE, ["all"], brief=True)
    assert sum(p[0] == "separator" for p in everything) == len(CASE.questions) - 1
