"""Lab predictions kept with the quiz progress: each one committed as it is made, and the
tally `casestudy lab` and `stats` show."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

import msgspec

from casestudy.revise.store import Store


class PredictionTally(msgspec.Struct, frozen=True):
    made: int
    right: int


def record_prediction(
    store: Store, *, when: datetime, lab: str, seed: int, options: dict[str, Any], prompt: str, guess: str,
    actual: str, right: bool,
) -> None:
    """Save one prediction and its outcome (committed before this returns)."""
    store.ensure_writable()
    with store._write() as db:
        db.execute(
            "INSERT INTO lab_predictions (made_at, lab, seed, options, prompt, guess, actual, right)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (when.isoformat(timespec="seconds"), lab, seed, json.dumps(options, sort_keys=True), prompt, guess,
             actual, int(right)),
        )


def prediction_tally(store: Store) -> PredictionTally:
    """How many predictions were made, and how many were right."""
    try:
        made, right = store.conn.execute("SELECT count(*), coalesce(sum(right), 0) FROM lab_predictions").fetchone()
    except sqlite3.Error as exc:
        raise store._read_error(exc) from None
    return PredictionTally(int(made), int(right))
