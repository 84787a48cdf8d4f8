"""Finding a question from what a user typed: every spelling, did-you-mean, the range."""

from __future__ import annotations

import pytest

from casestudy.content import load as content
from casestudy.content.resolve import resolve, resolve_many
from casestudy.errors import UnknownQuestion
from tests.helpers import MINI


@pytest.mark.parametrize("ref", ["q1", "Q1", "1", " alpha ", "FIRST", "01"])
def test_resolve_accepts_every_spelling(ref):
    assert resolve(content.load_case(MINI), ref).id == "q1"


@pytest.mark.parametrize("ref, suggestion", [("alpah", "alpha"), ("bta", "beta"), ("frist", "first")])
def test_resolve_suggests(ref, suggestion):
    with pytest.raises(UnknownQuestion) as info:
        resolve(content.load_case(MINI), ref)
    assert f"Did you mean {suggestion}" in info.value.message


def test_resolve_many_keeps_order_and_dedupes():
    case = content.load_case(MINI)
    assert [q.id for q in resolve_many(case, ["beta", "q1", "2"])] == ["q2", "q1"]
    assert [q.id for q in resolve_many(case, [])] == ["q1", "q2"]
    assert [q.id for q in resolve_many(case, ["all"])] == ["q1", "q2"]


@pytest.mark.parametrize("ref, number", [("0", "0"), ("q0", "0"), ("q3", "3"), ("10", "10")])
def test_a_number_out_of_range_names_the_range(ref, number):
    with pytest.raises(UnknownQuestion) as info:
        resolve(content.load_case(MINI), ref)
    assert info.value.message == f"there is no question {number}; questions are q1–q2"


def test_show_0_does_not_suggest_q9(run):
    result = run("show", "0")
    assert result.exit_code == 1
    assert result.stderr.startswith("casestudy: error: there is no question 0; questions are q1–q9.")
    assert "Did you mean" not in result.stderr



@pytest.mark.parametrize(("command", "ref"), [
    (("show", "²"), "²"), (("export", "²"), "²"), (("show", "q4", "³", "--brief"), "³"),
])
def test_a_superscript_digit_is_no_question_not_a_crash(run, command, ref):
    """'²' passes str.isdigit() but not int(): it was 'internal error: ValueError'."""
    result = run(*command)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"casestudy: error: no question '{ref}'. Valid questions: q1 (microservices),")
