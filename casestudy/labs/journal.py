"""Your lab predictions, kept in `lab-predictions.json` in the data folder (beside the
quiz progress, in a file of their own): appended atomically, read for the lab list."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from casestudy.errors import CaseStudyError
from casestudy.fileio import read_text, write_atomic
from casestudy.labs.predict import Verdict

FILE = "lab-predictions.json"
FORMAT = "casestudy-lab-predictions/1"


class Entry(msgspec.Struct):
    at: str  # ISO date-time, UTC
    lab: str
    seed: int
    options: dict[str, Any]
    prediction: Verdict


class Journal(msgspec.Struct):
    format: str = FORMAT
    predictions: list[Entry] = []


class Tally(msgspec.Struct):
    made: int
    right: int
    notice: str = ""  # a damaged file set aside


def _load(path: Path) -> tuple[Journal, str]:
    if not path.exists():
        return Journal(), ""
    text = read_text(path, hint=f"Move {path} aside to start again.")
    try:
        return msgspec.json.decode(text, type=Journal), ""
    except msgspec.DecodeError:
        kept = path.with_name(f"{path.name}.broken-{datetime.now().strftime('%Y%m%d-%H%M%S')}")
        os.replace(path, kept)
        return Journal(), f"note: {path} could not be read; it is kept as {kept.name} and a new one is started."


def save(folder: Path, entry: Entry) -> str:
    """Append `entry`; returns a notice when a damaged file had to be set aside."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CaseStudyError(f"cannot create the data folder {folder}: {exc.strerror or exc}",
                             hint="Check its permissions, or set CASESTUDY_HOME to a folder you may write.") from None
    path = folder / FILE
    journal, notice = _load(path)
    journal.predictions.append(entry)
    write_atomic(path, msgspec.json.format(msgspec.json.encode(journal), indent=2).decode() + "\n", force=True)
    return notice


def tally(folder: Path) -> Tally:
    path = folder / FILE
    if not path.exists():
        return Tally(0, 0)
    try:
        journal = msgspec.json.decode(read_text(path), type=Journal)
    except (msgspec.DecodeError, CaseStudyError):
        return Tally(0, 0, f"note: {path} could not be read; the next --predict sets it aside.")
    return Tally(len(journal.predictions), sum(e.prediction.right for e in journal.predictions))
