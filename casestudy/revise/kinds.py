"""Kinds of quiz item: their names as shown, the names `--kind` accepts, and which an exam asks."""

from __future__ import annotations

from collections.abc import Iterable

from casestudy.content import model
from casestudy.errors import QuizOptionError

KIND_NAMES = {
    "mcq": "multiple choice",
    "tf": "true or false",
    "flashcard": "flashcard",
    "short": "short answer",
}
_KIND_ALIASES = {
    "mcq": "mcq",
    "multiple-choice": "mcq",
    "choice": "mcq",
    "tf": "tf",
    "true-false": "tf",
    "truefalse": "tf",
    "bool": "tf",
    "flashcard": "flashcard",
    "flashcards": "flashcard",
    "card": "flashcard",
    "short": "short",
    "short-answer": "short",
    "text": "short",
}
EXAM_KINDS = ("mcq", "tf", "short")


def parse_kinds(values: Iterable[str]) -> tuple[str, ...]:
    """`--kind mcq,tf --kind short` → ('mcq', 'tf', 'short'); nothing → every kind."""
    chosen: list[str] = []
    for value in values:
        for part in value.split(","):
            name = part.strip().lower()
            if not name:
                continue
            if name not in _KIND_ALIASES:
                raise QuizOptionError(
                    f"unknown kind '{part.strip()}'",
                    hint=f"Kinds: {', '.join(model.KINDS)} (repeat --kind or separate with commas).",
                )
            kind = _KIND_ALIASES[name]
            if kind not in chosen:
                chosen.append(kind)
    return tuple(chosen) or model.KINDS
