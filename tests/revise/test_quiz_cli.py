"""`casestudy quiz`, `review` and `stats` as a user runs them, answers piped in."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.helpers import MINI, ROOT, progress_db

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


@pytest.fixture
def berlin():
    """Local time is Europe/Berlin (UTC+2 in May) for this test, then back as it was."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


NOW = "2026-05-04T09:00:00+00:00"  # 11:00 in Berlin


def put_cards(home, dues: dict[str, str]) -> None:
    """Cards answered once (well), due at the given UTC times."""
    from casestudy.revise import store as progress

    progress.Store.open(progress_db()).close()
    db = sqlite3.connect(home / "progress.db")
    with db:
        for item_id, due in dues.items():
            db.execute(
                "INSERT INTO cards VALUES (?, '{}', ?, 2, 3, 1, 0, '2026-05-01T09:00:00+00:00', '2026-05-01T09:00:00+00:00')",
                (item_id, due),
            )
    db.close()


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
        "Answer a–c (? hint, s skip, q quit): b",
        "✓ Right.",
        "β is beta; α is alpha and γ is gamma.",
        "Read more: casestudy show q2 --section 2 — Shape",
        "",
        "2/2 · q2 Beta · multiple choice",
        "Which word comes from the first two Greek letters?",
        "  a) Alphabet",
        "  b) Letter",
        "  c) Grammar",
        "Answer a–c (? hint, s skip, q quit): a",
        "✓ Right.",
        "Alpha + beta gives alphabet.",
        "Read more: casestudy show q2 --section 1 — Order",
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
    assert "Read more: casestudy show q2 --section 2 — Shape" in out
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
    assert "Hint 2: Read: casestudy show q2 --section 2 — Shape" in out
    assert "No more hints: answer, or q to quit." in out
    assert "✓ Right. (with a hint: counts as hard)" in out
    assert db_rows(isolated, "SELECT item_id, correct, rating, hints FROM attempts") == [("b-02", 1, 2, 2)]


def test_bad_input_is_asked_again(run):
    result = quiz(run, "q2", "--n", "1", "--seed", "1", "--kind", "tf", input="maybe\nt\n")
    assert result.exit_code == 0, result.output
    assert "Answer t (true) or f (false)." in lines(result.stdout)


def test_short_answers_are_graded_by_key_ideas(run, isolated):
    result = quiz(run, "q2", "--kind", "short", "--seed", "1", input="It comes second, right after alpha.\n")
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
    assert "Rate yourself 1 again, 2 hard, 3 good, 4 easy (? hint, s skip, q quit): 4" in lines(result.stdout)
    assert db_rows(isolated, "SELECT item_id, correct, rating FROM attempts") == [("t-03", 1, 4)]


def test_q_quits_with_the_summary(run):
    result = quiz(run, "--n", "3", "--seed", "2", input="q\n")
    assert result.exit_code == 0, result.output
    assert "You stopped the quiz." in lines(result.stdout)


def test_q_in_a_review_says_the_review_stopped(run, monkeypatch):
    monkeypatch.setenv("CASESTUDY_NOW", NOW)
    result = run("--pack", REVISE, "review", "--new", "3", "--seed", "1", input="q\n")
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert "You stopped the review." in out and "You stopped the quiz." not in out


def test_every_answer_right_names_review_without_backticks(run):
    result = quiz(run, "q1", "--kind", "tf", input="f\n")
    assert "Every answer right. casestudy review will bring them back before you forget." in lines(result.stdout)


def test_an_exam_one_day_away_says_1_day_left(run, monkeypatch):
    monkeypatch.setenv("CASESTUDY_NOW", NOW)
    result = run("--pack", REVISE, "review", "--exam-date", "2026-05-05", input="")
    assert lines(result.stdout)[0].endswith("(exam on 2026-05-05: 1 day left).")


def test_exam_gives_no_feedback_until_the_end(run):
    result = quiz(run, "q2", "--exam", "--n", "3", "--seed", "4", "--kind", "tf,mcq", input="t\nt\nt\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    head, _, tail = out.partition("Exam score:")
    assert "Right." not in head and "Not quite" not in head and "Read more" not in head
    assert "? hint" not in head
    assert "grade" in tail.splitlines()[0]
    assert "Automatic (multiple choice, true or false): 0 of 3 right" in tail
    assert "     Read: casestudy show q2 --section " in out


def test_exam_rejects_flashcards_and_time_needs_exam(run):
    result = quiz(run, "--exam", "--kind", "flashcard")
    assert result.exit_code == 2
    assert result.stderr.startswith("casestudy: error: an exam cannot include flashcards")
    result = quiz(run, "--time", "20m")
    assert result.exit_code == 2
    assert result.stderr == "casestudy: error: --time is for exams. Add --exam, e.g. casestudy quiz --exam --time 20m.\n"
    result = quiz(run, "--exam", "--time", "soon")
    assert result.stderr.startswith("casestudy: error: cannot read the time limit 'soon'")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["quiz", "--n", "0"], "--n must be at least 1. Give how many items to ask, e.g. --n 5."),
        (["quiz", "--kind", "bogus"], "unknown kind 'bogus'. Kinds: mcq, tf, flashcard, short (repeat --kind or separate with commas)."),
        (["quiz", "--exam", "--time", "abc"], "cannot read the time limit 'abc'. Write it like 20m, 1h30m or 90s."),
        (["quiz", "--exam", "--time", "²"], "cannot read the time limit '²'. Write it like 20m, 1h30m or 90s."),  # was an internal error
        (["quiz", "--time", "5m"], "--time is for exams. Add --exam, e.g. casestudy quiz --exam --time 20m."),
        (["quiz", "--resume", "--n", "3"], "--resume carries on the last quiz exactly as it was, so it takes no other options. Run: casestudy quiz --resume"),
        (["quiz", "--exam", "--kind", "flashcard"], "an exam cannot include flashcards: you grade those yourself. Use --kind mcq,tf,short with --exam, or quiz flashcards without --exam."),
        (["review", "--exam-date", "bogus"], "cannot read the exam date 'bogus'. Write it as YYYY-MM-DD, or 'off'."),
        (["review", "--exam-date", "2026-02-30"], "there is no day 2026-02-30. Give a real date as YYYY-MM-DD, or 'off'."),
    ],
)  # fmt: skip
def test_a_bad_option_value_is_a_usage_error_in_one_line(run, isolated, args, line):
    result = run("--pack", REVISE, *args, input="")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"casestudy: error: {line}\n")
    assert not (isolated / "progress.db").exists() or db_rows(isolated, "SELECT COUNT(*) FROM attempts") == [(0,)]


def test_unknown_question_and_kind(run):
    assert quiz(run, "q9").exit_code == 1
    result = quiz(run, "--kind", "essay")
    assert result.exit_code == 2
    assert result.stderr.startswith("casestudy: error: unknown kind 'essay'")


def test_stats_counts_per_question(run, monkeypatch):
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-04T09:00:00+00:00")
    quiz(run, "q2", "--n", "2", "--seed", "1", "--kind", "mcq", input="b\nc\n")
    data = stats_json(run)
    assert (data["items"], data["seen"], data["answers"], data["right"]) == (12, 2, 2, 1)
    assert data["streak_days"] == 1 and data["due_now"] == 0 and data["due_later_today"] == 2
    assert data["due_this_week"] == 2
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
    assert result.exit_code == 0  # you said no: nothing went wrong
    assert result.stdout == f"Forget every answer saved in {isolated / 'progress.db'}? [y/N]: n\nNothing was reset.\n"
    assert stats_json(run)["answers"] == 1
    result = run("--pack", REVISE, "stats", "--reset", input="y\n")
    assert result.exit_code == 0, result.output
    assert "Reset: 1 answer forgotten." in result.stdout
    quiz(run, "q1", "--kind", "tf", input="f\n")
    result = run("--pack", REVISE, "stats", "--reset", "--yes")
    assert result.stdout == "Reset: 1 answer forgotten.\n"
    assert stats_json(run)["answers"] == 0


def test_stats_reset_with_no_answer_is_one_error_line_not_clicks_aborted(run, isolated):
    quiz(run, "q1", "--kind", "tf", input="f\n")
    result = run("--pack", REVISE, "stats", "--reset", input="")
    assert result.exit_code == 1
    assert "Aborted" not in result.output
    assert result.stderr == (
        "casestudy: error: nothing was reset: the question got no answer (the input ended). "
        "To reset without a question: casestudy stats --reset --yes\n"
    )
    assert stats_json(run)["answers"] == 1


def test_stats_reset_json_prints_json(run, isolated):
    quiz(run, "q1", "--kind", "tf", input="f\n")
    declined = run("--pack", REVISE, "stats", "--reset", "--json", input="n\n")
    assert (declined.exit_code, declined.stdout) == (0, '{"reset": false, "forgotten": 0}\n')
    assert declined.stderr.startswith("Forget every answer saved in ")  # the question stays out of the JSON
    result = run("--pack", REVISE, "stats", "--reset", "--yes", "--json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, {"reset": True, "forgotten": 1})


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


def test_review_serves_due_cards_before_new_ones(run, monkeypatch, berlin):
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-04T09:00:00+00:00")
    assert quiz(run, "q2", "--kind", "tf", "--seed", "1", input="t\nt\n").exit_code == 0
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-05T09:00:00+00:00")
    result = run("--pack", REVISE, "review", "--new", "3", input="t\nt\n")
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert out[0] == "Review: 2 due, 3 new."
    assert [h.split(" · ")[2] for h in _headers(result.stdout)] == ["true or false", "true or false", "multiple choice"]
    assert "Which letter comes first?" in out  # then the first new card, t-01
    assert out[-1] == "Next card due: today at 11:01"  # b-04 answered wrongly at 11:00 Berlin: again in a minute


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


def test_review_with_nothing_due_says_when_the_next_falls_due(run, monkeypatch, berlin):
    monkeypatch.setenv("CASESTUDY_NOW", NOW)
    quiz(run, "q2", "--kind", "tf", "--seed", "1", input="t\nt\n")  # one right, one wrong (Again: 1 minute)
    result = run("--pack", REVISE, "review", "--new", "0")
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == ["Nothing to review now. Review: 0 due, 0 new.", "Next card due: today at 11:01"]


# --- one meaning of "due" in stats and review ------------------------------------


DUES = {
    "t-01": "2026-05-03T09:00:00+00:00",  # yesterday: due now
    "t-02": "2026-05-04T08:59:00+00:00",  # a minute ago: due now
    "t-03": "2026-05-04T09:00:00+00:00",  # this very moment: due now
    "t-04": "2026-05-04T15:30:00+00:00",  # 17:30 in Berlin: later today
    "b-01": "2026-05-04T21:59:00+00:00",  # 23:59 in Berlin: later today
    "b-02": "2026-05-04T22:00:00+00:00",  # midnight in Berlin: tomorrow
    "b-03": "2026-05-10T21:00:00+00:00",  # Sun 10 May 23:00 in Berlin: the 7th day
    "b-04": "2026-05-10T22:00:00+00:00",  # Mon 11 May 00:00 in Berlin: after the week
}


def test_stats_and_review_count_the_same_cards_due_now(run, monkeypatch, isolated, berlin):
    monkeypatch.setenv("CASESTUDY_NOW", NOW)
    put_cards(isolated, DUES)
    data = stats_json(run)
    assert (data["due_now"], data["due_later_today"], data["due_this_week"]) == (3, 2, 7)
    assert "due_today" not in data
    assert data["next_due"] == "2026-05-03T09:00:00+00:00"  # the earliest, though already due
    out = lines(run("--pack", REVISE, "stats").stdout)
    assert "Due         3 now, 2 more later today, 7 by the end of Sun 10 May" in out
    assert "Next due    now" in out
    result = run("--pack", REVISE, "review", "--new", "0", input="")
    assert result.exit_code == 0, result.output
    assert lines(result.stdout)[0] == "Review: 3 due, 0 new."
    assert lines(result.stdout)[-1] == "Next card due: now"  # nothing was answered: all three still due


def test_with_nothing_due_now_stats_and_review_name_the_same_next_time(run, monkeypatch, isolated, berlin):
    monkeypatch.setenv("CASESTUDY_NOW", NOW)
    put_cards(isolated, {k: v for k, v in DUES.items() if k in ("t-04", "b-02")})
    data = stats_json(run)
    assert (data["due_now"], data["due_later_today"], data["due_this_week"]) == (0, 1, 2)
    assert data["next_due"] == "2026-05-04T15:30:00+00:00"
    out = lines(run("--pack", REVISE, "stats").stdout)
    assert "Due         0 now, 1 more later today, 2 by the end of Sun 10 May" in out
    assert "Next due    today at 17:30" in out
    result = run("--pack", REVISE, "review", "--new", "0")
    assert lines(result.stdout) == ["Nothing to review now. Review: 0 due, 0 new.", "Next card due: today at 17:30"]


def test_review_new_cards_are_a_few_a_day(run, monkeypatch):
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-04T09:00:00+00:00")
    result = run("--pack", REVISE, "review", "--new", "2", input="Alpha\nf\n")
    assert result.exit_code == 0, result.output
    assert lines(result.stdout)[0] == "Review: 0 due, 2 new."
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-04T09:30:00+00:00")
    result = run("--pack", REVISE, "review", "--new", "2", input="")
    assert lines(result.stdout)[0] == "Review: 2 due, 0 new."  # today's two new are used


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
    assert result.exit_code == 2 and "has passed" in result.stderr
    assert run("--pack", REVISE, "review", "--exam-date", "off", input="").exit_code == 0
    assert stats_json(run)["exam_date"] is None


def test_a_true_false_prompt_that_already_says_so_is_not_doubled():
    import io

    import msgspec
    from rich.console import Console

    from casestudy.content import load as content
    from casestudy.content import model
    from casestudy.revise import engine as quiz
    from casestudy.revise import ui as quiz_ui

    item = model.TrueFalse(id="x-01", prompt="True or false: alpha comes first.", answer=True, explanation="e", section="intro")
    q = content.load_case(MINI).question("q1")
    q = msgspec.structs.replace(q, answer=msgspec.structs.replace(q.answer, quiz=[item]))
    (entry,) = quiz.collect([q])
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(quiz_ui.item_header(entry, 1, 1))
    text = console.export_text()
    assert "True or false? Alpha comes first." in text
    assert text.count("True or false") == 1


# --- a scheduling error never loses the answer ---------------------------------


def test_a_scheduling_error_keeps_the_answer_and_warns_once(run, monkeypatch, isolated):
    from casestudy.revise import srs as scheduler

    def broken(*args, **kwargs):  # what fsrs 6.2 does: Card has no to_json/from_json
        raise AttributeError("'Card' object has no attribute 'to_json'")

    monkeypatch.setattr(scheduler, "review", broken)
    result = quiz(run, "q2", "--n", "2", "--seed", "1", "--kind", "mcq", input="b\na\n")
    assert result.exit_code == 0, result.output
    assert "Score: 2 of 2 right (100%)" in lines(result.stdout)
    assert result.stderr == (
        "casestudy: warning: your answer was saved, but its card's review schedule was not updated "
        "(AttributeError: 'Card' object has no attribute 'to_json'); later answers too are saved "
        "without a schedule.\n"
    )
    assert db_rows(isolated, "SELECT item_id, correct FROM attempts ORDER BY id") == [("b-02", 1), ("b-08", 1)]
    assert db_rows(isolated, "SELECT item_id FROM cards") == []
    assert stats_json(run)["answers"] == 2


# --- a progress file we may only read, or one from another casestudy ---------------


def _answer_one(run, isolated) -> None:
    assert quiz(run, "q1", "--kind", "tf", input="f\n").exit_code == 0
    assert db_rows(isolated, "SELECT COUNT(*) FROM attempts") == [(1,)]


def _files(folder):
    return sorted(p.name for p in folder.iterdir() if p.name != "cache")


def test_a_read_only_progress_file_is_read_by_stats_and_never_moved_aside(run, isolated):
    _answer_one(run, isolated)
    path = isolated / "progress.db"
    path.chmod(0o444)  # even root honours a file with no write bit here
    data = path.read_bytes()
    result = run("--pack", REVISE, "stats", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answers"] == 1
    assert result.stderr == (
        f"casestudy: {path} is read-only: showing the progress it holds; quiz and review cannot save "
        f"answers until it is writable (chmod u+w {path}).\n"
    )
    refused = f"casestudy: error: {path} is read-only, so answers cannot be saved. Make it writable (chmod u+w {path}), or set CASESTUDY_HOME to another folder.\n"
    for args, given in ((("quiz", "q1"), "f\n"), (("review",), ""), (("stats", "--reset", "--yes"), "")):
        result = run("--pack", REVISE, *args, input=given)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", refused), args
    assert not [name for name in _files(isolated) if "broken" in name]
    assert path.read_bytes() == data and path.stat().st_mode & 0o777 == 0o444
    path.chmod(0o644)
    assert stats_json(run)["answers"] == 1


def _deny(monkeypatch, path, denied: int):
    """Simulate another user's file: os.access refuses `denied` (R_OK/W_OK) for `path` only."""
    real = os.access

    def access(target, mode, *args, **kwargs):
        if os.fspath(target) == os.fspath(path) and mode & denied:
            return False
        return real(target, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def test_another_users_file_we_cannot_read_is_named_not_moved_aside(run, isolated, monkeypatch):
    _answer_one(run, isolated)
    path = isolated / "progress.db"
    _deny(monkeypatch, path, os.R_OK | os.W_OK)
    expected = (
        f"casestudy: error: cannot read {path}: permission denied. It may belong to another user: fix its "
        "owner or permissions, or set CASESTUDY_HOME to another folder.\n"
    )
    for args in (("stats",), ("stats", "--json"), ("quiz", "q1"), ("review",)):
        result = run("--pack", REVISE, *args, input="f\n")
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", expected), args
    assert not [name for name in _files(isolated) if "broken" in name]
    assert db_rows(isolated, "SELECT COUNT(*) FROM attempts") == [(1,)]


def test_another_users_file_we_can_read_is_shown_by_stats(run, isolated, monkeypatch):
    _answer_one(run, isolated)
    path = isolated / "progress.db"
    _deny(monkeypatch, path, os.W_OK)  # mode 0644, owned by someone else
    result = run("--pack", REVISE, "stats", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answers"] == 1
    assert result.stderr.startswith(f"casestudy: {path} is read-only: showing the progress it holds;")
    result = quiz(run, "q1", input="f\n")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"casestudy: error: {path} is read-only, so answers cannot be saved.")


def test_casestudy_home_pointing_at_a_file_says_so(run, tmp_path, monkeypatch):
    home = tmp_path / "home-file"
    home.write_text("not a folder\n")
    monkeypatch.setenv("CASESTUDY_HOME", str(home))
    expected = (
        f"casestudy: error: CASESTUDY_HOME={home} is a file, not a folder. Point it at a folder "
        "(it is made if missing), or unset it.\n"
    )
    for args in (("stats",), ("quiz", "q1"), ("review",)):
        result = run("--pack", REVISE, *args, input="f\n")
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", expected), args
    assert home.read_text() == "not a folder\n"


def _future(home, *, drop_cards: bool = False) -> None:
    db = sqlite3.connect(home / "progress.db")
    with db:
        db.execute("INSERT INTO _migrations (name, applied_at) VALUES ('m099_from_the_future', '2027-01-01')")
        if drop_cards:
            db.execute("DROP TABLE cards")
    db.close()


NEWER = "was written by a newer casestudy (schema 6, this version knows 5)"


def test_a_database_from_a_newer_casestudy_is_read_but_never_written(run, isolated):
    _answer_one(run, isolated)
    _future(isolated)
    path = isolated / "progress.db"
    result = run("--pack", REVISE, "stats", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answers"] == 1
    assert result.stderr == f"casestudy: {path} {NEWER}: showing what this version can read; upgrade casestudy to save answers.\n"
    refused = f"casestudy: error: {path} {NEWER}. Upgrade casestudy (pip install --upgrade casestudy); the file is left as it is.\n"
    for args, given in ((("quiz", "q1"), "f\n"), (("review",), "f\n"), (("stats", "--reset", "--yes"), "")):
        result = run("--pack", REVISE, *args, input=given)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", refused), args
    assert db_rows(isolated, "SELECT COUNT(*) FROM attempts") == [(1,)]
    assert db_rows(isolated, "SELECT COUNT(*) FROM _migrations") == [(6,)]


def test_a_newer_database_without_the_tables_stats_needs_is_a_clean_error(run, isolated):
    _answer_one(run, isolated)
    _future(isolated, drop_cards=True)
    path = isolated / "progress.db"
    result = run("--pack", REVISE, "stats")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"casestudy: error: {path} {NEWER}, and this version cannot read it (no such table: cards). "
        "Upgrade casestudy (pip install --upgrade casestudy); the file is left as it is.\n"
    )


def test_a_database_with_another_layout_is_a_clean_error_in_stats_and_review(run, isolated):
    _answer_one(run, isolated)
    db = sqlite3.connect(isolated / "progress.db")
    with db:  # the migrations say all is there, but the cards table is not ours
        db.execute("DROP TABLE cards")
        db.execute("CREATE TABLE cards (item_id TEXT PRIMARY KEY, card TEXT)")
    db.close()
    path = isolated / "progress.db"
    for args in (("stats",), ("review",)):
        result = run("--pack", REVISE, *args, input="")
        assert (result.exit_code, result.stdout) == (1, ""), args
        assert result.stderr == (
            f"casestudy: error: cannot read the progress in {path} (no such column: due). Its tables are not "
            "the ones this casestudy made: upgrade casestudy, or set CASESTUDY_HOME to another folder.\n"
        ), args


def test_another_programs_sqlite_file_is_refused_and_left_alone(run, isolated):
    isolated.mkdir()
    path = isolated / "progress.db"
    db = sqlite3.connect(path)
    with db:
        db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    db.close()
    for args in (("stats",), ("quiz", "q1")):
        result = run("--pack", REVISE, *args, input="f\n")
        assert (result.exit_code, result.stdout) == (1, ""), args
        assert result.stderr == (
            f"casestudy: error: {path} is not a casestudy progress database (it holds other tables: photos). "
            "Move it away, or set CASESTUDY_HOME to another folder; it was left as it is.\n"
        ), args
    assert db_rows(isolated, "SELECT name FROM sqlite_master WHERE type = 'table'") == [("photos",)]


AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def _nobody_python() -> str:
    """A Python of this version that user nobody may run (with our packages on PYTHONPATH); or skip, saying why."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("runs a command as another user, which needs root; as a non-root user the chmod 0444 test is the real case")
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is not installed, so the test cannot run as user nobody")
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, shutil.which(version), f"/usr/bin/{version}"):
        if candidate and subprocess.run([*AS_NOBODY, candidate, "-c", "import sqlite3"], capture_output=True).returncode == 0:
            return candidate
    pytest.skip(f"user nobody cannot run any {version} here ({sys.executable} is not readable by others)")


def _opened_for_others(paths: list[str]) -> list[tuple[str, int]]:
    """Let other users pass through (not read) every folder above `paths`, and list the folders
    themselves: a fresh clone in a private temporary folder (mktemp -d is 0700) is otherwise out
    of their reach, and Python finds a package only in a folder it may list. Returns the
    folders changed with their old modes, to put back."""
    changed = []
    for path in paths:
        top = Path(path).resolve()
        for folder in [*reversed(top.parents), top]:
            mode = folder.stat().st_mode
            wanted = 0o005 if folder == top else 0o001  # the folder itself must be listed to import from it
            if folder.is_dir() and mode & wanted != wanted:
                os.chmod(folder, mode | wanted)
                changed.append((str(folder), mode))
    return changed


def test_as_another_user_a_file_owned_by_root_is_read_or_named_never_moved(run, monkeypatch):
    import site
    import stat
    import tempfile

    python = _nobody_python()
    folder = tempfile.mkdtemp(prefix="casestudy-nobody-")  # pytest's tmp_path is private to root
    opened = _opened_for_others([str(ROOT), *site.getsitepackages()])
    try:
        home = os.path.join(folder, "home")
        os.chmod(folder, 0o755)
        monkeypatch.setenv("CASESTUDY_HOME", home)
        assert quiz(run, "q1", "--kind", "tf", input="f\n").exit_code == 0  # as root: root owns the file
        os.chmod(home, 0o755)
        path = os.path.join(home, "progress.db")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": os.pathsep.join([str(ROOT), *site.getsitepackages()]),
            "CASESTUDY_HOME": home,
            "TZ": "UTC",
            "COLUMNS": "80",
        }

        def as_nobody(*args):
            return subprocess.run(
                [*AS_NOBODY, python, "-m", "casestudy", "--pack", REVISE, *args],
                env=env, input="f\n", capture_output=True, text=True, timeout=60,
            )

        os.chmod(path, 0o644)  # readable by all, writable by root only
        result = as_nobody("stats", "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["answers"] == 1
        assert result.stderr.startswith(f"casestudy: {path} is read-only: showing the progress it holds;")
        result = as_nobody("quiz", "q1")
        assert result.returncode == 1
        assert result.stderr.startswith(f"casestudy: error: {path} is read-only, so answers cannot be saved.")
        os.chmod(path, 0o600)  # not even readable by others
        result = as_nobody("stats")
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr == (
            f"casestudy: error: cannot read {path}: permission denied. It may belong to another user: fix its "
            "owner or permissions, or set CASESTUDY_HOME to another folder.\n"
        )
        assert not [name for name in os.listdir(home) if "broken" in name]
        assert db_rows(Path(home), "SELECT COUNT(*) FROM attempts") == [(1,)]
    finally:
        for path, mode in reversed(opened):
            os.chmod(path, stat.S_IMODE(mode))
        shutil.rmtree(folder, ignore_errors=True)


CONTRARY = "Spark does not train models and does not precompute anything offline. Presto is not interactive and is never used for analysis."


def test_a_short_answer_that_denies_every_idea_is_marked_wrong(run, isolated):
    """q9-17 gave its fourth idea for the keyword `not`, and its first two for naming Spark
    and Presto: this answer, which says the opposite of the model answer, was 3 of 4, right."""
    result = run("quiz", "q9", "--kind", "short", "--n", "2", "--seed", "1", input=f"s\n{CONTRARY}\n")
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert "Key ideas: 0 of 4 mentioned" in out
    assert "✗ Not quite." in out
    assert db_rows(isolated, "SELECT item_id, correct FROM attempts") == [("q9-17", 0)]


def test_the_model_answer_in_own_words_still_earns_every_idea_of_q9_17(run, isolated):
    answer = (
        "Spark runs the offline pipelines that train the models and precompute results. Presto is an interactive "
        "SQL engine analysts use to explore the warehouse and read A/B tests. Online services serve members within "
        "a latency budget, reading stored results rather than querying S3."
    )
    result = run("quiz", "q9", "--kind", "short", "--n", "2", "--seed", "1", input=f"s\n{answer}\n")
    assert "Key ideas: 4 of 4 mentioned" in lines(result.stdout)
    assert db_rows(isolated, "SELECT item_id, correct FROM attempts") == [("q9-17", 1)]


def test_a_weakest_topic_too_long_for_its_line_wraps_under_itself(run):
    """At 80 columns the topic's sections ran on at the left edge, under the bullet:
    '  • q7 … casestudy show q7 (§2' then 'In Cassandra, consistency is chosen per request)'."""
    result = run("quiz", "q7", "--kind", "mcq", "--n", "2", "--seed", "1", input="b\na\n")
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    at = out.index("Re-read your weakest topics")
    assert out[at + 1 : at + 3] == [
        "  • q7 Eventual versus strong consistency: 1 of 2 right — casestudy show q7 (§2",
        "    In Cassandra, consistency is chosen per request)",
    ]


def test_a_missed_key_idea_too_long_for_its_line_wraps_under_itself(run, monkeypatch):
    """At 60 columns a missed idea's words ran on at the left edge, under the mark
    ('  ✗ The cost of a stale read or lost update decides the' / 'choice  (words: …')."""
    monkeypatch.setenv("COLUMNS", "60")
    result = run("quiz", "q7", "--n", "1", "--seed", "4", "--kind", "short", input="nothing useful here\n\n\n")
    lines = result.stdout.splitlines()
    start = lines.index("  ✗ The cost of a stale read or lost update decides the")
    assert lines[start + 1] == "    choice  (words: stale, lost update, cost, harm)"
    ideas = lines[start:lines.index(next(line for line in lines if line.startswith("Model answer:")))]
    assert all(line.startswith(("  ✗ ", "    ")) for line in ideas), ideas


def test_a_superscript_digit_at_a_choice_prompt_is_asked_again(run):
    """'²' passes str.isdigit() but not int(): typed at a multiple-choice prompt it ended
    the quiz in an internal error."""
    result = run("quiz", "q1", "--n", "1", "--kind", "mcq", "--seed", "1", input="²\nq\n")
    assert result.exit_code == 0, result.output
    assert "Answer with a letter, a to d." in result.stdout.splitlines()
    assert "You stopped the quiz." in result.stdout.splitlines()
