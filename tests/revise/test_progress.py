"""The SQLite progress store and the fsrs scheduling around it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import pytest

from casestudy.errors import ProgressError
from casestudy.revise import migrations, stats
from casestudy.revise import srs as scheduler
from casestudy.revise import store as progress
from tests.helpers import ROOT, progress_db

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=timezone.utc)


def record(store, item_id, correct=True, rating=3, when=T0, **kw):
    return store.record(
        item_id=item_id, question_id="q1", kind="mcq", correct=correct, rating=rating, when=when, **kw
    )


def test_migrations_from_empty(isolated):
    with progress.Store.open(progress_db()) as store:
        assert store.path == isolated / "progress.db"
        assert store.applied_migrations() == [name for name, _ in migrations.MIGRATIONS]
        assert store.applied_migrations()[0] == "m001_attempts_and_cards"
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"_migrations", "attempts", "cards", "settings"} <= tables
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.notices == []
    with progress.Store.open(progress_db()) as again:  # re-opening applies nothing twice
        assert again.applied_migrations() == [name for name, _ in migrations.MIGRATIONS]


def test_a_new_migration_runs_once_on_an_existing_database(isolated, monkeypatch):
    progress.Store.open(progress_db()).close()
    ran = []

    def m999_test(db):
        ran.append(True)
        db.execute("CREATE TABLE extra (x)")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("m999_test", m999_test)])
    progress.Store.open(progress_db()).close()
    progress.Store.open(progress_db()).close()
    assert ran == [True]


def test_each_answer_is_committed_at_once(isolated):
    store = progress.Store.open(progress_db())
    record(store, "a-01")
    other = sqlite3.connect(isolated / "progress.db")  # another reader sees it before close
    assert other.execute("SELECT item_id, correct FROM attempts").fetchall() == [("a-01", 1)]
    store.close()


def test_two_writers_at_once_keep_every_answer(isolated):
    script = (
        "import sys\n"
        "from datetime import datetime, timezone\n"
        "from casestudy.revise.store import Store\n"
        "from casestudy.env import Environment\n"
        "s = Store.open(Environment.from_os().data_dir() / 'progress.db')\n"
        "for i in range(60):\n"
        "    s.record(item_id=f'{sys.argv[1]}-{i % 6}', question_id='q1', kind='tf', correct=i % 2 == 0,\n"
        "             rating=3 if i % 2 == 0 else 1, when=datetime.now(timezone.utc))\n"
    )
    env = {**os.environ, "CASESTUDY_HOME": str(isolated)}
    procs = [
        subprocess.Popen([sys.executable, "-c", script, name], cwd=ROOT, env=env, stderr=subprocess.PIPE)
        for name in ("x", "y")
    ]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err.decode()
    with progress.Store.open(progress_db()) as store:
        assert len(store.attempts()) == 120
        assert len(store.cards()) == 12
        reps = store.conn.execute("SELECT SUM(reps) FROM cards").fetchone()[0]
        assert reps == 120


def test_a_file_that_is_not_a_database_is_moved_aside(isolated):
    isolated.mkdir()
    (isolated / "progress.db").write_text("garbage\n")
    with progress.Store.open(progress_db()) as store:
        assert len(store.notices) == 1
        kept = [p for p in isolated.iterdir() if p.name.startswith("progress.db.broken-")]
        assert len(kept) == 1 and kept[0].read_text() == "garbage\n"
        assert store.notices[0] == (
            f"casestudy: {isolated / 'progress.db'} was not a readable progress database; "
            f"kept it as {kept[0].name} and started a fresh one."
        )
        record(store, "a-01")
        assert len(store.attempts()) == 1


def test_a_damaged_database_is_moved_aside_too(isolated):
    progress.Store.open(progress_db()).close()
    path = isolated / "progress.db"
    data = bytearray(path.read_bytes())
    data[:16] = b"not sqlite hdr!!"
    path.write_bytes(bytes(data))
    with progress.Store.open(progress_db()) as store:
        assert "kept it as progress.db.broken-" in store.notices[0]


def test_a_folder_that_cannot_be_created_is_a_progress_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("CASESTUDY_HOME", str(blocker / "sub"))
    with pytest.raises(ProgressError, match=r"cannot create the progress folder .*a-file/sub") as info:
        progress.Store.open(progress_db())
    assert "CASESTUDY_HOME" in info.value.hint


def test_a_read_only_folder_is_a_progress_error(isolated):
    isolated.mkdir()
    isolated.chmod(0o555)  # no write bit: refused even by root, who could write there
    try:
        with pytest.raises(ProgressError, match="is not writable"):
            progress.Store.open(progress_db())
    finally:
        isolated.chmod(0o755)


def test_a_database_in_a_read_only_folder_is_read_but_not_written(isolated):
    with progress.Store.open(progress_db()) as store:
        record(store, "a-01")
    isolated.chmod(0o555)
    path = isolated / "progress.db"
    try:
        with pytest.raises(ProgressError) as info:
            progress.Store.open(progress_db())
        assert info.value.message == (
            f"{path} is in a folder that is not writable ({isolated}), so answers cannot be saved"
        )
        assert info.value.hint == f"Make it writable (chmod u+w {isolated}), or set CASESTUDY_HOME to another folder."
        with progress.Store.open(progress_db(), write=False) as store:
            assert not store.writable
            assert [i for i, _, _ in store.attempts()] == ["a-01"]
            assert store.notices == [
                f"casestudy: {path} is in a folder that is not writable ({isolated}): showing the progress it "
                f"holds; quiz and review cannot save answers until it is writable (chmod u+w {isolated})."
            ]
            with pytest.raises(ProgressError, match="was opened only to read, so answers cannot be saved"):
                record(store, "a-02")
    finally:
        isolated.chmod(0o755)


def test_a_higher_user_version_means_a_newer_casestudy(isolated):
    progress.Store.open(progress_db()).close()
    db = sqlite3.connect(isolated / "progress.db")
    db.execute("PRAGMA user_version = 7")
    db.close()
    m = len(migrations.MIGRATIONS)
    with pytest.raises(ProgressError) as info:
        progress.Store.open(progress_db())
    assert info.value.message == (
        f"{isolated / 'progress.db'} was written by a newer casestudy (schema 7, this version knows {m})"
    )
    with progress.Store.open(progress_db(), write=False) as store:
        assert store.newer == info.value.message and not store.writable
        assert store.attempts() == [] and store.exam_date() is None


def test_a_read_only_folder_is_a_progress_error_even_for_root(isolated, monkeypatch):
    isolated.mkdir()
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(ProgressError, match="is not writable, so answers cannot be saved"):
        progress.Store.open(progress_db())


def test_wrong_right_and_hinted_answers_schedule_differently(isolated):
    with progress.Store.open(progress_db()) as store:
        wrong = record(store, "w", correct=False, rating=1)
        hard = record(store, "h", rating=2)
        good = record(store, "g", rating=3)
        easy = record(store, "e", rating=4)
    assert wrong.due < hard.due < good.due < easy.due
    assert easy.due - T0 >= timedelta(days=1)


def test_exam_date_caps_every_interval(isolated):
    exam = date(2026, 5, 7)
    with progress.Store.open(progress_db()) as store:
        uncapped = record(store, "a", rating=4)
        capped = record(store, "b", rating=4, exam_date=exam)
        for day in range(2):  # keep answering well on the days before: still never past the exam
            later = record(store, "b", rating=4, when=T0 + timedelta(days=day + 1), exam_date=exam)
    limit = datetime(2026, 5, 7).astimezone().astimezone(timezone.utc)
    assert uncapped.due > limit
    assert capped.due == limit
    assert later.due <= limit


def test_new_quota_fits_every_card_before_the_exam():
    today = date(2026, 5, 4)
    assert scheduler.new_quota(10, 100, 0, today) == 10
    assert scheduler.new_quota(10, 100, 4, today) == 6
    assert scheduler.new_quota(10, 100, 0, today, date(2026, 5, 8)) == 25  # 4 days for 100 cards
    assert scheduler.new_quota(10, 100, 0, today, date(2026, 6, 8)) == 10
    assert scheduler.new_quota(10, 30, 0, today, today) == 30  # the exam is today: everything


def _info(item_id, due, last_rating):
    return scheduler.CardInfo(item_id, due, 2, last_rating, 1, T0)


def test_review_queue_serves_wrong_then_most_overdue_then_new(isolated):
    from casestudy.content.load import load_case
    from casestudy.revise import engine as quiz

    entries = quiz.collect(load_case(ROOT / "tests" / "fixtures" / "revise").questions)
    now = T0 + timedelta(days=3)
    cards = {
        "t-01": _info("t-01", T0, 3),  # most overdue, answered well
        "t-02": _info("t-02", T0 + timedelta(days=1), 1),  # answered wrongly
        "t-03": _info("t-03", T0 + timedelta(days=2), 3),
        "t-04": _info("t-04", T0 + timedelta(days=9), 3),  # not due
    }
    due, new = scheduler.review_queue([e.id for e in entries], cards, now, 2)
    assert due == ["t-02", "t-01", "t-03"]
    assert new == ["b-01", "b-02"]
    assert scheduler.next_due(cards) == T0  # the earliest of all, though already due
    counts = scheduler.due_counts(cards, now)
    assert (counts.now, counts.later_today, counts.this_week, counts.next_due) == (3, 0, 4, T0)  # t-04 falls on the 7th day


def test_the_scheduler_works_on_item_ids_alone():
    """srs sees ids and plain values, never the quiz's entries: a plan needs no content."""
    import ast

    now = T0 + timedelta(days=1)
    cards = {"a": _info("a", T0, 1), "b": _info("b", T0 + timedelta(days=9), 3)}
    plan = scheduler.plan_review(["a", "b", "c", "d"], cards, now, date(2026, 5, 5), new_per_day=1)
    assert (plan.due, plan.new, plan.queue) == (["a"], ["c"], ["a", "c"])
    tree = ast.parse((ROOT / "casestudy" / "revise" / "srs.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert imported == {"__future__", "collections.abc", "dataclasses", "datetime", "fsrs", "casestudy.revise.clock"}


def test_streak_counts_consecutive_days():
    today = date(2026, 5, 10)
    days = [date(2026, 5, d) for d in (5, 7, 8, 9, 10)]
    assert stats.streak(days, today) == 4
    assert stats.streak(days[:-1], today) == 3  # nothing yet today: yesterday's streak stands
    assert stats.streak(days[:-2], today) == 0
    assert stats.streak([], today) == 0


def test_report_ignores_items_that_no_longer_exist(isolated):
    with progress.Store.open(progress_db()) as store:
        record(store, "t-01")
        record(store, "t-01", correct=False, rating=1)
        record(store, "t-02")
        record(store, "gone-01")
        rep = stats.report(store, [("t-01", "q1", "Alpha"), ("t-02", "q1", "Alpha"), ("new-1", "q1", "Alpha")], T0)
    (q,) = rep.questions
    assert (q.items, q.seen, q.attempts, q.right, q.mastered) == (3, 2, 3, 2, 1)
    assert rep.streak == 1 and rep.answered_today == 3
    assert stats.as_json(rep).answers == 3


def test_reset_forgets_everything(isolated):
    with progress.Store.open(progress_db()) as store:
        record(store, "a")
        record(store, "b")
        store.set_exam_date(date(2026, 6, 1))
        assert store.reset() == 2
        assert store.attempts() == [] and store.cards() == {} and store.exam_date() is None


def test_a_scheduling_error_still_commits_the_answer(isolated, monkeypatch):
    real = scheduler.review

    def broken(*args, **kwargs):
        raise RuntimeError("no schedule today")

    with progress.Store.open(progress_db()) as store:
        record(store, "a-01")  # a card before the failure: it stays as it was
        before = store.conn.execute("SELECT card, due, reps FROM cards").fetchall()
        monkeypatch.setattr(scheduler, "review", broken)
        assert record(store, "a-01", correct=False, rating=1) is None
        assert store.schedule_error == "RuntimeError: no schedule today"
        assert [(i, c) for i, c, _ in store.attempts()] == [("a-01", True), ("a-01", False)]
        assert store.conn.execute("SELECT card, due, reps FROM cards").fetchall() == before
        monkeypatch.setattr(scheduler, "review", real)  # scheduling works again: the card moves on
        assert record(store, "a-01", when=T0 + timedelta(days=1)) is not None
        assert store.schedule_error is None
        assert store.conn.execute("SELECT reps FROM cards").fetchall() == [(2,)]
