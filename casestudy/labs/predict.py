"""Predict, observe, explain: reading a student's guess before a run and judging it
against the run's answer afterwards. The asking is injected (`ask`), so nothing here
prints or reads a terminal."""

from __future__ import annotations

import re
import string
from collections.abc import Callable

import msgspec

from casestudy.labs.base import Answer, Guess

TRIES = 3  # answers that cannot be read, before the lab runs without a prediction


class NoPrediction(Exception):
    """The input ended, or three answers in a row could not be read."""


class Verdict(msgspec.Struct):
    prompt: str
    guess: str  # as the student gave it: "b) W=ONE, R=QUORUM" or "200 keys"
    actual: str  # what the run showed
    right: bool


def letters(guess: Guess) -> str:
    return string.ascii_lowercase[: len(guess.choices)]


def prompt_line(guess: Guess) -> str:
    if guess.choices:
        return f"Your prediction ({'/'.join(letters(guess))}): "
    return f"Your prediction ({guess.unit or 'a number'}): "


def read(guess: Guess, text: str) -> float | None:
    """The choice's index or the number in `text`, or None if it cannot be read."""
    text = text.strip().lower()
    if guess.choices:
        if len(text) == 1 and text in letters(guess):
            return float(letters(guess).index(text))
        return None
    cleaned = re.sub(r"(?<=\d)[,_](?=\d{3})", "", text).rstrip("%").strip()
    unit = guess.unit.lower()
    if unit and cleaned.endswith(unit):
        cleaned = cleaned[: -len(unit)].strip()
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if value != value or abs(value) == float("inf") or value < 0 or (guess.most is not None and value > guess.most):
        return None  # a share over 100%, more keys than there are, or less than none: not a prediction
    return value


def wanted(guess: Guess) -> str:
    """What the prompt takes: `one of a, b, c` or `a number`."""
    return f"one of {', '.join(letters(guess))}" if guess.choices else "a number"


def hint(guess: Guess) -> str:
    """What to type after an answer that could not be read."""
    if guess.choices:
        return f"Type {wanted(guess)}."
    if guess.most is not None:
        return f"Type a number from 0 to {guess.most:,g}."
    return "Type a number, such as 250."


def ask(guess: Guess, ask_line: Callable[[str], str], say: Callable[[str], None]) -> float:
    """Ask until an answer can be read (at most TRIES times). EOFError becomes NoPrediction."""
    for _ in range(TRIES):
        try:
            text = ask_line(prompt_line(guess))
        except EOFError:
            raise NoPrediction("the input ended before a prediction") from None
        value = read(guess, text)
        if value is not None:
            return value
        say(hint(guess))
    raise NoPrediction("no prediction could be read")


def judge(guess: Guess, value: float, answer: Answer) -> Verdict:
    if guess.choices:
        index = int(value)
        shown = f"{letters(guess)[index]}) {guess.choices[index]}"
        right = index == int(answer.value)
        correct = f"{letters(guess)[int(answer.value)]}) {guess.choices[int(answer.value)]}"
        actual = f"{correct} — {answer.shown}"
    else:
        shown = f"{value:,g}{'%' if guess.unit == '%' else ' ' + guess.unit if guess.unit else ''}"
        right = abs(value - answer.value) <= guess.tolerance * max(abs(answer.value), 1.0)
        actual = answer.shown
    return Verdict(prompt=guess.prompt, guess=shown, actual=actual, right=right)
