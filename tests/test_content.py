"""The loader: every problem reported at once, each with file:line:column and field path."""

from __future__ import annotations

import pytest

from casestudy import content
from casestudy.errors import ContentError, UnknownQuestion
from tests.conftest import MINI


def problems_of(pack) -> list[str]:
    with pytest.raises(ContentError) as info:
        content.load_case(pack)
    return info.value.problems


def edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_mini_pack_loads():
    case = content.load_case(MINI)
    assert [q.id for q in case.questions] == ["q1", "q2"]
    assert case.question("q1").written and not case.question("q2").written


def test_bundled_pack_loads():
    case = content.load_case()
    assert len(case.questions) == 9
    assert case.meta.source.url.startswith("https://dev.to/")
    assert [v.name for v in case.meta.variants] == ["full", "five"]
    assert case.variant("five").questions == ["q2", "q3", "q4", "q7", "q8"]


def test_broken_yaml_is_located(mini_pack):
    edit(mini_pack / "q1-alpha.yaml", 'tldr: "Alpha is the first letter."', "tldr: [unclosed")
    problems = problems_of(mini_pack)
    assert len(problems) == 1
    assert problems[0].startswith(f"{mini_pack / 'q1-alpha.yaml'}:3:11: invalid YAML: did not find expected ',' or ']'")


def test_wrong_type_and_unknown_key_are_both_reported(mini_pack):
    path = mini_pack / "q1-alpha.yaml"
    edit(path, "    year: 2020", '    year: "recent"')
    edit(path, "glossary:", "anwser: 42\nglossary:")
    problems = problems_of(mini_pack)
    assert f"{path}:44:11: references[0].year: expected a whole number, got text" in problems
    assert (
        f"{path}:55:1: anwser: unknown field `anwser`; allowed: diagrams, glossary, id, key_points, "
        "misconceptions, numbers, quiz, references, related, sections, tables, tldr, updated"
    ) in problems
    assert len(problems) == 2


def test_dangling_references_are_reported_with_their_line(mini_pack):
    path = mini_pack / "q1-alpha.yaml"
    edit(path, "the Greek alphabet [@ref-a]", "the Greek alphabet [@ref-z]")
    edit(path, "    ref: ref-b", "    ref: nowhere")
    problems = problems_of(mini_pack)
    assert f"{path}:9:7: sections[0].body: cites [@ref-z], which is not a reference key" in problems
    assert f"{path}:39:10: misconceptions[0].ref: `nowhere` is not a reference key" in problems


def test_cross_checks(mini_pack):
    path = mini_pack / "q1-alpha.yaml"
    edit(path, 'answer: "Alpha"', 'answer: "Delta"')
    edit(path, "    section: intro\n    columns", "    section: outro\n    columns")
    edit(path, "  - id: q2\n    why", "  - id: q9\n    why")
    edit(path, "id: t-02", "id: t-01")
    problems = "\n".join(problems_of(mini_pack))
    assert "quiz[0].answer: the answer must be exactly one of the options" in problems
    assert "tables[0].section: `outro` is not a section id of this file (intro, use)" in problems
    assert "related[0].id: `q9` is not a question of case.yaml" in problems
    assert "quiz[1].id: `t-01` is used twice" in problems


def test_missing_required_field_and_bad_kind(mini_pack):
    path = mini_pack / "q1-alpha.yaml"
    edit(path, 'tldr: "Alpha is the first letter."\n', "")
    edit(path, "kind: tf", "kind: truefalse")
    problems = problems_of(mini_pack)
    assert f"{path}:1:1: (top level): missing required field `tldr`" in problems
    assert any("quiz[1].kind: kind is `truefalse`; expected one of: mcq, tf, flashcard, short" in p for p in problems)


def test_drawing_wider_than_a_terminal(mini_pack):
    edit(mini_pack / "q1-alpha.yaml", "      [Alpha] --> [Beta]", "      [Alpha] " + "-" * 80 + "> [Beta]")
    (problem,) = problems_of(mini_pack)
    assert "diagrams[0].drawing: line 1 is 96 columns wide; at most 76 fit a terminal" in problem


def test_missing_pack_and_missing_case_file(tmp_path):
    with pytest.raises(ContentError, match="content pack not found"):
        content.load_case(tmp_path / "nope")
    with pytest.raises(ContentError, match=r"case\.yaml: file not found"):
        content.load_case(tmp_path)


def test_answer_for_unknown_question_and_misnamed_file(mini_pack):
    (mini_pack / "q1-alpha.yaml").rename(mini_pack / "q1-first.yaml")
    problems = problems_of(mini_pack)
    assert problems == [f"{mini_pack / 'q1-first.yaml'}:1:1: (top level): an answer to q1 must be named q1-alpha.yaml"]


@pytest.mark.parametrize("ref", ["q1", "Q1", "1", " alpha ", "FIRST", "01"])
def test_resolve_accepts_every_spelling(ref):
    assert content.resolve(content.load_case(MINI), ref).id == "q1"


@pytest.mark.parametrize("ref, suggestion", [("q10", "q1"), ("alpah", "alpha"), ("bta", "beta")])
def test_resolve_suggests(ref, suggestion):
    with pytest.raises(UnknownQuestion) as info:
        content.resolve(content.load_case(MINI), ref)
    assert f"Did you mean {suggestion}" in info.value.message


def test_resolve_many_keeps_order_and_dedupes():
    case = content.load_case(MINI)
    assert [q.id for q in content.resolve_many(case, ["beta", "q1", "2"])] == ["q2", "q1"]
    assert [q.id for q in content.resolve_many(case, [])] == ["q1", "q2"]
    assert [q.id for q in content.resolve_many(case, ["all"])] == ["q1", "q2"]


def test_valid_pack_is_cached_and_the_cache_follows_edits(mini_pack, isolated):
    first = content.load_case(mini_pack)
    cached = list((isolated / "cache").glob("case-*.msgpack"))
    assert len(cached) == 1
    assert content.load_case(mini_pack) == first
    edit(mini_pack / "q1-alpha.yaml", "Alpha is the first letter.", "Alpha leads the alphabet.")
    assert content.load_case(mini_pack).question("q1").answer.tldr == "Alpha leads the alphabet."


def test_corrupt_cache_is_rebuilt(mini_pack, isolated):
    content.load_case(mini_pack)
    (cached,) = (isolated / "cache").glob("case-*.msgpack")
    cached.write_bytes(b"garbage")
    assert content.load_case(mini_pack).question("q1").written


def test_invalid_pack_is_never_served_from_cache(mini_pack):
    content.load_case(mini_pack)
    edit(mini_pack / "q1-alpha.yaml", "    year: 2020", '    year: "soon"')
    with pytest.raises(ContentError):
        content.load_case(mini_pack)


def test_a_citation_of_two_keys_in_one_bracket_is_reported(mini_pack):
    path = mini_pack / "q1-alpha.yaml"
    edit(path, "the Greek alphabet [@ref-a]", "the Greek alphabet [@ref-a; @ref-b]")
    assert problems_of(mini_pack) == [
        f"{path}:9:7: sections[0].body: a citation is one key in brackets, such as [@key] [@other]"
    ]


def test_a_type_error_does_not_hide_a_dangling_citation_in_the_same_file(mini_pack):
    path = mini_pack / "q1-alpha.yaml"
    edit(path, "    year: 2024\n", '    year: "recent"\n')
    edit(path, "the Greek alphabet [@ref-a]", "the Greek alphabet [@ref-z]")
    assert problems_of(mini_pack) == [
        f"{path}:34:11: numbers[0].year: expected a whole number, got text",
        f"{path}:9:7: sections[0].body: cites [@ref-z], which is not a reference key",
    ]
