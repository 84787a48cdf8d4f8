"""One section of an answer, found by its number, its id or words of its heading."""

from __future__ import annotations

from casestudy.content import model
from casestudy.errors import UnknownQuestion, shorten


def find_section(q: model.Question, ref: str) -> tuple[int, model.Section]:
    """The section `ref` names, with its number (1-based): `3`, `§3`, an id such as
    `cassandra-dial`, or words of its heading (`cassandra` in q7, when only one heading has them).

    Raises UnknownQuestion (a one-line message listing the sections) when none or several match."""
    answer = q.answer
    if answer is None:
        raise ValueError(f"{q.id} is not written")
    sections = list(enumerate(answer.sections, 1))
    wanted = ref.strip().lstrip("§").strip()
    if wanted.isdecimal():  # isdigit() takes "²", which int() refuses
        for n, s in sections:
            if n == int(wanted):
                return n, s
        raise UnknownQuestion(
            f"{q.id} has no section {wanted}: its sections are 1 to {len(sections)}",
            hint=f"`casestudy show {q.id}` lists them; {_listing(sections)}.",
        )
    folded = wanted.casefold()
    for n, s in sections:
        if s.id.casefold() == folded or s.heading.casefold() == folded:
            return n, s
    found = [(n, s) for n, s in sections if folded and folded in s.heading.casefold()]
    if len(found) == 1:
        return found[0]
    if found:
        raise UnknownQuestion(
            f"'{shorten(ref)}' is in more than one section heading of {q.id}",
            hint=f"Give the number: {_listing(found)}.",
        )
    raise UnknownQuestion(
        f"{q.id} has no section '{shorten(ref)}'",
        hint=f"Give a number or words of a heading: {_listing(sections)}.",
    )


def _listing(sections: list[tuple[int, model.Section]]) -> str:
    return "; ".join(f"{n} {s.heading}" for n, s in sections)
