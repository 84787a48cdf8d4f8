"""The numbers of `casestudy stats`: as data (msgspec Structs) and, exactly, as `--json` prints them."""

from __future__ import annotations

from datetime import date, datetime, timezone

from casestudy.revise import srs as scheduler
from casestudy.revise import stats
from tests.helpers import REVISE, progress_db

NOW = "2026-05-04T09:00:00+00:00"

EXPECTED_JSON = """{
  "database": "DB_PATH",
  "items": 12,
  "seen": 2,
  "answers": 2,
  "right": 1,
  "accuracy": 0.5,
  "mistakes": 1,
  "lab_predictions": {
    "made": 0,
    "right": 0
  },
  "due_now": 0,
  "due_later_today": 2,
  "due_this_week": 2,
  "streak_days": 1,
  "answered_today": 2,
  "next_due": "2026-05-04T09:01:00+00:00",
  "exam_date": null,
  "questions": [
    {
      "qid": "q1",
      "topic": "Alpha",
      "items": 4,
      "seen": 0,
      "attempts": 0,
      "right": 0,
      "mastered": 0,
      "accuracy": null,
      "mastery": 0.0
    },
    {
      "qid": "q2",
      "topic": "Beta",
      "items": 8,
      "seen": 2,
      "attempts": 2,
      "right": 1,
      "mastered": 1,
      "accuracy": 0.5,
      "mastery": 0.125
    }
  ]
}
"""


def test_stats_json_prints_exactly_these_bytes(run, monkeypatch, isolated):
    monkeypatch.setenv("CASESTUDY_NOW", NOW)
    answered = run("--pack", str(REVISE), "quiz", "q2", "--n", "2", "--seed", "1", "--kind", "mcq", input="b\nc\n")
    assert answered.exit_code == 0, answered.output
    result = run("--pack", str(REVISE), "stats", "--json")
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED_JSON.replace("DB_PATH", str(progress_db()))


def test_stats_json_escapes_non_ascii_text_as_before():
    due = scheduler.DueCounts(now=1, later_today=0, this_week=1, week_end=date(2026, 5, 10), next_due=None)
    rep = stats.Report(
        questions=[stats.QuestionStats(qid="q1", topic="Netflix’s edge", items=3, seen=1, attempts=3, right=2, mastered=1)],
        due=due,
        streak=0,
        answered_today=0,
        exam_date=date(2026, 6, 1),
        path="/home/zoë/progress.db",
        now=datetime(2026, 5, 4, 9, tzinfo=timezone.utc),
    )
    text = stats.json_text(rep)
    assert '"database": "/home/zo\\u00eb/progress.db"' in text
    assert '"topic": "Netflix\\u2019s edge"' in text
    assert '"accuracy": 0.667' in text and '"mastery": 0.333' in text
    assert '"exam_date": "2026-06-01"' in text and '"next_due": null' in text
    assert text.isascii()


def test_stats_says_when_the_exam_date_has_passed(run, monkeypatch, isolated):
    """Review stops planning for an exam day once it has passed; stats said nothing of it."""
    monkeypatch.setenv("CASESTUDY_NOW", NOW)
    assert run("--pack", str(REVISE), "review", "--exam-date", "2026-05-06", input="").exit_code == 0
    for now, shown in (("2026-05-06T09:00:00+00:00", "2026-05-06"),
                       ("2026-05-07T09:00:00+00:00", "2026-05-06 (passed; set the next with casestudy review --exam-date)")):
        monkeypatch.setenv("CASESTUDY_NOW", now)
        result = run("--pack", str(REVISE), "stats")
        assert result.exit_code == 0, result.output
        assert [line.split(None, 1)[1] for line in result.stdout.splitlines() if line.startswith("Exam ")] == [shown]
