"""Days are the student's local days: a deliberate run far west of UTC (Honolulu, UTC−10).

The rest of the suite runs in UTC (conftest.py pins TZ); these tests use the `far_west`
fixture, where 09:00 UTC is still the previous evening."""

from __future__ import annotations

import json

import pytest

from tests.helpers import REVISE


def answer_two_at(run, monkeypatch, moment: str) -> None:
    monkeypatch.setenv("CASESTUDY_NOW", moment)
    result = run("--pack", str(REVISE), "quiz", "q2", "--n", "2", "--seed", "1", "--kind", "mcq", input="b\na\n")
    assert result.exit_code == 0, result.output


def stats_at(run, monkeypatch, moment: str) -> dict:
    monkeypatch.setenv("CASESTUDY_NOW", moment)
    result = run("--pack", str(REVISE), "stats", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(("zone", "answered_today", "streak"), [("utc", 2, 2), ("honolulu", 0, 1)])
def test_today_and_the_streak_follow_the_local_day(run, monkeypatch, request, zone, answered_today, streak):
    if zone == "honolulu":
        request.getfixturevalue("far_west")
    answer_two_at(run, monkeypatch, "2026-05-03T12:00:00+00:00")  # Honolulu: 3 May, 02:00
    answer_two_at(run, monkeypatch, "2026-05-04T09:00:00+00:00")  # Honolulu: 3 May, 23:00
    stats = stats_at(run, monkeypatch, "2026-05-04T11:00:00+00:00")  # Honolulu: 4 May, 01:00
    assert (stats["answered_today"], stats["streak_days"]) == (answered_today, streak)


def test_exam_days_left_count_from_the_local_day(run, monkeypatch, far_west):
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-04T09:00:00+00:00")  # Honolulu: 3 May, 23:00
    result = run("--pack", str(REVISE), "review", "--new", "3", "--exam-date", "2026-05-06", input="")
    # 12 cards over 3 local days: 4 new today (in UTC, 2 days left, it would be 6)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Review: 0 due, 4 new (exam on 2026-05-06: 3 days left)."


def test_an_exam_date_that_is_today_in_honolulu_is_not_past(run, monkeypatch, far_west):
    monkeypatch.setenv("CASESTUDY_NOW", "2026-05-04T09:00:00+00:00")  # UTC: 4 May; Honolulu: 3 May
    result = run("--pack", str(REVISE), "review", "--exam-date", "2026-05-03", input="")
    assert result.exit_code == 0, result.output
    assert "exam on 2026-05-03" in result.stdout
