"""Issue 11 as a user meets it: mistakes back, skipping, resuming, an honest exam summary."""

from __future__ import annotations

import json
import sqlite3

from tests.helpers import ROOT

REVISE = str(ROOT / "tests" / "fixtures" / "revise")


def quiz(run, *args, input=""):
    return run("--pack", REVISE, "quiz", *args, input=input)


def rows(home, sql):
    return sqlite3.connect(home / "progress.db").execute(sql).fetchall()


def asked(stdout: str) -> list[str]:
    """The item headers of a run, `1/4 · q2 Beta · multiple choice` → the prompt line after it."""
    lines = stdout.splitlines()
    return [lines[i + 1] for i, line in enumerate(lines) if line.startswith(tuple(f"{n}/" for n in range(1, 20)))]


def test_two_wrong_answers_come_back_as_mistakes_and_exactly_those_are_asked(run, isolated):
    first = quiz(run, "--kind", "tf", "--n", "4", "--seed", "2", input="t\nt\nt\nt\n")
    assert first.exit_code == 0, first.output
    before = rows(isolated, "SELECT item_id, correct FROM attempts ORDER BY id")
    wrong = [i for i, ok in before if not ok]
    assert len(wrong) == 2, first.stdout
    listed = run("--pack", REVISE, "mistakes")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.startswith("2 items whose latest answer was wrong\n")
    for item_id in wrong:
        assert f" · {item_id}\n" in listed.stdout
    assert listed.stdout.count("  You: true\n") == 2 and listed.stdout.count("  Answer: false\n") == 2
    assert listed.stdout.count("  Read: casestudy show q") == 2
    again = quiz(run, "--mistakes", "--seed", "5", input="f\nf\n")
    assert again.exit_code == 0, again.output
    assert sorted(r[0] for r in rows(isolated, "SELECT item_id FROM attempts ORDER BY id")[len(before) :]) == sorted(wrong)
    assert "Score: 2 of 2 right (100%)" in again.stdout
    assert run("--pack", REVISE, "mistakes").stdout.startswith("No mistakes:")
    stats = json.loads(run("--pack", REVISE, "stats", "--json").stdout)
    assert stats["mistakes"] == 0


def test_stats_counts_the_mistakes(run):
    quiz(run, "--kind", "tf", "--n", "4", "--seed", "2", input="t\nt\nt\nt\n")
    stats = run("--pack", REVISE, "stats")
    assert "Mistakes    2 (latest answer wrong: casestudy mistakes)" in stats.stdout
    assert json.loads(run("--pack", REVISE, "stats", "--json").stdout)["mistakes"] == 2


def test_quiz_mistakes_with_none_is_one_clear_error(run):
    result = quiz(run, "--mistakes")
    assert result.exit_code == 1
    assert result.stderr == (
        "casestudy: error: no mistakes to practise here: no item you have answered has a wrong latest answer. "
        "`casestudy mistakes` lists them; `casestudy quiz` asks new items.\n"
    )


def test_s_skips_without_saving_or_counting(run, isolated):
    result = quiz(run, "q2", "--kind", "mcq", "--n", "2", "--seed", "1", input="s\na\n")
    assert result.exit_code == 0, result.output
    assert "Skipped: not counted, not scheduled." in result.stdout
    assert "Score: 1 of 1 right (100%)  (1 of 2 answered)" in result.stdout
    assert "– 1. b-02 How is lower-case beta written?" in result.stdout
    assert "     You: skipped" in result.stdout
    assert rows(isolated, "SELECT item_id FROM attempts") == [("b-08",)]
    assert rows(isolated, "SELECT item_id FROM cards") == [("b-08",)]


def test_resume_carries_on_with_the_same_items_and_options(run, isolated):
    whole = quiz(run, "q2", "--kind", "mcq", "--n", "3", "--seed", "1", input="a\na\na\n")
    order = asked(whole.stdout)
    first = quiz(run, "q2", "--kind", "mcq", "--n", "3", "--seed", "1", input="b\n")
    assert "Input ended before the last question." in first.stdout
    assert "Carry on later: casestudy quiz --resume" in first.stdout
    rest = quiz(run, "--resume", input="a\nb\n")
    assert rest.exit_code == 0, rest.output
    assert rest.stdout.startswith("Resuming your quiz at item 2 of 3.\n")
    assert asked(rest.stdout) == order[1:]
    assert "Score: " in rest.stdout and "of 3 right" in rest.stdout  # the first answer counts too
    assert quiz(run, "--resume").stderr == "casestudy: error: there is no stopped quiz to resume. Start one: casestudy quiz\n"


def test_resume_takes_no_other_options(run):
    result = quiz(run, "--resume", "--n", "3")
    assert result.exit_code == 2
    assert result.stderr.startswith("casestudy: error: --resume carries on the last quiz exactly as it was")


def test_an_exam_stopped_after_one_answer_lists_every_item_and_its_grade_agrees(run):
    result = quiz(run, "--exam", "--kind", "mcq,tf", "--n", "4", "--seed", "7", input="t\nq\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    tail = out[out.index("Exam score:") :]
    marks = [line[:1] for line in tail.splitlines() if line[:1] in "✓✗–" and line[1:4] in (" 1.", " 2.", " 3.", " 4.")]
    assert len(marks) == 4, tail
    right = marks.count("✓")
    assert tail.startswith(f"Exam score: {right} of 4 ({round(100 * right / 4)}%)")
    assert tail.count("You: not answered") == 3
    assert tail.count("     Read: casestudy show q") == 4 - right
    assert "Every answer right" not in out


def test_an_n_larger_than_the_bank_says_how_many_there_are(run):
    result = quiz(run, "q1", "--kind", "tf", "--n", "500", "--seed", "1", input="")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("You asked for 500; only 1 item is available, so it is asked.\n")


def test_a_question_mark_in_an_exam_says_hints_are_off(run):
    result = quiz(run, "q1", "--exam", "--kind", "tf", "--n", "1", "--seed", "1", input="?\nt\n")
    assert "Hints are off in an exam: answer, s to skip, or q to stop." in result.stdout


def test_piped_exam_self_assessment_takes_one_line_per_short_answer(run, isolated):
    answer = "It comes second in the alphabet, right after alpha and before gamma.\n"
    result = quiz(run, "q2", "--exam", "--kind", "short", "--n", "1", "--seed", "1", input=answer + "1\n")
    assert result.exit_code == 0, result.output
    assert "  1 [✓] It comes second" in result.stdout
    assert "✗ counts as wrong (1 of 3 ideas)" in result.stdout
    assert "The grade includes: self-assessed." in result.stdout
    assert rows(isolated, "SELECT item_id, correct, pending FROM attempts") == [("b-07", 0, 0)]
    assert rows(isolated, "SELECT item_id FROM cards") == [("b-07",)]


def test_mistakes_show_the_letters_the_quiz_showed(run):
    """The quiz shuffles options; mistakes used the bank's order, so the right answer the
    quiz called c) came back as a)."""
    result = quiz(run, "q2", "--kind", "mcq", "--n", "3", "--seed", "2", input="a\na\na\n")
    assert "✗ Not quite. The answer is c) Alphabet." in result.stdout
    assert "✗ Not quite. The answer is c) β." in result.stdout
    listed = run("--pack", REVISE, "mistakes").stdout
    assert "  You: a) Letter\n  Answer: c) Alphabet\n" in listed
    assert "  You: a) γ\n  Answer: c) β\n" in listed


def test_a_mistake_whose_option_order_was_not_kept_is_shown_without_letters(run, isolated):
    """A review keeps no option order: the answer is shown as its text, with no letter to mislead."""
    from datetime import datetime, timezone

    from casestudy.revise.store import Store

    with Store.open(isolated / "progress.db") as store:
        store.record(
            item_id="b-08", question_id="q2", kind="mcq", correct=False, rating=1, mode="review", session="a-review",
            when=datetime(2026, 5, 4, 9, tzinfo=timezone.utc), response="Letter",
        )  # fmt: skip
    listed = run("--pack", REVISE, "mistakes").stdout
    assert "  You: Letter\n  Answer: Alphabet\n" in listed


def test_a_resumed_exam_counts_the_short_answer_assessed_before_it_stopped(run):
    """The short answer was answered and assessed before q; the resumed exam's summary said
    'Short answers (none answered)' and left it out of what the grade includes."""
    answer = "It comes second in the alphabet, right after alpha and before gamma.\n"
    first = quiz(run, "q2", "--exam", "--kind", "short,mcq", "--n", "2", "--seed", "4", input=answer + "q\n1\n")
    assert first.exit_code == 0, first.output
    assert "1/2 · q2 Beta · short answer" in first.stdout
    assert "Short answers (self-assessed): 0 of 1 right\n" in first.stdout
    rest = quiz(run, "--resume", input="a\n")
    assert rest.exit_code == 0, rest.output
    assert rest.stdout.startswith("Resuming your exam at item 2 of 2.\n")
    assert "The grade includes: automatic + self-assessed.\n" in rest.stdout
    assert "Short answers (self-assessed): 0 of 1 right\n" in rest.stdout
    assert "none answered" not in rest.stdout
