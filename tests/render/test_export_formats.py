"""`casestudy export --format anki|tsv|gift` as a user runs it: files, stdout, questions
chosen, the missing extra, refusals, and content shown as text."""

from __future__ import annotations

import importlib.util
import io
import os
import sys
import zipfile

import pexpect

from tests.helpers import MINI, ROOT, require

NO_GENANKI = "casestudy: error: the anki format needs genanki. Install it with: pip install 'casestudy[anki]'\n"


def needs_genanki() -> None:
    require(importlib.util.find_spec("genanki") is not None, "genanki is not installed (pip install -e '.[test]')")


def test_without_genanki_the_message_names_the_extra(run, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "genanki", None)  # `import genanki` raises ImportError
    out = tmp_path / "deck.apkg"
    result = run("--pack", str(MINI), "export", "--format", "anki", "--out", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", NO_GENANKI)
    assert not out.exists()


def test_the_deck_goes_to_a_file_and_never_over_one_without_force(run, tmp_path, monkeypatch):
    needs_genanki()
    monkeypatch.setenv("CASESTUDY_NOW", "2026-09-01T10:00:00+00:00")
    out = tmp_path / "mini.apkg"
    result = run("--pack", str(MINI), "export", "--format", "anki", "--out", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"casestudy: wrote {out}\n")
    first = out.read_bytes()
    assert zipfile.ZipFile(io.BytesIO(first)).namelist() == ["collection.anki2", "media"]

    out.write_bytes(b"mine")
    result = run("--pack", str(MINI), "export", "--format", "anki", "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"casestudy: error: {out} already exists; not overwriting it. Pass --force to replace it, or choose another --out FILE.\n"
    )
    assert out.read_bytes() == b"mine"
    assert run("--pack", str(MINI), "export", "--format", "anki", "--out", str(out), "--force").exit_code == 0
    assert out.read_bytes() == first  # same content, same CASESTUDY_NOW: the same file


def test_the_deck_goes_to_stdout_when_it_is_not_a_terminal(run, monkeypatch):
    needs_genanki()
    monkeypatch.setenv("CASESTUDY_NOW", "2026-09-01T10:00:00+00:00")
    result = run("--pack", str(MINI), "export", "--format", "anki")
    assert (result.exit_code, result.stderr) == (0, "")
    assert zipfile.ZipFile(io.BytesIO(result.stdout_bytes)).namelist() == ["collection.anki2", "media"]
    assert run("--pack", str(MINI), "export", "--format", "anki", "--out", "-").stdout_bytes == result.stdout_bytes


def test_on_a_terminal_the_deck_needs_out(isolated):
    env = {**os.environ, "CASESTUDY_HOME": str(isolated), "COLUMNS": "200", "TERM": "xterm"}
    child = pexpect.spawn(
        sys.executable, ["-m", "casestudy", "--pack", str(MINI), "--color", "never", "export", "--format", "anki"],
        cwd=str(ROOT), env=env, encoding="utf-8", timeout=20, dimensions=(40, 200),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.before.strip() == (
        "casestudy: error: an Anki deck is a binary file, not for the terminal. "
        "Give --out FILE, such as --out netflix.apkg, or redirect the output to a file."
    )
    assert child.exitstatus == 1


def test_named_questions_in_gift(run):
    result = run("export", "q7", "q8", "--format", "gift")
    assert result.exit_code == 0, result.output
    categories = [line for line in result.stdout.splitlines() if line.startswith("$CATEGORY:")]
    assert categories == [
        "$CATEGORY: $course$/top/Case Study 2: Netflix System Design/Q7. Eventual versus strong consistency",
        "$CATEGORY: $course$/top/Case Study 2: Netflix System Design/Q8. Hystrix and Zuul",
    ]
    names = [line.split("::")[1] for line in result.stdout.splitlines() if line.startswith("::")]
    assert names[0] == "q7-01" and names[-1].startswith("q8-")
    assert all(name.startswith(("q7-", "q8-")) for name in names)


def test_tsv_of_one_question(run):
    result = run("--pack", str(MINI), "export", "alpha", "--format", "tsv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:6] == ["#separator:tab", "#html:true", "#notetype:Basic", "#guid column:1", "#deck column:2", "#tags column:3"]
    assert [len(line.split("\t")) for line in lines[6:]] == [5, 5, 5, 5]


def test_an_unwritten_question_or_a_template_is_refused(run):
    result = run("--pack", str(MINI), "export", "q2", "--format", "gift")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("casestudy: error: q2 (Beta) has not been written yet.")
    result = run("--pack", str(MINI), "export", "--format", "tsv", "--template", "x.j2")
    assert result.exit_code == 2
    assert "only works with --format md" in result.stderr


def test_nothing_to_export_is_an_error(run, tricky_pack, set_quiz):
    set_quiz([{"id": "c1", "kind": "flashcard", "prompt": "A", "answer": "B", "explanation": "C", "section": "use"}])
    result = run("--pack", str(tricky_pack), "export", "--format", "gift")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "casestudy: error: no quiz items to export as GIFT (mcq, tf and short items): q1, q2 have none. "
        "`casestudy list` shows which answers are written; export other questions.\n"
    )


def test_control_characters_are_shown_as_their_code(run, tricky_pack, set_quiz):
    item = {"id": "e1", "kind": "tf", "prompt": "Bell \a and escape \x1b[31m red", "answer": True, "explanation": "E.", "section": "use"}
    set_quiz([item])
    gift = run("--pack", str(tricky_pack), "export", "--format", "gift").stdout
    tsv = run("--pack", str(tricky_pack), "export", "--format", "tsv").stdout
    assert "\x1b" not in gift + tsv and "\a" not in gift + tsv
    assert "::e1::[html]Bell \\\\x07 and escape \\\\x1b[31m red{TRUE" in gift  # GIFT doubles the backslash
    assert "<b>True or false? Bell \\x07 and escape \\x1b[31m red</b>" in tsv
