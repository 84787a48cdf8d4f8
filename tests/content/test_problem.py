"""errors.Problem: the structured problem, and the one line it prints as."""

from __future__ import annotations

import dataclasses

import pytest

from casestudy.errors import Problem


@pytest.mark.parametrize(
    "problem, line",
    [
        (Problem("p/q1-a.yaml", 44, 11, "references[0].year", "expected a whole number, got text"),
         "p/q1-a.yaml:44:11: references[0].year: expected a whole number, got text"),
        (Problem("p/q1-a.yaml", 3, 11, None, "invalid YAML: did not find expected ',' or ']'"),
         "p/q1-a.yaml:3:11: invalid YAML: did not find expected ',' or ']'"),
        (Problem("p/q1-a.yaml", None, None, None, "not a regular file; a pack holds plain YAML files"),
         "p/q1-a.yaml: not a regular file; a pack holds plain YAML files"),
        (Problem("p/q1-a.yaml", None, None, "sections", "has 2, needs 4–7", question="q1"),
         "q1: sections: has 2, needs 4–7"),
    ],
    ids=["located-field", "located-no-field", "file-only", "standard"],
)
def test_a_problem_prints_as_todays_line(problem, line):
    assert str(problem) == line


def test_a_problem_is_frozen():
    problem = Problem("f.yaml", 1, 1, "id", "m")
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.line = 2  # type: ignore[misc]
