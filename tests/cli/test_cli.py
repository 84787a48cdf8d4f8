"""list, show, validate and the global options, as a user meets them."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from casestudy import __version__
from tests.helpers import MINI, ROOT

ESC = "\x1b"


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"casestudy {__version__}\n"


@pytest.mark.parametrize("args", [(), ("submission",)], ids=["casestudy", "casestudy-submission"])
def test_no_command_shows_help_and_exits_2(run, args):
    """No command is a usage mistake (README, Exit codes): the help on stdout, exit 2."""
    result = run(*args)
    assert result.exit_code == 2, result.output
    usage = " ".join(["Usage: casestudy", *args, "[OPTIONS] COMMAND [ARGS]..."])
    assert result.stdout.lstrip().startswith(usage)
    for command in (("list", "show", "validate") if not args else ("new", "check")):
        assert re.search(rf"^│ {command}\b", result.stdout, re.M), command


def test_list_shows_every_question_and_marks_unwritten(run):
    result = run("--pack", str(MINI), "list")
    assert result.exit_code == 0, result.output
    assert "q1" in result.stdout and "What is alpha?" in result.stdout
    assert re.search(r"q2\s+Beta\s+What is beta\?\s*\n\s+\(not written yet\)", result.stdout)
    assert "(not written yet)" not in result.stdout.split("q2")[0]


def test_list_bundled_case(run):
    result = run("list")
    assert result.exit_code == 0, result.output
    assert "Case Study 2: Netflix System Design" in result.stdout
    for n in range(1, 10):
        assert f"q{n} " in result.stdout


def test_show_page_has_every_part(run):
    result = run("--pack", str(MINI), "show", "q1")
    assert result.exit_code == 0, result.output
    out = result.stdout
    order = [
        "Q1 · Alpha", "What is alpha?", "TL;DR", "Key points", "1. Introduction", "Alpha vs beta",
        "2. Use", "Diagram: Order", "In numbers", "Common misconceptions", "Glossary", "References",
        "Related questions", "q2 Beta →", "casestudy quiz q1",
    ]
    positions = [out.index(part) for part in order]
    assert positions == sorted(positions)
    assert "[1] Greek alphabet — Example, 2020.\n    https://example.org/greek\n" in out  # the URL on a line of its own
    assert "[@" not in out, "citations are numbered, never shown raw"


def test_show_brief_is_header_tldr_and_points(run):
    out = run("--pack", str(MINI), "show", "1", "--brief").stdout
    assert "TL;DR" in out and "Key points" in out
    assert "Introduction" not in out and "References" not in out
    assert "casestudy show q1" in out


def test_show_same_page_for_q4_4_and_aws(run):
    pages = {ref: run("show", ref) for ref in ("q4", "4", "aws", "Q4")}
    assert all(r.exit_code == 0 for r in pages.values())
    assert len({r.stdout for r in pages.values()}) == 1
    assert pages["q4"].stdout.startswith("╭─ Q4 · AWS: performance and cost")


def test_show_unknown_question(run):
    result = run("show", "q10")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "casestudy: error: there is no question 10; questions are q1–q9. `casestudy list` shows them all.\n"
    assert "Traceback" not in result.output


def test_show_unwritten_question(run):
    result = run("--pack", str(MINI), "show", "beta")
    assert result.exit_code == 1
    assert result.stderr == (
        "casestudy: error: q2 (Beta) has not been written yet. `casestudy list` shows which answers are available.\n"
    )


@pytest.mark.parametrize("kind", ["folder", "dangling link"])
@pytest.mark.parametrize("args", [("list",), ("show", "q1"), ("show", "q1", "q2", "--brief"), ("show", "all"), ("validate",)])
def test_an_answer_that_is_not_a_file_is_one_problem_everywhere(run, mini_pack, monkeypatch, kind, args):
    """An answer's name taken by a folder or a link to nothing: list and show name the
    problem as validate does (not "written" in list, not "has not been written yet")."""
    monkeypatch.chdir(mini_pack.parent)
    answer = mini_pack / "q1-alpha.yaml"
    answer.unlink()
    if kind == "folder":
        answer.mkdir()
        reason = "not a regular file; a pack holds plain YAML files"
    else:
        answer.symlink_to("nowhere.yaml")
        reason = "the file is a link to nowhere.yaml, which does not exist; copy the file into the pack or remove the link"
    result = run("--pack", "pack", *args)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"pack/q1-alpha.yaml: {reason}\n"
        "casestudy: error: the content pack has 1 problem. Fix each line above (file:line:column: field: what is wrong);"
        " answers/README.md documents the format.\n"
    )


def test_show_all_lists_every_question_in_order(run):
    out = run("--pack", str(MINI), "show", "all").stdout
    assert out.index("Q1 · Alpha") < out.index("Q2 · Beta")
    assert "The answer to q2 has not been written yet." in out


def test_missing_argument_is_a_usage_error(run):
    result = run("show")
    assert result.exit_code == 2
    assert "Missing argument" in result.output


def test_bad_pack_reports_every_problem_with_location(run, mini_pack):
    path = mini_pack / "q1-alpha.yaml"
    text = path.read_text().replace("    year: 2020", '    year: "recent"').replace("glossary:", "anwser: 1\nglossary:")
    path.write_text(text)
    result = run("--pack", str(mini_pack), "show", "q1")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(re.match(rf"{re.escape(str(path))}:\d+:11: references\[0\]\.year: expected a whole number", line) for line in lines)
    assert any(re.match(rf"{re.escape(str(path))}:\d+:1: anwser: unknown field `anwser`", line) for line in lines)
    assert lines[-1].startswith("casestudy: error: the content pack has 2 problems")


def test_pack_from_environment(run, monkeypatch):
    monkeypatch.setenv("CASESTUDY_PACK", str(MINI))
    assert "Q1 · Alpha" in run("show", "q1").stdout


def test_validate(run):
    result = run("--pack", str(MINI), "validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: ")
    assert result.stdout.endswith(": 1 of 2 answers written, 4 quiz items\n")


# --- colour: escape codes only where they belong -------------------------------------


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "casestudy", *args], capture_output=True, text=True, cwd=ROOT, env=full_env
    )


def test_piped_output_has_no_escape_codes_but_keeps_structure():
    result = cli("show", "q4")
    assert result.returncode == 0, result.stderr
    assert ESC not in result.stdout
    assert "Key points" in result.stdout and "References" in result.stdout and "•" in result.stdout


def test_color_always_and_force_color_style_piped_output():
    assert ESC in cli("--color", "always", "show", "q4", "--brief").stdout
    assert ESC in cli("show", "q4", "--brief", env={"FORCE_COLOR": "1"}).stdout


def test_color_never_wins_over_force_color():
    assert ESC not in cli("--color", "never", "show", "q4", "--brief", env={"FORCE_COLOR": "1"}).stdout


def test_errors_are_plain_when_piped():
    result = cli("show", "nope")
    assert result.returncode == 1
    assert ESC not in result.stderr
    assert result.stderr.count("\n") == 1


def test_python_dash_m_entry_point():
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"casestudy {__version__}"


def test_reader_closing_the_pipe_is_not_an_error():
    proc = subprocess.run(
        f"{sys.executable} -m casestudy show all | head -n 1", shell=True, capture_output=True, text=True, cwd=ROOT
    )
    assert proc.stderr == ""
    assert proc.stdout.startswith("╭─ Q1")


def test_page_fits_80_columns():
    """Every line fits, except a reference's URL, which is printed whole on a line of its own."""
    out = cli("show", "all", env={"COLUMNS": "80"}).stdout
    urls = [line for line in out.splitlines() if re.fullmatch(r" {4,5}https?://\S+", line)]
    widths = [len(line) for line in out.splitlines() if line not in urls]
    assert max(widths) <= 80
    assert any(len(u) > 80 for u in urls)  # whole, not cut with "…"
    assert "…" not in "".join(urls)
    assert not [line for line in out.splitlines() if line != line.rstrip()], "no padding at line ends"


LONG = "x" * 5000
SHORT = "x" * 60 + "…"


@pytest.mark.parametrize(("args", "message"), [
    (("show", LONG), f"no question '{SHORT}'."),
    (("show", "q1", "--section", LONG), f"q1 has no section '{SHORT}'."),
    (("search", LONG), f"nothing found for '{SHORT}'."),
    (("search", "?!" + LONG), None),  # a word after all: nothing found
    (("define", LONG), f"no glossary term '{SHORT}'."),
    (("lab", LONG), f"there is no lab called '{SHORT}'."),
    (("quiz", "--exam", "--time", LONG), f"cannot read the time limit '{SHORT}'."),
    (("review", "--exam-date", LONG), f"cannot read the exam date '{SHORT}'."),
])
def test_an_error_repeats_a_long_argument_shortened(run, args, message):
    """A 5,000-character argument was repeated whole (define: twice): its first 60
    characters and "…", so the message stays one readable line."""
    result = run(*args)
    usage = args[0] == "lab" or "--time" in args or "--exam-date" in args  # an unknown lab, a bad option value
    assert result.exit_code == (2 if usage else 1), result.output
    assert result.stderr.count("\n") == 1 and len(result.stderr) < 600, result.stderr[:300]
    assert "x" * 61 not in result.stderr
    if message is not None:
        assert result.stderr.startswith(f"casestudy: error: {message}"), result.stderr[:200]


def test_the_search_footer_shortens_a_long_query(run):
    result = run("search", *["cassandra"] * 500)  # one word, asked for once
    assert result.exit_code == 0, result.output
    query = " ".join(["cassandra"] * 500)
    assert " ".join(result.stdout.splitlines()[-2:]) == f"10 of 57 hits for {query[:60]}… (--limit N for more)"  # wrapped at 80
