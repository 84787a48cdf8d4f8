"""The progress store: one SQLite file, `progress.db` in the data folder (Environment.data_dir()).

- Named, ordered migrations; the names applied are kept in `_migrations`.
- Every answer is committed the moment it is given, in its own short write transaction
  (WAL mode, busy_timeout), so two quizzes at once both keep every answer and Ctrl-C
  loses nothing.
- Progress is keyed by the quiz items' stable ids: callers pass the ids that exist, so
  items that were removed are ignored and new ones start fresh.
- A damaged file, or one that is not a database, is moved aside with a timestamp, a
  notice says where, and a fresh store is started. A permission problem is not damage:
  a file we may read but not write is opened read-only for commands that only read
  (`write=False`) and refused, with the reason, by those that write; a file we may not
  read is an error. Neither is ever moved.
- A database from a newer casestudy (a migration we do not know, or a higher
  user_version) is never written: refused for writing, read read-only otherwise. A SQLite
  file with other tables and no `_migrations` is not ours and is left alone.
- The store never prints: `notices` holds the lines for the command to show.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from casestudy.errors import ProgressError
from casestudy.revise import srs as scheduler
from casestudy.revise.clock import local_day

DB_NAME = "progress.db"
BUSY_TIMEOUT_MS = 10_000
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    """Register a migration. They run once each, in the order they are defined here."""
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_attempts_and_cards(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            item_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            correct INTEGER NOT NULL,
            rating INTEGER NOT NULL,
            hints INTEGER NOT NULL DEFAULT 0,
            mode TEXT NOT NULL,
            session TEXT NOT NULL,
            answered_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE cards (
            item_id TEXT PRIMARY KEY,
            card TEXT NOT NULL,
            due TEXT NOT NULL,
            state INTEGER NOT NULL,
            last_rating INTEGER NOT NULL,
            reps INTEGER NOT NULL,
            lapses INTEGER NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL
        )"""
    )


@migration
def m002_attempt_indexes(db: sqlite3.Connection) -> None:
    db.execute("CREATE INDEX attempts_item ON attempts (item_id)")
    db.execute("CREATE INDEX attempts_time ON attempts (answered_at)")
    db.execute("CREATE INDEX cards_due ON cards (due)")


@migration
def m003_settings(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


class _Corrupt(Exception):
    pass


_PERMISSION_HINT = "It may belong to another user: fix its owner or permissions, or set CASESTUDY_HOME to another folder."
_UPGRADE_HINT = "Upgrade casestudy (pip install --upgrade casestudy); the file is left as it is."


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
        folder = path.parent
        try:
            st: os.stat_result | None = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            st = None
        except OSError as exc:
            raise ProgressError(f"cannot read {path}: {_reason(exc)}", hint=_PERMISSION_HINT) from None
        if st is None:
            _make_folder(folder)
        elif stat.S_ISDIR(st.st_mode):
            raise ProgressError(
                f"{path} is a folder, not a progress database",
                hint="Move it away, or set CASESTUDY_HOME to another folder.",
            )
        elif not os.access(path, os.R_OK):
            raise ProgressError(f"cannot read {path}: permission denied", hint=_PERMISSION_HINT)
        else:
            target = path if not _may_write(path) else folder if not _may_write(folder, os.W_OK | os.X_OK) else None
            if target is not None:
                return cls._open_read_only(path, target, write)
        notices: list[str] = []
        try:
            conn, newer = _connect(path)
        except _Corrupt:
            moved = _move_aside(path)
            notices.append(
                f"casestudy: {path} was not a readable progress database; "
                f"kept it as {moved.name} and started a fresh one."
            )
            try:
                conn, newer = _connect(path)
            except _Corrupt:  # pragma: no cover - a fresh file cannot be corrupt
                raise ProgressError(f"cannot create a fresh progress database at {path}") from None
        if newer is None:
            return cls(path, conn, notices)
        conn.close()
        if write:
            raise ProgressError(newer, hint=_UPGRADE_HINT)
        notices.append(f"casestudy: {newer}: showing what this version can read; upgrade casestudy to save answers.")
        return cls(path, _connect_read_only(path), notices, writable=False, newer=newer)

    @classmethod
    def _open_read_only(cls, path: Path, target: Path, write: bool) -> Store:
        """`path` exists and is readable, but `target` (the file, or its folder) is not writable."""
        what = "is read-only" if target == path else f"is in a folder that is not writable ({target})"
        if write:
            raise ProgressError(
                f"{path} {what}, so answers cannot be saved",
                hint=f"Make it writable (chmod u+w {target}), or set CASESTUDY_HOME to another folder.",
            )
        try:
            conn = _connect_read_only(path)
        except _Corrupt:
            raise ProgressError(
                f"{path} is not a readable progress database",
                hint="It is read-only, so it was left as it is: move it away, or set CASESTUDY_HOME to another folder.",
            ) from None
        try:
            newer = _newer_schema(conn, path)
        except BaseException:
            conn.close()
            raise
        notices = [
            f"casestudy: {path} {what}: showing the progress it holds; quiz and review cannot save answers "
            f"until it is writable (chmod u+w {target})."
        ]
        if newer:
            notices.append(f"casestudy: {newer}: showing what this version can read; upgrade casestudy to save answers.")
        return cls(path, conn, notices, writable=False, newer=newer)

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
            raise _progress_error(self.path, exc) from None
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            raise _progress_error(self.path, exc) from None

    def _check_writable(self) -> None:
        if not self.writable:
            raise ProgressError(
                f"{self.newer or str(self.path) + ' was opened only to read'}, so answers cannot be saved",
                hint=_UPGRADE_HINT if self.newer else "",
            )

    def _read_error(self, exc: sqlite3.Error) -> ProgressError:
        """A read that failed on an open database: its tables are not the ones we know."""
        if self.newer:
            return ProgressError(f"{self.newer}, and this version cannot read it ({exc})", hint=_UPGRADE_HINT)
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
    ) -> scheduler.Reviewed | None:
        """Save one answer, then reschedule its card; both committed before this returns.

        The answer is committed on its own first, so nothing can lose it. If scheduling
        then fails (an fsrs that does not fit, say), the card keeps its old schedule, this
        returns None and `schedule_error` says why, for the command to warn about."""
        self._check_writable()
        self.schedule_error = None
        try:
            with self._write() as db:
                db.execute(
                    "INSERT INTO attempts (item_id, question_id, kind, correct, rating, hints, mode, session,"
                    " answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (item_id, question_id, kind, int(correct), int(rating), hints, mode, session, _iso(when)),
                )
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
            raise _progress_error(self.path, exc) from None
        return reviewed

    def reset(self) -> int:
        """Forget every answer and card. Returns how many answers were removed."""
        self._check_writable()
        with self._write() as db:
            count = db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
            db.execute("DELETE FROM attempts")
            db.execute("DELETE FROM cards")
            db.execute("DELETE FROM settings")
        return int(count)

    def set_exam_date(self, day: date | None) -> None:
        self._check_writable()
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


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _may_write(path: Path, mode: int = os.W_OK) -> bool:
    """May we write `path`? os.access, and a write bit set: root may write anything, but a
    file (or folder) with no write bit at all was made read-only on purpose, and is treated so."""
    try:
        return os.access(path, mode) and bool(path.stat().st_mode & 0o222)
    except OSError:
        return False


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProgressError(
            f"cannot create the progress folder {folder}: {exc.strerror or exc}",
            hint="Set CASESTUDY_HOME to a folder you can write to.",
        ) from None
    if not folder.is_dir() or not _may_write(folder, os.W_OK | os.X_OK):
        raise ProgressError(
            f"the progress folder {folder} is not writable, so answers cannot be saved",
            hint="Fix its permissions, or set CASESTUDY_HOME to a folder you can write to.",
        )


def _newer_schema(conn: sqlite3.Connection, path: Path) -> str | None:
    """None when this version knows every migration the file has; else a sentence saying it
    is newer. Raises ProgressError for a SQLite file that is not a progress database at all."""
    tables = sorted(
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    )
    if not tables:
        return None
    if "_migrations" not in tables:
        raise ProgressError(
            f"{path} is not a casestudy progress database (it holds other tables: {', '.join(tables[:5])})",
            hint="Move it away, or set CASESTUDY_HOME to another folder; it was left as it is.",
        )
    recorded = [r[0] for r in conn.execute("SELECT name FROM _migrations")]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    known = {name for name, _ in MIGRATIONS}
    if set(recorded) <= known and version <= len(MIGRATIONS):
        return None
    return (
        f"{path} was written by a newer casestudy "
        f"(schema {max(len(recorded), version)}, this version knows {len(MIGRATIONS)})"
    )


def _connect(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """Open for writing and apply the migrations; or, for a file from a newer casestudy,
    open without changing anything and return the sentence that says so."""
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.DatabaseError as exc:
        raise _progress_error(path, exc) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        newer = _newer_schema(conn, path)
        if newer is None:
            _retry_locked(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            conn.execute("PRAGMA synchronous = NORMAL")
            _retry_locked(lambda: _migrate(conn))
    except sqlite3.DatabaseError as exc:
        conn.close()
        if _is_corrupt(exc):
            raise _Corrupt() from None
        raise _progress_error(path, exc) from None
    except BaseException:
        conn.close()
        raise
    return conn, newer


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open without writing anything. In a folder we cannot write, SQLite cannot make the
    WAL index, so fall back to reading the file as immutable."""
    from urllib.parse import quote

    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    failure: sqlite3.Error | None = None
    for extra in ("", "&immutable=1"):
        try:
            conn = sqlite3.connect(uri + extra, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.DatabaseError as exc:
            failure = exc
            continue
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.DatabaseError as exc:
            conn.close()
            if _is_corrupt(exc):
                raise _Corrupt() from None
            failure = exc
    assert failure is not None
    raise _progress_error(path, failure)


def _retry_locked(step: Callable[[], object], attempts: int = 40) -> None:
    """Run a set-up step, retrying while another process holds the lock.

    Two processes opening a new file at once can meet a lock that SQLite reports at once
    (to avoid a deadlock) instead of waiting out the busy timeout: switching to WAL and
    upgrading a read to a write both can. Waiting a moment and trying again resolves it."""
    for attempt in range(attempts):
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    if getattr(exc, "sqlite_errorcode", None) in _CORRUPT_CODES:
        return True
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply, in order, every migration not yet applied (under a write lock, so two
    processes starting at once do not both apply one)."""
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {r[0] for r in conn.execute("SELECT name FROM _migrations")}
    if all(name in done for name, _ in MIGRATIONS):
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        done = {r[0] for r in conn.execute("SELECT name FROM _migrations")}
        for name, fn in MIGRATIONS:
            if name not in done:
                fn(conn)
                conn.execute(
                    "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                    (name, _iso(datetime.now(timezone.utc))),
                )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _move_aside(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.broken-{stamp}-{n}")
    try:
        path.rename(target)
        for suffix in ("-wal", "-shm"):
            extra = path.with_name(path.name + suffix)
            if extra.exists():
                extra.rename(target.with_name(target.name + suffix))
    except OSError as exc:
        raise ProgressError(
            f"{path} is not a readable progress database, and it cannot be moved aside: {exc.strerror or exc}",
            hint="Move or delete it yourself, or set CASESTUDY_HOME to another folder.",
        ) from None
    return target


def _progress_error(path: Path, exc: sqlite3.Error) -> ProgressError:
    return ProgressError(
        f"cannot use the progress database {path}: {exc}",
        hint="Check the folder is writable (or set CASESTUDY_HOME); if another casestudy is busy, try again.",
    )


# --- the progress report (`casestudy stats`) -----------------------------------------


@dataclass(frozen=True)
class QuestionStats:
    qid: str
    topic: str
    items: int
    seen: int
    attempts: int
    right: int
    mastered: int  # items whose latest answer was right

    @property
    def accuracy(self) -> float | None:
        return self.right / self.attempts if self.attempts else None

    @property
    def mastery(self) -> float:
        return self.mastered / self.items if self.items else 0.0


@dataclass(frozen=True)
class Report:
    questions: list[QuestionStats]
    due: scheduler.DueCounts
    streak: int
    answered_today: int
    exam_date: date | None
    path: str
    notices: list[str] = field(default_factory=list)

    @property
    def items(self) -> int:
        return sum(q.items for q in self.questions)

    @property
    def seen(self) -> int:
        return sum(q.seen for q in self.questions)

    @property
    def attempts(self) -> int:
        return sum(q.attempts for q in self.questions)

    @property
    def right(self) -> int:
        return sum(q.right for q in self.questions)

    def to_dict(self) -> dict:
        return {
            "database": self.path,
            "items": self.items,
            "seen": self.seen,
            "answers": self.attempts,
            "right": self.right,
            "accuracy": round(self.right / self.attempts, 3) if self.attempts else None,
            "due_now": self.due.now,
            "due_later_today": self.due.later_today,
            "due_this_week": self.due.this_week,
            "streak_days": self.streak,
            "answered_today": self.answered_today,
            "next_due": self.due.next_due.isoformat() if self.due.next_due else None,
            "exam_date": self.exam_date.isoformat() if self.exam_date else None,
            "questions": [
                {
                    **asdict(q),
                    "accuracy": round(q.accuracy, 3) if q.accuracy is not None else None,
                    "mastery": round(q.mastery, 3),
                }
                for q in self.questions
            ],
        }


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive days with at least one answer, ending today (or yesterday, if today
    has no answer yet: the streak is not broken until the day is over)."""
    answered = set(days)
    day = today if today in answered else today - timedelta(days=1)
    count = 0
    while day in answered:
        count += 1
        day -= timedelta(days=1)
    return count


def report(store: Store, items: Sequence[tuple[str, str, str]], now: datetime) -> Report:
    """Progress per question for `items` = (item id, question id, topic) that exist now."""
    known = {item_id for item_id, _, _ in items}
    attempts = store.attempts(known)
    cards = store.cards(known)
    per_item: dict[str, list[bool]] = {}
    for item_id, correct, _ in attempts:
        per_item.setdefault(item_id, []).append(correct)
    questions: dict[str, dict] = {}
    for item_id, qid, topic in items:
        q = questions.setdefault(qid, {"topic": topic, "items": 0, "seen": 0, "attempts": 0, "right": 0, "mastered": 0})
        answers = per_item.get(item_id, [])
        q["items"] += 1
        q["seen"] += bool(answers)
        q["attempts"] += len(answers)
        q["right"] += sum(answers)
        q["mastered"] += bool(answers and answers[-1])
    today = local_day(now)
    return Report(
        questions=[QuestionStats(qid=qid, **values) for qid, values in questions.items()],
        due=scheduler.due_counts(cards, now),
        streak=streak((local_day(at) for _, _, at in attempts), today),
        answered_today=sum(local_day(at) == today for _, _, at in attempts),
        exam_date=store.exam_date(),
        path=str(store.path),
        notices=list(store.notices),
    )
