"""Key ideas written by the author, per key point: what completeness looks for, checked by
`validate` (an empty idea) and required by `validate --standard`."""

from __future__ import annotations

from casestudy.content.checklist import answer_stems, key_ideas
from casestudy.content.load import load_case
from casestudy.text.words import tokens


def with_ideas(pack, ideas: str) -> None:
    path = pack / "q1-alpha.yaml"
    path.write_text(path.read_text().replace("sections:\n", f"key_ideas:\n  - {ideas}\nsections:\n", 1))


def test_an_idea_is_found_by_any_of_its_variants_by_stem_and_spelling(mini_pack):
    with_ideas(mini_pack, "[[first letter, comes first, opening], [optimised order, optimise]]")
    case = load_case(mini_pack)
    (point,) = key_ideas(case, case.question("q1"))
    assert point.keywords == ("first letter", "optimised order")
    have = answer_stems(tokens("Alpha is the opening member, and the order was optimized"))
    assert point.missing(have) == []
    assert [i.shown for i in point.missing(answer_stems(tokens("the letters come in order")))] == ["first letter", "optimised order"]


def test_an_empty_idea_is_a_located_validation_error(run, mini_pack):
    with_ideas(mini_pack, "[[first], []]")
    result = run("--pack", str(mini_pack), "validate")
    assert result.exit_code == 1
    line = next(n for n, text in enumerate((mini_pack / "q1-alpha.yaml").read_text().splitlines(), 1) if text.startswith("key_ideas:")) + 1
    assert f"q1-alpha.yaml:{line}:15: key_ideas[0][1]: an idea needs at least one term, such as [circuit breaker, open circuit]" in result.stderr


def test_the_standard_requires_one_entry_a_key_point(run, mini_pack):
    result = run("--pack", str(mini_pack), "validate", "--standard")
    assert "q1: key_ideas: missing: give each key point 2–5 key ideas, each a term and its accepted variants" in result.stderr
    path = mini_pack / "q1-alpha.yaml"
    path.write_text(path.read_text().replace("key_points:\n", "key_points:\n  - \"Beta comes second [@ref-a].\"\n", 1))
    with_ideas(mini_pack, "[[first], [alpha]]")
    result = run("--pack", str(mini_pack), "validate", "--standard")
    assert "q1: key_ideas: has 1 entries for 2 key points; give one list of ideas per key point, in order" in result.stderr


def test_recover_in_any_form_covers_the_idea_recovery():
    """Question 5 of the five variant (q8), key point 2: `recovery`; the student writes the verb."""
    case = load_case()  # the bundled case
    points = key_ideas(case, case.question("q8"))
    (idea,) = [i for k in points for i in k.ideas if i.shown == "recovery"]
    for text in ("the service recovered", "it recovers quickly", "how to recover", "fast recovery"):
        assert idea.found_in(answer_stems(tokens(text))), text
    assert not idea.found_in(answer_stems(tokens("the cover was removed")))
