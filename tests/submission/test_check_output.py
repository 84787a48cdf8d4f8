"""`submission check` reading a real student's file (headings at any level, `Q3`, an unclosed
fence, CRLF), its output modes (--summary, --errors-only, --json), the five-question
variant's numbers, several files and the class view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, MINI

HONEST = FIXTURES / "submissions" / "honest"
FIVE = FIXTURES / "submissions" / "honest-five.md"


@pytest.fixture(autouse=True)
def no_markdownlint(monkeypatch):
    monkeypatch.setenv("CASESTUDY_MARKDOWNLINT", "")


def answered(run, tmp_path, name="s.md", q1=None, q2=None, refs=True):
    """A mini-pack submission with two honest answers of its own."""
    text = run("--pack", str(MINI), "submission", "new", "--name", "A Student", "--matric", "A21EC0001", "--group", "G1").stdout
    one = q1 or (HONEST / "q1-microservices.md").read_text()
    two = q2 or (HONEST / "q6-caching.md").read_text()
    text = text.replace("## Question 2\n", f"{one}\n## Question 2\n").replace("## References\n", f"{two}\n## References\n")
    if refs:
        text = text.replace("## References\n", "## References\n\n1. Example (2020). Greek alphabet. <https://example.org/greek>\n")
    path = tmp_path / name
    path.write_text(text)
    return path, text


def number_of(text: str, line: str) -> int:
    return next(n for n, here in enumerate(text.splitlines(), 1) if here == line)


def check(run, *args):
    return run("--pack", str(MINI), "submission", "check", *map(str, args))


def test_an_unclosed_fence_is_reported_where_it_opens_and_the_rest_is_still_read(run, tmp_path):
    path, text = answered(run, tmp_path)
    text = text.replace("## Question 2\n", "```python\nprint('hi')\n\n## Question 2\n")
    path.write_text(text)
    result = check(run, path)
    lines = result.stdout.splitlines()
    fence, q2, refs = (number_of(text, line) for line in ("```python", "## Question 2", "## References"))
    assert (
        f"error: {path}:{fence}: a code fence (```) opens here and is never closed, so everything after it is code, "
        f"hiding `## Question 2` (line {q2}), `## References` (line {refs}); close it with ``` on its own line"
    ) in lines
    assert f"ok: {path}:{q2}: Question 2 (Beta): answered (157 words)" in lines
    assert not [line for line in lines if "no heading for it" in line or "no `## References`" in line]


def test_a_question_heading_at_another_level_is_found_and_warned_about(run, tmp_path):
    path, text = answered(run, tmp_path)
    text = text.replace("## Question 2\n", "### Question 2\n")
    path.write_text(text)
    lines = check(run, path).stdout.splitlines()
    q2 = number_of(text, "### Question 2")
    assert f"warning: {path}:{q2}: Question 2 is a level-3 heading (###); make it `## Question 2` like the others" in lines
    assert f"ok: {path}:{number_of(text, '## Question 1')}: Question 1 (Alpha): answered (162 words)" in lines
    assert f"ok: {path}:{q2}: Question 2 (Beta): answered (157 words)" in lines
    assert not [line for line in lines if "headings:" in line and "in order" in line]


@pytest.mark.parametrize("heading", ["## Q2", "## Question 2: Beta", "## 2. Beta", "## **Question 2**"])
def test_other_ways_of_writing_a_question_heading_are_found(run, tmp_path, heading):
    path, text = answered(run, tmp_path)
    path.write_text(text.replace("## Question 2\n", f"{heading}\n"))
    result = check(run, path)
    assert result.exit_code == 0, result.output
    assert f"{path}:{number_of(path.read_text(), heading)}: Question 2 (Beta): answered (157 words)" in result.stdout


def test_crlf_and_a_byte_order_mark_change_nothing(run, tmp_path):
    path, text = answered(run, tmp_path)
    plain = check(run, path).stdout
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert check(run, path).stdout == plain


def test_summary_is_one_line_a_question(run, tmp_path):
    path, text = answered(run, tmp_path)
    result = check(run, path, "--summary")
    assert result.exit_code == 0, result.output
    q1, q2 = number_of(text, "## Question 1"), number_of(text, "## Question 2")
    assert result.stdout.splitlines() == [
        f"{path}:{q1}: Question 1 (q1): 162 words, ideas 1/3, 0% matches the model answers",
        f"{path}:{q2}: Question 2 (q2): 157 words, ideas -, 0% matches the model answers",
        f"{path}: 0 errors, 1 warning; ready to hand in.",
    ]


def test_errors_only_and_json(run, tmp_path):
    path, text = answered(run, tmp_path, refs=False)
    result = check(run, path, "--errors-only")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"error: {path}:{number_of(text, '## References')}: References: no sources listed yet",
        f"{path}: 1 error, 1 warning; fix the errors before you hand it in.",
    ]
    data = json.loads(check(run, path, "--json").stdout)
    assert (data["format"], data["ok"], data["pairs"]) == ("casestudy-check/1", False, [])
    (report,) = data["files"]
    assert (report["file"], report["errors"], report["ready"], report["study_guide"]) == (str(path), 1, False, False)
    assert [(q["number"], q["id"], q["words"], q["match_percent"]) for q in report["questions"]] == [(1, "q1", 162, 0.0), (2, "q2", 157, 0.0)]
    assert report["questions"][0]["ideas_missing"] == ["alpha (key point 1)", "first (key point 1)"]


def test_the_five_question_variant_names_the_case_question_of_each_number(run):
    lines = run("submission", "check", str(FIVE)).stdout.splitlines()
    assert lines[0] == (
        f"note: {FIVE}: checked as the five variant (5 questions); Question 1 — casestudy show q2, "
        "Question 2 — casestudy show q3, Question 3 — casestudy show q4, Question 4 — casestudy show q7, "
        "Question 5 — casestudy show q8"
    )
    assert any(line.endswith(": Question 3 (q4, AWS: performance and cost): answered (170 words)") for line in lines)


def test_a_class_view_lists_two_files_sharing_a_paragraph(run, tmp_path):
    shared = (HONEST / "q9-spark-presto.md").read_text()
    a, a_text = answered(run, tmp_path, "a.md", q2=shared)
    b, b_text = answered(run, tmp_path, "b.md", q1=(HONEST / "q5-graphql.md").read_text(), q2=shared.replace("huge", "vast"))
    c, _ = answered(run, tmp_path, "c.md", q1=(HONEST / "q3-regions.md").read_text(), q2=(HONEST / "q7-consistency.md").read_text())
    result = check(run, tmp_path)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert f"{c}: 0 errors, 1 warning; ready to hand in." in lines
    start = lines.index("note: class view: 3 files; 1 pair shares passages")
    assert lines[start + 1].startswith(f"error: {a} and {b} share 6 passages (88 content words):")
    first = "Netflix stores a huge amount of viewing history and event data in Amazon S3 as tables that several engines can read."
    at_a, at_b = number_of(a_text, shared.splitlines()[0]), number_of(b_text, shared.splitlines()[0].replace("huge", "vast"))
    assert lines[start + 2] == f'  {a}:{at_a}: "{first}"'
    assert lines[start + 3] == f'    {b}:{at_b}: "{first.replace("huge", "vast")}"'
    assert not [line for line in lines[start:] if str(c) in line]
    data = json.loads(check(run, a, b, c, "--json").stdout)
    assert [(p["first"], p["second"]) for p in data["pairs"]] == [(str(a), str(b))]
    # --summary: one line a pair; the passages (595 pairs' worth in a real class) are left out
    brief = check(run, tmp_path, "--summary").stdout.splitlines()
    start = brief.index("note: class view: 3 files; 1 pair shares passages")
    assert brief[start + 1:] == [f"error: {a} and {b} share 6 passages (88 content words)"]


def test_honest_files_make_no_pair(run, tmp_path):
    a, _ = answered(run, tmp_path, "a.md")
    b, _ = answered(run, tmp_path, "b.md", q1=(HONEST / "q3-scaling.md").read_text(), q2=(HONEST / "q8-hystrix-zuul.md").read_text())
    result = check(run, a, b)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "ok: class view: 2 files, no two share passages"


def test_a_folder_stands_for_every_markdown_file_in_it_whatever_its_case(run, tmp_path):
    """Essay.MD and notes.markdown were skipped without a word: a lecturer checking a class
    folder never saw them. A broken link is that file's error, not silence."""
    (tmp_path / "sub").mkdir()
    a, _ = answered(run, tmp_path / "sub", "a.md")
    (tmp_path / "sub" / "Essay.MD").write_text(a.read_text())
    (tmp_path / "sub" / "notes.markdown").write_text(a.read_text())
    (tmp_path / "sub" / "gone.md").symlink_to(tmp_path / "nowhere.md")
    (tmp_path / "sub" / "readme.txt").write_text("not a submission")
    (tmp_path / "sub" / "drafts.md").mkdir()
    data = json.loads(check(run, tmp_path / "sub", "--json").stdout)
    assert [Path(f["file"]).name for f in data["files"]] == ["Essay.MD", "a.md", "gone.md", "notes.markdown"]
    assert data["files"][2]["errors"] == 1


def test_a_link_to_nothing_says_it_is_a_link_and_where_it_points(run, tmp_path):
    """A broken symlink in a class folder was reported as "file not found", sending the
    lecturer to look for a file whose name is right there in the folder."""
    (tmp_path / "class").mkdir()
    answered(run, tmp_path / "class", "a.md")
    gone = tmp_path / "class" / "gone.md"
    gone.symlink_to(tmp_path / "nowhere.md")
    said = f"{gone}: a link to {tmp_path / 'nowhere.md'}, which does not exist. Point the link at an existing file, or remove it."
    result = check(run, tmp_path / "class", "--errors-only")
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[2:4] == [
        f"error: {said}",
        f"{gone}: 1 error, 0 warnings; fix the errors before you hand it in.",
    ]
    assert result.stdout.splitlines()[-1] == "note: class view: 1 of 2 files compared (1 could not be checked); fewer than two could be read, so none were compared"
    alone = check(run, gone)
    assert alone.exit_code == 1
    assert alone.stderr == f"casestudy: error: {said}\n"


def test_one_file_named_twice_is_checked_once_and_never_paired_with_itself(run, tmp_path, monkeypatch):
    """`a.md` and its full path, or a link to it in the class folder, were two submissions
    that "share" every passage: a pair of one student, and exit 1."""
    (tmp_path / "class").mkdir()
    a, _ = answered(run, tmp_path / "class", "a.md")
    monkeypatch.chdir(tmp_path)
    result = check(run, "class/a.md", a)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "class/a.md: 0 errors, 1 warning; ready to hand in."
    answered(run, tmp_path / "class", "b.md", q1=(HONEST / "q3-scaling.md").read_text(), q2=(HONEST / "q8-hystrix-zuul.md").read_text())
    (tmp_path / "class" / "final.md").symlink_to("a.md")
    data = json.loads(check(run, "class", "--json").stdout)
    assert [f["file"] for f in data["files"]] == ["class/a.md", "class/b.md"]
    assert (data["ok"], data["pairs"]) == (True, [])


def test_a_folder_without_markdown_is_a_clear_error(run, tmp_path):
    result = check(run, tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"casestudy: error: {tmp_path}: no .md files in this folder. Give the submissions' Markdown files or their folder.\n"



@pytest.mark.parametrize("width", [60, 80])
def test_on_a_terminal_check_wraps_between_words_with_the_prefix_at_the_left(run, tmp_path, monkeypatch, width):
    """On a terminal (here: --color always at $COLUMNS) each finding is wrapped between words
    to the width, further lines indented; into a pipe it stays one line a finding."""
    import re

    answered(run, tmp_path)
    monkeypatch.chdir(tmp_path)
    path = "s.md"  # as a student types it (a path longer than the width is folded)
    plain = run("--pack", str(MINI), "submission", "check", str(path))
    monkeypatch.setenv("COLUMNS", str(width))
    shown = run("--pack", str(MINI), "--color", "always", "submission", "check", str(path))
    lines = re.sub(r"\x1b\[[0-9;]*m", "", shown.stdout).splitlines()
    assert shown.exit_code == plain.exit_code, shown.output
    assert max(len(line) for line in lines) <= width
    assert any(len(line) > width for line in plain.stdout.splitlines())  # piped: one line a finding
    # the same words in the same order: nothing cut mid-word, nothing lost
    assert " ".join(" ".join(lines).split()) == " ".join(plain.stdout.split())
    assert [line.split()[0] for line in lines if not line.startswith(" ")] == [
        line.split()[0] for line in plain.stdout.splitlines()
    ]


@pytest.mark.parametrize("no_colour", [("--color", "never"), ("NO_COLOR",)])
def test_a_terminal_without_colour_is_wrapped_between_words_too(run, tmp_path, monkeypatch, no_colour):
    """With NO_COLOR or --color never on a terminal, each finding was one long line the
    terminal broke mid-word (`c` / `hallenges`): Rich's console says it is no terminal."""
    import typer.testing

    answered(run, tmp_path)
    monkeypatch.chdir(tmp_path)
    plain = run("--pack", str(MINI), "submission", "check", "s.md")
    monkeypatch.setattr(typer.testing._NamedTextIOWrapper, "isatty", lambda self: True)  # the runner's stdout is a terminal
    monkeypatch.setenv("COLUMNS", "60")
    options = no_colour if no_colour[0] == "--color" else ()
    if no_colour == ("NO_COLOR",):
        monkeypatch.setenv("NO_COLOR", "1")
    shown = run("--pack", str(MINI), *options, "submission", "check", "s.md")
    assert shown.exit_code == plain.exit_code, shown.output
    assert "\x1b" not in shown.stdout
    assert max(len(line) for line in shown.stdout.splitlines()) <= 60
    assert " ".join(shown.stdout.split()) == " ".join(plain.stdout.split())


@pytest.mark.parametrize("text", ["", "\n\n  \n", "\ufeff"])
def test_an_empty_file_is_one_error_not_one_per_missing_part(run, tmp_path, text):
    path = tmp_path / "empty.md"
    path.write_text(text, encoding="utf-8")
    result = check(run, str(path))
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if line.startswith("error:")] == [
        f"error: {path}: the file is empty (or holds only blank lines); was it saved? Start from "
        "`casestudy submission new --out FILE`"
    ]
    assert result.stdout.splitlines()[-1] == f"{path}: 1 error, 0 warnings; fix the errors before you hand it in."


def test_hidden_files_in_a_folder_are_named_and_skipped(run, tmp_path):
    """An editor's lock link (`.#a.md`, pointing nowhere) and macOS's `._b.md` were checked
    as two more submissions: a dangling link and a file that is not UTF-8 among the class."""
    folder = tmp_path / "class"
    folder.mkdir()
    answered(run, folder, "a.md")
    answered(run, folder, "b.md")
    (folder / ".#a.md").symlink_to("user@host.1234:1700000000")
    (folder / "._b.md").write_bytes(b"\x00\x05\x16\x07\xff")
    result = check(run, folder, "--json")
    data = json.loads(result.stdout)
    assert [Path(f["file"]).name for f in data["files"]] == ["a.md", "b.md"]
    assert result.stderr == f"casestudy: note: skipped 2 hidden files ({folder / '.#a.md'}, {folder / '._b.md'}); name one to check it.\n"
    named = check(run, folder / "._b.md")  # named, it is checked
    assert named.exit_code == 1 and "not UTF-8" in named.stderr + named.stdout
    only = tmp_path / "only"
    only.mkdir()
    (only / ".x.md").write_text("# x\n")
    alone = check(run, only)
    assert (alone.exit_code, alone.stderr.splitlines()[0]) == (
        1, f"casestudy: error: {only}: no .md files in this folder (only hidden ones: .x.md). Give the submissions' Markdown files or their folder.")
