"""The progress store: one SQLite file, `progress.db` in the data folder (Environment.data_dir()).

- Every answer is committed the moment it is given, in its own short write transaction
  (WAL mode, busy_timeout), so two quizzes at once both keep every answer and Ctrl-C
  loses nothing.
- Progress is keyed by the quiz items' stable ids: callers pass the ids that exist, so
  items that were removed are ignored and new ones start fresh.
- Opening it (connection.py): a damaged file is moved aside and a fresh one started; a
  file we may only read, or one from a newer casestudy, is read read-only or refused for
  writing. Its schema: named, ordered migrations (migrations.py).
- The store never prints: `notices` holds the lines for the command to show.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from casestudy.errors import ProgressError
from casestudy.revise import connection
from casestudy.revise import srs as scheduler

DB_NAME = "progress.db"


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


class Store:
    """An open progress database. Use `Store.open()`; close it (or use `with`)."""

    def __init__(
        self, path: Path, conn: sqlite3.Connection, notices: list[str], *, writable: bool = True, newer: str | None = None
    ) -> None:
        self.path = path
        self.conn = conn
        self.notices = notices
        self.writable = writable  # False: opened read-only (a read-only file, or one from a newer casestudy)
        self.newer = newer  # "… was written by a newer casestudy (schema N, this version knows M)", or None
        self.schedule_error: str | None = None  # why the last answer's card was not rescheduled

    # --- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, write: bool = True) -> Store:
        """Open the progress database, made (with its folder) if missing.

        With `write=False` (a command that only reads), a file this user may not write, or
        one a newer casestudy wrote, is opened read-only with a notice instead of refused.
        A permission problem is never taken for damage: such a file is never moved aside."""
        opened = connection.open_progress(path, write=write)
        return cls(path, opened.conn, opened.notices, writable=opened.writable, newer=opened.newer)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) and committed at the end."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise connection.progress_error(self.path, exc) from None
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            raise connection.progress_error(self.path, exc) from None

    def ensure_writable(self) -> None:
        """Raise ProgressError when answers cannot be saved here (read-only, or from a newer casestudy)."""
        if not self.writable:
            raise ProgressError(
                f"{self.newer or str(self.path) + ' was opened only to read'}, so answers cannot be saved",
                hint=connection.UPGRADE_HINT if self.newer else "",
            )

    def _read_error(self, exc: sqlite3.Error) -> ProgressError:
        """A read that failed on an open database: its tables are not the ones we know."""
        if self.newer:
            return ProgressError(f"{self.newer}, and this version cannot read it ({exc})", hint=connection.UPGRADE_HINT)
        return ProgressError(
            f"cannot read the progress in {self.path} ({exc})",
            hint="Its tables are not the ones this casestudy made: upgrade casestudy, or set CASESTUDY_HOME to another folder.",
        )

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM _migrations ORDER BY rowid")]

    # --- writing -----------------------------------------------------------------

    def record(
        self,
        *,
        item_id: str,
        question_id: str,
        kind: str,
        correct: bool,
        rating: int,
        hints: int = 0,
        mode: str = "quiz",
        session: str = "",
        when: datetime,
        exam_date: date | None = None,
        response: str = "",
    ) -> scheduler.Reviewed | None:
        """Save one answer, then reschedule its card; both committed before this returns.

        The answer is committed on its own first, so nothing can lose it. If scheduling
        then fails (an fsrs that does not fit, say), the card keeps its old schedule, this
        returns None and `schedule_error` says why, for the command to warn about."""
        self.record_pending(
            item_id=item_id, question_id=question_id, kind=kind, correct=correct, rating=rating, hints=hints,
            mode=mode, session=session, when=when, response=response, pending=False,
        )  # fmt: skip
        return self._schedule(item_id, rating, when, exam_date)

    def record_pending(
        self,
        *,
        item_id: str,
        question_id: str,
        kind: str,
        correct: bool,
        rating: int,
        hints: int = 0,
        mode: str = "exam",
        session: str = "",
        when: datetime,
        response: str = "",
        pending: bool = True,
    ) -> int:
        """Save one answer now; with `pending` its card is scheduled only when `settle`
        confirms the grade (an exam's short answer, assessed at the end). Returns its id."""
        self.ensure_writable()
        self.schedule_error = None
        try:
            with self._write() as db:
                cur = db.execute(
                    "INSERT INTO attempts (item_id, question_id, kind, correct, rating, hints, mode, session,"
                    " answered_at, response, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (item_id, question_id, kind, int(correct), int(rating), hints, mode, session, _iso(when), response,
                     int(pending)),
                )  # fmt: skip
                return int(cur.lastrowid or 0)
        except sqlite3.DatabaseError as exc:
            raise connection.progress_error(self.path, exc) from None

    def settle(
        self, attempt_id: int, *, correct: bool, rating: int, when: datetime, exam_date: date | None = None
    ) -> scheduler.Reviewed | None:
        """The grade of a pending answer, confirmed: saved, then its card scheduled."""
        self.ensure_writable()
        try:
            with self._write() as db:
                row = db.execute("SELECT item_id FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
                db.execute(
                    "UPDATE attempts SET correct = ?, rating = ?, pending = 0 WHERE id = ?",
                    (int(correct), int(rating), attempt_id),
                )
        except sqlite3.DatabaseError as exc:
            raise connection.progress_error(self.path, exc) from None
        return self._schedule(row[0], rating, when, exam_date) if row else None

    def _schedule(self, item_id: str, rating: int, when: datetime, exam_date: date | None) -> scheduler.Reviewed | None:
        self.schedule_error = None
        try:
            with self._write() as db:
                row = db.execute(
                    "SELECT card, reps, lapses, first_seen FROM cards WHERE item_id = ?", (item_id,)
                ).fetchone()
                try:
                    reviewed = scheduler.review(row[0] if row else None, int(rating), when, exam_date)
                except Exception as exc:  # the answer is saved; only the schedule is missed
                    self.schedule_error = f"{type(exc).__name__}: {exc}"
                    return None
                reps, lapses, first_seen = (row[1], row[2], row[3]) if row else (0, 0, _iso(when))
                db.execute(
                    "INSERT OR REPLACE INTO cards (item_id, card, due, state, last_rating, reps, lapses,"
                    " first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        item_id,
                        reviewed.card,
                        _iso(reviewed.due),
                        reviewed.state,
                        int(rating),
                        reps + 1,
                        lapses + (int(rating) == scheduler.AGAIN),
                        first_seen,
                        _iso(when),
                    ),
                )
        except sqlite3.DatabaseError as exc:
            raise connection.progress_error(self.path, exc) from None
        return reviewed

    def reset(self) -> int:
        """Forget every answer and card. Returns how many answers were removed."""
        self.ensure_writable()
        with self._write() as db:
            count = db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
            db.execute("DELETE FROM attempts")
            db.execute("DELETE FROM cards")
            db.execute("DELETE FROM settings")
            db.execute("DELETE FROM runs")
        return int(count)

    def set_exam_date(self, day: date | None) -> None:
        self.ensure_writable()
        with self._write() as db:
            if day is None:
                db.execute("DELETE FROM settings WHERE key = 'exam_date'")
            else:
                db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('exam_date', ?)", (day.isoformat(),))

    # --- reading -----------------------------------------------------------------

    def exam_date(self) -> date | None:
        try:
            row = self.conn.execute("SELECT value FROM settings WHERE key = 'exam_date'").fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table: settings" in str(exc):  # a read-only file from before settings: no exam set
                return None
            raise self._read_error(exc) from None
        except sqlite3.DatabaseError as exc:
            raise self._read_error(exc) from None
        return date.fromisoformat(row[0]) if row else None

    def cards(self, known: Iterable[str] | None = None) -> dict[str, scheduler.CardInfo]:
        """The cards of the items that exist (all stored cards when `known` is None)."""
        wanted = set(known) if known is not None else None
        try:
            rows = self.conn.execute("SELECT item_id, due, state, last_rating, reps, first_seen FROM cards").fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._read_error(exc) from None
        out = {}
        for item_id, due, state, last_rating, reps, first_seen in rows:
            if wanted is None or item_id in wanted:
                out[item_id] = scheduler.CardInfo(item_id, _dt(due), state, last_rating, reps, _dt(first_seen))
        return out

    def attempts(self, known: Iterable[str] | None = None) -> list[tuple[str, bool, datetime]]:
        """Every answer (item id, right, when), oldest first."""
        wanted = set(known) if known is not None else None
        try:
            rows = self.conn.execute("SELECT item_id, correct, answered_at FROM attempts ORDER BY id").fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._read_error(exc) from None
        return [(item_id, bool(correct), _dt(at)) for item_id, correct, at in rows if wanted is None or item_id in wanted]

    def mistakes(self, known: Iterable[str] | None = None) -> list[Mistake]:
        """The items whose latest answer was wrong, the most recent first."""
        wanted = set(known) if known is not None else None
        query = "SELECT item_id, correct, response, answered_at, session FROM attempts ORDER BY id"
        try:
            rows = self.conn.execute(query).fetchall()
        except sqlite3.OperationalError as exc:
            if "no such column: response" not in str(exc):  # else a read-only file from before m004
                raise self._read_error(exc) from None
            rows = self.conn.execute(query.replace("response", "''")).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._read_error(exc) from None
        latest: dict[str, tuple[bool, str, str, str]] = {}
        for item_id, correct, response, at, session in rows:
            if wanted is None or item_id in wanted:
                latest.pop(item_id, None)
                latest[item_id] = (bool(correct), response, at, session)
        wrong = [(i, r, at, s) for i, (ok, r, at, s) in reversed(latest.items()) if not ok]
        orders = self._shown_orders({s for *_, s in wrong})
        return [Mistake(i, r, _dt(at), orders.get((s, i))) for i, r, at, s in wrong]

    def _shown_orders(self, sessions: set[str]) -> dict[tuple[str, str], list[int]]:
        """(session, item id) → the option order that quiz or exam showed (a review keeps none)."""
        if not sessions:
            return {}
        marks = ", ".join("?" * len(sessions))
        try:
            rows = self.conn.execute(f"SELECT session, items FROM runs WHERE session IN ({marks})", sorted(sessions)).fetchall()
        except sqlite3.OperationalError as exc:
            if "no such table: runs" in str(exc):  # a read-only file from before m004: no orders kept
                return {}
            raise self._read_error(exc) from None
        except sqlite3.DatabaseError as exc:
            raise self._read_error(exc) from None
        return {(session, item_id): list(order) for session, items in rows for item_id, order in json.loads(items)}

    # --- runs `quiz --resume` continues -------------------------------------------------

    def start_run(self, run: Run, when: datetime) -> None:
        self.ensure_writable()
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO runs (session, mode, seed, items, position, skipped, time_left, finished,"
                " started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                (run.session, run.mode, run.seed, json.dumps(run.items), run.position, json.dumps(run.skipped),
                 run.time_left, _iso(when), _iso(when)),
            )  # fmt: skip

    def advance_run(self, run: Run, when: datetime, *, finished: bool = False) -> None:
        """Where the run is now (items done, skipped ones, time left), or that it ended."""
        with self._write() as db:
            db.execute(
                "UPDATE runs SET position = ?, skipped = ?, time_left = ?, finished = ?, updated_at = ? WHERE session = ?",
                (run.position, json.dumps(run.skipped), run.time_left, int(finished), _iso(when), run.session),
            )

    def last_open_run(self) -> Run | None:
        """The latest quiz or exam that stopped before its end (q, Ctrl-C, input ended)."""
        try:
            row = self.conn.execute(
                "SELECT session, mode, seed, items, position, skipped, time_left FROM runs"
                " WHERE finished = 0 ORDER BY updated_at DESC, rowid DESC LIMIT 1"
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            raise self._read_error(exc) from None
        if row is None:
            return None
        session, mode, seed, items, position, skipped, time_left = row
        return Run(session, mode, seed, [(i, list(o)) for i, o in json.loads(items)], position, json.loads(skipped), time_left)

    def run_answers(self, session: str) -> list[Answer]:
        """The answers saved in one run, in order."""
        rows = self.conn.execute(
            "SELECT id, item_id, correct, rating, hints, response, pending FROM attempts WHERE session = ? ORDER BY id",
            (session,),
        ).fetchall()
        return [Answer(r[0], r[1], bool(r[2]), r[3], r[4], r[5], bool(r[6])) for r in rows]


@dataclass(frozen=True)
class Mistake:
    item_id: str
    response: str  # as the student gave it ("" for answers saved before responses were kept)
    when: datetime
    order: list[int] | None = None  # a multiple-choice item's options as the quiz showed them; None: not kept


@dataclass
class Run:
    """A quiz as `--resume` needs it: its items in order (with each multiple-choice item's
    option order), its seed, how far it got, the items skipped, the exam time left."""

    session: str
    mode: str
    seed: int
    items: list[tuple[str, list[int]]]
    position: int = 0
    skipped: list[str] = field(default_factory=list)
    time_left: float | None = None


@dataclass(frozen=True)
class Answer:
    attempt_id: int
    item_id: str
    correct: bool
    rating: int
    hints: int
    response: str
    pending: bool
