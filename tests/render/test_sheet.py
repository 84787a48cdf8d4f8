"""The revision sheet (export --sheet, show --sheet) and several questions in a row."""

from __future__ import annotations

import re

from tests.helpers import MINI, boxed_words, markdownlint, needs_markdownlint


def test_show_several_questions_in_a_row(run):
    result = run("show", "q4", "q7", "--brief")
    assert result.exit_code == 0, result.output
    heads = re.findall(r"^╭─ (Q\d) ·", result.stdout, re.M)
    assert heads == ["Q4", "Q7"]
    assert len(re.findall(r"^━{80}$", result.stdout, re.M)) == 1  # one separator between two pages
    assert run("show", "q7", "q4", "--brief").stdout.index("Q7 ·") < run("show", "q7", "q4", "--brief").stdout.index("Q4 ·")


def test_section_needs_exactly_one_question(run):
    result = run("show", "q4", "q7", "--section", "1")
    assert result.exit_code == 2
    assert "needs exactly one question" in result.stderr


def test_section_with_brief_or_sheet_is_refused_not_ignored(run, casestudy_run, home):
    # it printed the section alone, as if --brief or --sheet had not been given
    for flag in ("--brief", "--sheet"):
        result = run("show", "q4", flag, "-s", "2")
        assert (result.exit_code, result.stdout) == (2, ""), result.output
        assert f"Invalid value for '--section': shows one section in full; leave out {flag}" in boxed_words(result.stderr)
        assert casestudy_run("show", "q4", flag, "-s", "2")[0] == 2  # the entry point, before the CLI, lets the CLI say so


def test_show_sheet(run):
    result = run("--pack", str(MINI), "show", "q1", "--sheet")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Alpha is the first letter." in out  # TL;DR
    assert re.search(r"^ *1\. Alpha comes first \[1\]\.$", out, re.M)  # numbered key points with sources
    assert re.search(r"^ *24 +letters in the Greek alphabet +2024 \[1\]$", out, re.M)
    assert "✗ Alpha is a Latin letter." in out and "✓ It is Greek. [2]" in out
    assert "Introduction" not in out  # no sections
    assert out.rstrip().endswith("Full answer: casestudy show q1")
    assert run("show", "q1", "--sheet", "--brief").exit_code == 2


def test_export_sheet_markdown(run, tmp_path):
    result = run("--pack", str(MINI), "export", "--sheet")
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.startswith("# A tiny case: revision sheet\n")
    assert "\n## Q1. Alpha\n" in md
    assert "\n1. Alpha comes first [[1]](https://example.org/greek).\n" in md
    assert "| 24 | letters in the Greek alphabet | 2024 | [[1]](https://example.org/greek) |" in md
    assert "- **Myth:** Alpha is a Latin letter. **In fact:** It is Greek. [[2]](https://example.org/letters)" in md
    assert "\n## Q2. " in md and "Not written yet." in md
    refused = run("export", "--sheet", "--format", "json")
    assert refused.exit_code == 2
    assert ("Invalid value for '--sheet': the sheet is Markdown from its own template: leave out --format and --template"
            in boxed_words(refused.stderr))


@needs_markdownlint
def test_the_whole_sheet_passes_markdownlint(run, tmp_path):
    out = tmp_path / "sheet.md"
    result = run("export", "--sheet", "--out", str(out))
    assert result.exit_code == 0, result.output
    lint = markdownlint(out)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    text = out.read_text(encoding="utf-8")
    assert len(re.findall(r"^## Q\d\. ", text, re.M)) == 9
