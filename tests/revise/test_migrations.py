"""The progress store's migrations: named, ordered, never two with one name, and the schema they make."""

from __future__ import annotations

import sqlite3

import pytest

from casestudy.revise import migrations

# The schema the migrations make on an empty database, as sqlite_master holds it.
SCHEMA = [
    ("table", "_migrations", "CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"),
    (
        "table",
        "attempts",
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
        , response TEXT NOT NULL DEFAULT '', pending INTEGER NOT NULL DEFAULT 0)""",
    ),
    (
        "table",
        "cards",
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
        )""",
    ),
    ("index", "attempts_item", "CREATE INDEX attempts_item ON attempts (item_id)"),
    ("index", "attempts_time", "CREATE INDEX attempts_time ON attempts (answered_at)"),
    ("index", "cards_due", "CREATE INDEX cards_due ON cards (due)"),
    ("table", "settings", "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
    (
        "table",
        "runs",
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
        )""",
    ),
    ("index", "attempts_session", "CREATE INDEX attempts_session ON attempts (session)"),
    (
        "table",
        "lab_predictions",
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
        )""",
    ),
]
NAMES = ["m001_attempts_and_cards", "m002_attempt_indexes", "m003_settings", "m004_answers_and_runs", "m005_lab_predictions"]


def schema(db: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return db.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").fetchall()


def test_the_migrations_are_named_and_ordered():
    assert [name for name, _ in migrations.MIGRATIONS] == NAMES


def test_migrations_on_an_empty_database_make_todays_schema(tmp_path):
    db = sqlite3.connect(tmp_path / "empty.db", isolation_level=None)
    migrations.migrate(db)
    assert schema(db) == SCHEMA
    assert [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY rowid")] == NAMES
    migrations.migrate(db)  # a second run applies nothing
    assert db.execute("SELECT COUNT(*) FROM _migrations").fetchone()[0] == 5
    assert schema(db) == SCHEMA


def test_a_second_migration_with_a_taken_name_is_refused():
    before = list(migrations.MIGRATIONS)

    def m002_attempt_indexes(db):  # the name of one already registered
        db.execute("CREATE TABLE clash (x)")

    with pytest.raises(migrations.DuplicateMigration, match=r"^a migration named 'm002_attempt_indexes' is already registered$"):
        migrations.migration(m002_attempt_indexes)
    assert before == migrations.MIGRATIONS  # not added, not reordered


def test_register_refuses_a_taken_name_in_any_registry():
    registry: list = []
    migrations.register(registry, "m001_a", lambda db: None)
    migrations.register(registry, "m002_b", lambda db: None)
    with pytest.raises(migrations.DuplicateMigration):
        migrations.register(registry, "m001_a", lambda db: None)
    assert [name for name, _ in registry] == ["m001_a", "m002_b"]


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    db = sqlite3.connect(tmp_path / "p.db", isolation_level=None)
    migrations.migrate(db)

    def m009_half_done(db):
        db.execute("CREATE TABLE half (x)")
        raise sqlite3.OperationalError("disk on fire")

    def m010_never(db):
        db.execute("CREATE TABLE never (x)")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("m009_half_done", m009_half_done), ("m010_never", m010_never)])
    with pytest.raises(sqlite3.OperationalError, match="disk on fire"):
        migrations.migrate(db)
    assert schema(db) == SCHEMA
    assert [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY rowid")] == NAMES


def test_a_database_made_by_the_previous_schema_keeps_its_answers_and_gains_the_new_tables(tmp_path, monkeypatch):
    """A progress file from before m004 (answers, no responses, no runs) is upgraded in place:
    every answer is kept, with an empty response, and `mistakes` and `--resume` work on it."""
    from casestudy.revise.store import Store

    path = tmp_path / "progress.db"
    db = sqlite3.connect(path, isolation_level=None)
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:3])
    migrations.migrate(db)
    db.execute(
        "INSERT INTO attempts (item_id, question_id, kind, correct, rating, hints, mode, session, answered_at)"
        " VALUES ('b-02', 'q2', 'mcq', 0, 1, 0, 'quiz', 's1', '2026-05-01T09:00:00+00:00')"
    )
    db.close()
    monkeypatch.undo()
    with Store.open(path) as store:
        assert store.applied_migrations() == NAMES
        assert [(m.item_id, m.response) for m in store.mistakes()] == [("b-02", "")]
        assert store.last_open_run() is None
    db = sqlite3.connect(path)
    assert schema(db) == SCHEMA
