"""Opening the progress file: made if missing, migrated, or read-only when it must be.

A damaged file is moved aside with a timestamp and a fresh one started; a permission
problem is never taken for damage; a file from a newer casestudy, or one we may read but
not write, is opened read-only for a command that only reads and refused by one that
writes. Each case leaves a notice for the command to show, or raises ProgressError.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from casestudy.errors import ProgressError
from casestudy.revise import migrations

BUSY_TIMEOUT_MS = 10_000
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


class _Corrupt(Exception):
    pass


_PERMISSION_HINT = "It may belong to another user: fix its owner or permissions, or set CASESTUDY_HOME to another folder."
UPGRADE_HINT = "Upgrade casestudy (pip install --upgrade casestudy); the file is left as it is."


@dataclass
class Opened:
    """An open connection, and how it was opened."""

    conn: sqlite3.Connection
    notices: list[str] = field(default_factory=list)
    writable: bool = True  # False: opened read-only (a read-only file, or one from a newer casestudy)
    newer: str | None = None  # "… was written by a newer casestudy (schema N, this version knows M)"


def open_progress(path: Path, *, write: bool = True) -> Opened:
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
            return _open_read_only(path, target, write)
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
        return Opened(conn, notices)
    conn.close()
    if write:
        raise ProgressError(newer, hint=UPGRADE_HINT)
    notices.append(f"casestudy: {newer}: showing what this version can read; upgrade casestudy to save answers.")
    return Opened(_connect_read_only(path), notices, writable=False, newer=newer)

def _open_read_only(path: Path, target: Path, write: bool) -> Opened:
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
    return Opened(conn, notices, writable=False, newer=newer)


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
    known = {name for name, _ in migrations.MIGRATIONS}
    if set(recorded) <= known and version <= len(migrations.MIGRATIONS):
        return None
    return (
        f"{path} was written by a newer casestudy "
        f"(schema {max(len(recorded), version)}, this version knows {len(migrations.MIGRATIONS)})"
    )


def _connect(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """Open for writing and apply the migrations; or, for a file from a newer casestudy,
    open without changing anything and return the sentence that says so."""
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.DatabaseError as exc:
        raise progress_error(path, exc) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        newer = _newer_schema(conn, path)
        if newer is None:
            _retry_locked(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            conn.execute("PRAGMA synchronous = NORMAL")
            _retry_locked(lambda: migrations.migrate(conn))
    except sqlite3.DatabaseError as exc:
        conn.close()
        if _is_corrupt(exc):
            raise _Corrupt() from None
        raise progress_error(path, exc) from None
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
    raise progress_error(path, failure)


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


def progress_error(path: Path, exc: sqlite3.Error) -> ProgressError:
    return ProgressError(
        f"cannot use the progress database {path}: {exc}",
        hint="Check the folder is writable (or set CASESTUDY_HOME); if another casestudy is busy, try again.",
    )
