"""The search index: an SQLite FTS5 database in the user cache, built on first use and
rebuilt whenever the content (or the way it is indexed) changes."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import tempfile
from pathlib import Path

import msgspec

from casestudy.content import model
from casestudy.errors import CaseStudyError
from casestudy.search.documents import documents

SCHEMA = 1  # bump when what is indexed or how changes: every old index is rebuilt
_WORD = re.compile(r"[^\W_]{3,}")


def fingerprint(case: model.Case) -> str:
    """What the index was built from: the case's content and this module's schema."""
    digest = hashlib.sha256(msgspec.msgpack.encode([case.meta, [q.answer for q in case.questions]]))
    digest.update(f"search-schema-{SCHEMA}".encode())
    return digest.hexdigest()


def index_path(cache_dir: Path, case: model.Case) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", case.meta.id) or "case"
    return cache_dir / f"search-{safe}.sqlite"


def open_index(cache_dir: Path, case: model.Case) -> sqlite3.Connection:
    """The index for `case`, read-only, (re)built first when missing or out of date.

    When the cache folder cannot be written the index is built in memory for this run."""
    path = index_path(cache_dir, case)
    wanted = fingerprint(case)
    conn = _open_existing(path, wanted)
    if conn is not None:
        return conn
    try:
        _build_file(path, case, wanted)
    except OSError:
        return _build(sqlite3.connect(":memory:"), case, wanted)
    conn = _open_existing(path, wanted)
    if conn is None:  # replaced under us by a different build: use our own in memory
        return _build(sqlite3.connect(":memory:"), case, wanted)
    return conn


def _open_existing(path: Path, wanted: str) -> sqlite3.Connection | None:
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:  # cannot be opened: rebuild
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    except sqlite3.Error:  # corrupt, half-written by an old version, or not ours: rebuild
        conn.close()
        return None
    if row is None or row[0] != wanted:
        conn.close()
        return None
    return conn


def _build_file(path: Path, case: model.Case, wanted: str) -> None:
    """Build into a temporary file beside `path`, then move it into place atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise CaseStudyError(
            f"{path} is not a regular file, so the search index cannot be written there",
            hint="Move it away; the index is rebuilt on the next search.",
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        conn = _build(sqlite3.connect(tmp), case, wanted)
        conn.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _build(conn: sqlite3.Connection, case: model.Case, wanted: str) -> sqlite3.Connection:
    with conn:
        conn.executescript(
            """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE VIRTUAL TABLE docs USING fts5(
                heading, lead, body,
                qid UNINDEXED, kind UNINDEXED, section UNINDEXED, section_number UNINDEXED,
                tokenize = 'porter unicode61 remove_diacritics 2'
            );
            CREATE TABLE words (word TEXT PRIMARY KEY) WITHOUT ROWID;
            """
        )
        words: set[str] = set()
        rows = []
        for d in documents(case):
            rows.append((d.heading, d.lead, d.body, d.qid, d.kind, d.section, d.section_number))
            for text in (d.heading, d.lead, d.body):
                words.update(w.casefold() for w in _WORD.findall(text))
        conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany("INSERT INTO words VALUES (?)", sorted((w,) for w in words))
        conn.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (wanted,))
    return conn
