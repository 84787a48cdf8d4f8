"""The progress store's schema: named migrations, applied once each, in order, under a write lock.

Each migration is a function `mNNN_what(db)`; `@migration` registers it, and refuses a
second one with a name already taken (at import, so a slip never reaches a user's file).
The names applied are kept in the `_migrations` table. All pending migrations run in one
transaction (BEGIN IMMEDIATE), so two processes opening a new file at once do not both
apply one, and a failing migration leaves the file as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


class DuplicateMigration(ValueError):
    """Two migrations with one name: the second would never run on a file that has the first."""


def register(registry: list[tuple[str, Migration]], name: str, fn: Migration) -> None:
    """Add `fn` to `registry` under `name`; raises DuplicateMigration if the name is taken."""
    if any(taken == name for taken, _ in registry):
        raise DuplicateMigration(f"a migration named {name!r} is already registered")
    registry.append((name, fn))


def migration(fn: Migration) -> Migration:
    """Register a migration. They run once each, in the order they are defined here."""
    register(MIGRATIONS, fn.__name__, fn)
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


@migration
def m004_answers_and_runs(db: sqlite3.Connection) -> None:
    """What each answer said (for `casestudy mistakes`), short answers waiting for the
    student's own assessment at the end of an exam, and the quiz runs `--resume` continues."""
    db.execute("ALTER TABLE attempts ADD COLUMN response TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE attempts ADD COLUMN pending INTEGER NOT NULL DEFAULT 0")
    db.execute(
        """CREATE TABLE runs (
            session TEXT PRIMARY KEY,
            mode TEXT NOT NULL,
            seed INTEGER NOT NULL,
            items TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            skipped TEXT NOT NULL DEFAULT '[]',
            time_left REAL,
            finished INTEGER NOT NULL DEFAULT 0,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX attempts_session ON attempts (session)")


@migration
def m005_lab_predictions(db: sqlite3.Connection) -> None:
    """The predictions a student made before running a lab (`casestudy lab NAME --predict`)."""
    db.execute(
        """CREATE TABLE lab_predictions (
            id INTEGER PRIMARY KEY,
            made_at TEXT NOT NULL,
            lab TEXT NOT NULL,
            seed INTEGER NOT NULL,
            options TEXT NOT NULL,
            prompt TEXT NOT NULL,
            guess TEXT NOT NULL,
            actual TEXT NOT NULL,
            right INTEGER NOT NULL
        )"""
    )


def migrate(conn: sqlite3.Connection) -> None:
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
                    (name, datetime.now(timezone.utc).isoformat(timespec="microseconds")),
                )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
