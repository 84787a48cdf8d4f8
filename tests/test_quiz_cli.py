"""`casestudy quiz`, `review` and `stats` as a user runs them, answers piped in."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

from tests.conftest import MINI, ROOT

REVISE = str(ROOT / "tests" / "fixtures" / "revise")
RULE = "─"


def lines(text: str) -> list[str]:
    """Output lines without trailing blanks, rules reduced to their title."""
    out = []
    for line in text.splitlines():
        line = line.rstrip().rstrip(RULE).rstrip()
        out.append(line)
    return out


def quiz(run, *args, input=""):
    return run("--pack", REVISE, "quiz", *args, input=input)


def stats_json(run) -> dict:
    result = run("--pack", REVISE, "stats", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def db_rows(home, sql):
    return sqlite3.connect(home / "progress.db").execute(sql).fetchall()


def test_piped_answers_give_plain_text_feedback_and_a_summary(run):
    result = quiz(run, "q2", "--n", "2", "--seed", "1", "--kind", "mcq", input="b\na\n")
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.stdout
    assert lines(result.stdout)[:21] == [
        "",
        "1/2 · q2 Beta · multiple choice",
        "How is lower-case beta written?",
        "  a) γ",
        "  b) β",
        "  c) α",
        "Answer a–c (? hint, q quit): b",
        "✓ Right.",
        "β is beta; α is alpha and γ is gamma.",
        "Read more: casestudy show q2 — §2 Shape",
        "",
        "2/2 · q2 Beta · multiple choice",
        "Which word comes from the first two Greek letters?",
        "  a) Alphabet",
        "  b) Letter",
        "  c) Grammar",
        "Answer a–c (? hint, q quit): a",
        "✓ Right.",
        "Alpha + beta gives alphabet.",
        "Read more: casestudy show q2 — §1 Order",
        "",
    ]
    assert "Score: 2 of 2 right (100%)" in result.stdout
    assert lines(result.stdout)[-1] == "Same questions again: add --seed 1"
    assert stats_json(run)["answers"] == 2


def test_a_wrong_answer_teaches_and_the_summary_points_to_what_to_reread(run):
    result = quiz(run, "q2", "--n", "1", "--seed", "1", "--kind", "mcq", input="a\n")
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert "✗ Not quite. The answer is b) β." in out
    assert "Read more: casestudy show q2 — §2 Shape" in out
    assert "Score: 0 of 1 right (0%)" in out
    assert "Re-read your weakest topics" in out
    assert "  • q2 Beta: 0 of 1 right — casestudy show q2 (§2 Shape)" in out


def test_end_of_input_stops_cleanly_with_the_summary(run, isolated):
    result = quiz(run, "q2", "--n", "2", "--seed", "1", "--kind", "mcq", input="b\n")
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert "Input ended before the last question." in out
    assert "Score: 1 of 1 right (100%)  (1 of 2 answered)" in out
    assert db_rows(isolated, "SELECT item_id, correct, rating FROM attempts") == [("b-02", 1, 3)]


def test_a_hint_reveals_steps_and_caps_the_rating_at_hard(run, isolated):
    result = quiz(run, "q2", "--n", "1", "--seed", "1", "--kind", "mcq", input="?\n?\n?\nb\n")
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert "Hint 1: It looks a little like a B with a tail." in out
    assert "Hint 2: Read: casestudy show q2 — §2 Shape" in out
    assert "No more hints: answer, or q to quit." in out
    assert "✓ Right. (with a hint: counts as hard)" in out
    assert db_rows(isolated, "SELECT item_id, correct, rating, hints FROM attempts") == [("b-02", 1, 2, 2)]


def test_bad_input_is_asked_again(run):
    result = quiz(run, "q2", "--n", "1", "--seed", "1", "--kind", "tf", input="maybe\nt\n")
    assert result.exit_code == 0, result.output
    assert "Answer t (true) or f (false)." in lines(result.stdout)


def test_short_answers_are_graded_by_key_ideas(run, isolated):
    result = quiz(run, "q2", "--kind", "short", "--seed", "1", input="Second, right after alpha.\n")
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    i = out.index("Key ideas: 2 of 3 mentioned")
    assert out[i : i + 7] == [
        "Key ideas: 2 of 3 mentioned",
        "  ✓ It comes second",
        "  ✓ It follows alpha",
        "  ✗ It comes before gamma  (words: before gamma, gamma)",
        "Model answer: Second: after alpha and before gamma.",
        "✓ Right.",
        "Beta sits between alpha and gamma.",
    ]
    assert db_rows(isolated, "SELECT item_id, correct, rating FROM attempts") == [("b-07", 1, 2)]


def test_flashcards_take_a_rating_when_piped(run, isolated):
    result = quiz(run, "q1", "--kind", "flashcard", input="4\n")
    assert result.exit_code == 0, result.output
    assert "Rate yourself 1 again, 2 hard, 3 good, 4 easy (? hint, q quit): 4" in lines(result.stdout)
    assert db_rows(isolated, "SELECT item_id, correct, rating FROM attempts") == [("t-03", 1, 4)]


def test_q_quits_with_the_summary(run):
    result = quiz(run, "--n", "3", "--seed", "2", input="q\n")
    assert result.exit_code == 0, result.output
    assert "You stopped the quiz." in lines(result.stdout)


def test_exam_gives_no_feedback_until_the_end(run):
    result = quiz(run, "q2", "--exam", "--n", "3", "--seed", "4", "--kind", "tf,mcq", input="t\nt\nt\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    head, _, tail = out.partition("Exam score:")
    assert "Right." not in head and "Not quite" not in head and "Read more" not in head
    assert "? hint" not in head
    assert "grade" in tail.splitlines()[0]
    assert "What you missed" in tail
    assert "  Read: casestudy show q2 — §" in out


def test_exam_rejects_flashcards_and_time_needs_exam(run):
    result = quiz(run, "--exam", "--kind", "flashcard")
    assert result.exit_code == 1
    assert result.stderr.startswith("casestudy: error: an exam cannot include flashcards")
    result = quiz(run, "--time", "20m")
    assert result.exit_code == 1
    assert result.stderr == "casestudy: error: --time is for exams. Add --exam, e.g. casestudy quiz --exam --time 20m.\n"
    result = quiz(run, "--exam", "--time", "soon")
    assert result.stderr.startswith("casestudy: error: cannot read the time limit 'soon'")


def test_unknown_question_and_kind(run):
    assert quiz(run, "q9").exit_code == 1
    result = quiz(run, "--kind", "essay")
    assert result.exit_code == 1
    assert result.stderr.startswith("casestudy: error: unknown kind 'essay'")


def test_stats_counts_per_question(run, monkeypatch):
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-04T09:00:00+00:00")
    quiz(run, "q2", "--n", "2", "--seed", "1", "--kind", "mcq", input="b\nc\n")
    data = stats_json(run)
    assert (data["items"], data["seen"], data["answers"], data["right"]) == (12, 2, 2, 1)
    assert data["streak_days"] == 1 and data["due_today"] == 2 and data["due_this_week"] == 2
    q2 = data["questions"][1]
    assert (q2["qid"], q2["items"], q2["seen"], q2["mastery"], q2["accuracy"]) == ("q2", 8, 2, 0.125, 0.5)
    result = run("--pack", REVISE, "stats")
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert any(line.startswith("  q2 Beta    ██░░░░░░░░░░   12%        50%    2/8") for line in out), out
    assert "Streak      1 day" in out


def test_stats_streak_over_days(run, monkeypatch):
    for day in ("02", "03", "04"):
        monkeypatch.setenv("CASESTUDY_NOW", f"2026-05-{day}T12:00:00+00:00")
        quiz(run, "q1", "--kind", "tf", input="f\n")
    assert stats_json(run)["streak_days"] == 3
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-07T12:00:00+00:00")
    assert stats_json(run)["streak_days"] == 0


def test_stats_reset_asks_first(run, isolated):
    quiz(run, "q1", "--kind", "tf", input="f\n")
    result = run("--pack", REVISE, "stats", "--reset", input="n\n")
    assert result.exit_code == 1
    assert "Nothing was reset." in result.stdout
    assert stats_json(run)["answers"] == 1
    result = run("--pack", REVISE, "stats", "--reset", input="y\n")
    assert result.exit_code == 0, result.output
    assert "Reset: 1 answer forgotten." in result.stdout
    quiz(run, "q1", "--kind", "tf", input="f\n")
    result = run("--pack", REVISE, "stats", "--reset", "--yes")
    assert result.stdout == "Reset: 1 answer forgotten.\n"
    assert stats_json(run)["answers"] == 0


def test_a_garbage_progress_file_is_moved_aside_and_the_command_works(run, isolated):
    isolated.mkdir()
    (isolated / "progress.db").write_text("garbage\n")
    result = run("--pack", REVISE, "stats", "--json")
    assert result.exit_code == 0, result.output
    (kept,) = [p for p in isolated.iterdir() if p.name.startswith("progress.db.broken-")]
    assert result.stderr == (
        f"casestudy: {isolated / 'progress.db'} was not a readable progress database; "
        f"kept it as {kept.name} and started a fresh one.\n"
    )
    assert kept.read_text() == "garbage\n"
    assert json.loads(result.stdout)["answers"] == 0
    assert run("--pack", REVISE, "stats").stderr == ""  # only once


def test_an_uncreatable_data_folder_is_a_clear_error(run, tmp_path, monkeypatch):
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("CASESTUDY_HOME", str(tmp_path / "file" / "home"))
    result = quiz(run, "q1", input="f\n")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"casestudy: error: cannot create the progress folder {tmp_path / 'file' / 'home'}")
    assert "Set CASESTUDY_HOME to a folder you can write to." in result.stderr


# --- review --------------------------------------------------------------------


def _headers(out: str) -> list[str]:
    return [line for line in lines(out) if "/" in line and " · q" in line]


def test_review_serves_due_cards_before_new_ones(run, monkeypatch):
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-04T09:00:00+00:00")
    assert quiz(run, "q2", "--kind", "tf", "--seed", "1", input="t\nt\n").exit_code == 0
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-05T09:00:00+00:00")
    result = run("--pack", REVISE, "review", "--new", "3", input="t\nt\n")
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert out[0] == "Review: 2 due, 3 new."
    assert [h.split(" · ")[2] for h in _headers(result.stdout)] == ["true or false", "true or false", "multiple choice"]
    assert "Which letter comes first?" in out  # then the first new card, t-01
    assert out[-1].startswith("Next card due: ")


def test_review_the_next_day_serves_wrong_answers_first(run, monkeypatch, isolated):
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-04T09:00:00+00:00")
    # b-03 is true, b-04 is false: answering t to both gets b-03 right and b-04 wrong, in either order
    assert quiz(run, "q2", "--kind", "tf", "--seed", "3", input="t\nt\n").exit_code == 0
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-05T09:00:00+00:00")
    result = run("--pack", REVISE, "review", "--new", "0", input="f\nt\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("Upper-case beta looks like a Latin P.") < out.index("Beta is the second letter")
    assert "Score: 2 of 2 right (100%)" in out
    modes = db_rows(isolated, "SELECT item_id, mode FROM attempts ORDER BY id")[2:]
    assert modes == [("b-04", "review"), ("b-03", "review")]


def test_review_with_nothing_due_says_when_the_next_falls_due(run, monkeypatch):
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-04T09:00:00+00:00")
    quiz(run, "q2", "--kind", "tf", "--seed", "1", input="t\nt\n")
    result = run("--pack", REVISE, "review", "--new", "0")
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == ["Nothing to review now. Review: 0 due, 0 new.", "Next card due: today at " + lines(result.stdout)[1][-5:]]


def test_review_new_cards_are_a_few_a_day(run, monkeypatch):
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-04T09:00:00+00:00")
    result = run("--pack", REVISE, "review", "--new", "2", input="Alpha\nf\n")
    assert result.exit_code == 0, result.output
    assert lines(result.stdout)[0] == "Review: 0 due, 2 new."
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-04T09:30:00+00:00")
    result = run("--pack", REVISE, "review", "--new", "2", input="")
    assert lines(result.stdout)[0].startswith("Review: 2 due, 0 new")  # today's two new are used


def test_review_exam_date_caps_intervals_and_raises_the_new_quota(run, monkeypatch, isolated):
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-04T09:00:00+00:00")
    result = run("--pack", REVISE, "review", "--new", "3", "--exam-date", "2026-05-06", input="Alpha\nf\n4\n")
    assert result.exit_code == 0, result.output
    assert lines(result.stdout)[0] == "Review: 0 due, 6 new (exam on 2026-05-06: 2 days left)."
    (due,) = db_rows(isolated, "SELECT due FROM cards WHERE item_id = 't-03'")[0]
    exam_day = datetime(2026, 5, 6).astimezone().astimezone(timezone.utc)
    assert datetime.fromisoformat(due) == exam_day  # Easy would be ~8 days; capped at the exam
    assert stats_json(run)["exam_date"] == "2026-05-06"
    result = run("--pack", REVISE, "review", "--exam-date", "2026-05-01")
    assert result.exit_code == 1 and "has passed" in result.stderr
    assert run("--pack", REVISE, "review", "--exam-date", "off", input="").exit_code == 0
    assert stats_json(run)["exam_date"] is None


def test_a_true_false_prompt_that_already_says_so_is_not_doubled():
    import io

    import msgspec
    from rich.console import Console

    from casestudy import content, model, quiz, quiz_ui

    item = model.TrueFalse(id="x-01", prompt="True or false: alpha comes first.", answer=True, explanation="e", section="intro")
    q = content.load_case(MINI).question("q1")
    q = msgspec.structs.replace(q, answer=msgspec.structs.replace(q.answer, quiz=[item]))
    (entry,) = quiz.collect([q])
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(quiz_ui.item_header(entry, 1, 1))
    text = console.export_text()
    assert "True or false? Alpha comes first." in text
    assert text.count("True or false") == 1
