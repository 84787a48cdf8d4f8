"""Loading a pack: every problem reported at once, each with file:line:column and field path."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest

from casestudy.content import load as content
from casestudy.content import model
from casestudy.errors import ContentError
from tests.helpers import CEILING, MINI, edit


def problems_of(pack) -> list[str]:
    with pytest.raises(ContentError) as info:
        content.load_case(pack)
    return [str(problem) for problem in info.value.problems]


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
        f"{path}:55:1: anwser: unknown field `anwser`; allowed: diagrams, glossary, id, key_ideas, key_points, "
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


@pytest.mark.parametrize("keyword", ["not", "does not", "never", "no", "the", "?!"])
def test_a_keyword_that_shows_no_idea_is_refused(mini_pack, keyword):
    """A keyword of stop words or negations only would credit any answer that uses it
    (`not` gave "Presto does not compute what members see" to every negation)."""
    path = mini_pack / "q1-alpha.yaml"
    edit(path, 'keywords: ["greek"]', f'keywords: ["greek", "{keyword}"]')
    (problem,) = problems_of(mini_pack)
    why = (
        "shows no idea: it is only stop words or negations (or no word at all), so it credits any answer or none; "
        "give content words that show the idea"
    )
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if f'"{keyword}"' in text)
    assert problem == f"{path}:{line}:29: quiz[3].key_ideas[1].keywords[1]: keyword `{keyword}` {why}"


def test_a_keyword_with_a_content_word_beside_a_negation_is_kept(mini_pack):
    edit(mini_pack / "q1-alpha.yaml", 'keywords: ["greek"]', 'keywords: ["greek", "not latin"]')
    assert content.load_case(mini_pack).question("q1").written


def test_missing_pack_and_missing_case_file(tmp_path):
    with pytest.raises(ContentError, match="content pack not found"):
        content.load_case(tmp_path / "nope")
    with pytest.raises(ContentError, match=r"case\.yaml: file not found"):
        content.load_case(tmp_path)


def test_answer_for_unknown_question_and_misnamed_file(mini_pack):
    (mini_pack / "q1-alpha.yaml").rename(mini_pack / "q1-first.yaml")
    problems = problems_of(mini_pack)
    assert problems == [f"{mini_pack / 'q1-first.yaml'}:1:1: (top level): an answer to q1 must be named q1-alpha.yaml"]


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


# --- issue 8: the loader hardened (each test failed before its fix) -------------------

Q1 = "q1-alpha.yaml"


def only_problem(pack) -> str:
    problems = problems_of(pack)
    assert len(problems) == 1, problems
    return problems[0]


# items 10/11: one citation scanner, shared by validate and the renderers


@pytest.mark.parametrize(
    "odd",
    ["[@ref-a\u200f]", "[@@ref-a]", "[@ref-a; @ref-b]", "[@]", "[@ref a]", "[@ref-a", "[@ref-a [@ref-b]"],
    ids=["rtl-mark", "double-at", "two-keys", "empty", "space", "unclosed", "nested"],
)
def test_an_odd_citation_is_reported_by_validate(mini_pack, odd):
    path = mini_pack / Q1
    edit(path, "the Greek alphabet [@ref-a]", f"the Greek alphabet {odd}")
    assert problems_of(mini_pack) == [
        f"{path}:9:7: sections[0].body: a citation is one key in brackets, such as [@key] [@other]"
    ]


def test_iter_citations_defines_what_a_citation_is():
    text = "a [@k1] b [@@x] [@] [@k.2:z_-] [@a; @b] [@k\u200f] [@k3"
    assert [c.key for c in model.iter_citations(text)] == ["k1", None, None, "k.2:z_-", None, None, None]
    assert model.citation_keys(text) == ["k1", "k.2:z_-"]
    assert model.replace_citations("x [@k1] [@@x] y [@k2].", lambda k: f"<{k}>") == "x <k1> [@@x] y <k2>."


def test_a_30kb_line_of_citation_openers_is_one_problem_without_a_blow_up(mini_pack):
    path = mini_pack / Q1
    edit(path, 'tldr: "Alpha is the first letter."', "tldr: " + '"' + "[@" * 15_000 + '"')
    started = time.perf_counter()
    problem = only_problem(mini_pack)
    assert time.perf_counter() - started < CEILING
    assert problem == f"{path}:2:7: tldr: a citation is one key in brackets, such as [@key] [@other]"
    started = time.perf_counter()
    assert model.citation_keys("[@" * 15_000 + "a" * 15_000 + "]" + "[@a" * 10_000) == ["a" * 15_000]
    assert time.perf_counter() - started < CEILING


@pytest.mark.parametrize(
    "old, new, where",
    [
        ('tldr: "Alpha is the first letter."', 'tldr: "Alpha [@nope]."', "2:7: tldr"),
        ('    title: "Alpha vs beta"', '    title: "Alpha [@nope]"', "17:12: tables[0].title"),
        ('    rows:', '    caption: "See [@nope]."\n    rows:', "20:14: tables[0].caption"),
        ('    title: "Order"', '    title: "Order"\n    caption: "See [@nope]."', "25:14: diagrams[0].caption"),
        ('definition: "A set of letters."', 'definition: "A set [@nope]."', "57:17: glossary[0].definition"),
        ('measures: "letters in the Greek alphabet"', 'measures: "letters [@nope]"', "33:15: numbers[0].measures"),
        ('why: "Beta follows alpha."', 'why: "Beta [@nope]."', "54:10: related[0].why"),
        ('claim: "Alpha is a Latin letter."', 'claim: "Latin [@nope]."', "37:12: misconceptions[0].claim"),
    ],
    ids=["tldr", "table-title", "table-caption", "diagram-caption", "glossary", "numbers", "related", "claim"],
)
def test_citations_in_every_rendered_field_are_checked(mini_pack, old, new, where):
    path = mini_pack / Q1
    edit(path, old, new)
    assert only_problem(mini_pack) == f"{path}:{where}: cites [@nope], which is not a reference key"


def test_a_bad_citation_in_the_tldr_no_longer_crashes_export(mini_pack, run, tmp_path):
    edit(mini_pack / Q1, 'tldr: "Alpha is the first letter."', 'tldr: "Alpha [@ref-a\u200f]."')
    result = run("--pack", str(mini_pack), "export", "--out", str(tmp_path / "g.md"))
    assert result.exit_code == 1
    assert "tldr: a citation is one key in brackets" in result.stderr
    assert "internal error" not in result.stderr


def test_a_reference_key_may_use_only_key_characters(mini_pack):
    path = mini_pack / Q1
    edit(path, "  - key: ref-b", "  - key: ref b")
    edit(path, "ref: ref-b", "ref: ref b")
    edit(path, "series [@ref-b]", "series")
    assert only_problem(mini_pack) == (
        f"{path}:47:10: references[1].key: `ref b` is not a reference key: use letters, digits and _ . : - only"
    )


# items 10/11: hostile YAML ends in one located error, fast


def test_deeply_nested_yaml_is_a_located_error(mini_pack):
    path = mini_pack / Q1
    edit(path, "glossary:", "deep: " + "[" * 70 + "]" * 70 + "\nglossary:")
    assert only_problem(mini_pack) == f"{path}:55:70: invalid YAML: nested more than 64 levels deep"


def test_deeply_nested_block_yaml_is_a_located_error(mini_pack):
    path = mini_pack / Q1
    deep = "".join(f"{'  ' * i}k{i}:\n" for i in range(500))
    edit(path, "glossary:", "deep:\n" + "".join("  " + line + "\n" for line in deep.splitlines()) + "glossary:")
    problem = only_problem(mini_pack)
    assert problem.startswith(f"{path}:") and problem.endswith("invalid YAML: nested more than 64 levels deep")


def test_an_integer_beyond_64_bits_is_reported_not_a_cache_crash(mini_pack):
    path = mini_pack / Q1
    edit(path, "    year: 2020", f"    year: {2**70}")
    assert only_problem(mini_pack) == f"{path}:44:11: references[0].year: the number is too large"


def test_an_integer_of_thousands_of_digits_is_a_located_error(mini_pack):
    path = mini_pack / Q1
    edit(path, "    year: 2020", "    year: " + "9" * 5000)
    problem = only_problem(mini_pack)
    assert problem.startswith(f"{path}:44:11: ")


@pytest.mark.parametrize(
    "file, old, new, expected",
    [
        (Q1, "kind: mcq", "kind: {a: 1}", "quiz[0].kind: kind is `{'a': 1}`; expected one of: mcq, tf, flashcard, short"),
        (Q1, 'answer: "Alpha"', "answer: {a: 1}", "quiz[0].answer: expected text, got a mapping"),
        (Q1, 'options: ["Alpha", "Beta", "Gamma"]', "options: [{a: 1}, Beta]", "quiz[0].options[0]: expected text, got a mapping"),
        (Q1, "  - id: t-01", "  - id: {a: 1}", "quiz[0].id: expected text, got a mapping"),
        (Q1, "id: q1\n", "id: {a: 1}\n", "id: expected text, got a mapping"),
        (Q1, "  - key: ref-a", "  - key: [ref-a]", "references[0].key: expected text, got a list"),
        ("case.yaml", "  - id: q1", "  - id: {a: 1}", "questions[0].id: expected text, got a mapping"),
        ("case.yaml", "questions: [q1, q2]", "questions: [{q1: 1}, q2]", "variants[0].questions[0]: expected text, got a mapping"),
    ],
)
def test_a_mapping_where_text_is_expected_is_a_located_error(mini_pack, file, old, new, expected):
    edit(mini_pack / file, old, new)
    problems = problems_of(mini_pack)
    assert any(p.startswith(f"{mini_pack / file}:") and p.endswith(expected) for p in problems), problems


@pytest.mark.parametrize(
    "value, message",
    [
        ("2020-02-30", "invalid YAML: cannot read this value: day is out of range for month"),
        ("!!int x", "invalid YAML: the tag `!!int` is not allowed here; write plain text, numbers, lists and mappings"),
        (
            "!!python/object:os.system x",
            "invalid YAML: the tag `!!python/object:os.system` is not allowed here; write plain text, numbers, lists and mappings",
        ),
    ],
)
def test_odd_scalars_and_tags_are_located_errors(mini_pack, value, message):
    path = mini_pack / Q1
    edit(path, "id: q1\n", f"id: q1\nupdated: {value}\n")
    assert only_problem(mini_pack) == f"{path}:2:10: {message}"


def test_a_billion_laughs_is_refused_before_it_expands(mini_pack):
    path = mini_pack / Q1
    bomb = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    bomb += "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))
    path.write_text(bomb)
    started = time.perf_counter()
    problem = only_problem(mini_pack)
    assert time.perf_counter() - started < CEILING
    assert problem.startswith(f"{path}:") and problem.endswith(
        "invalid YAML: the document expands to more than 100000 values (aliases included); a pack file must be smaller"
    )


def test_an_alias_to_itself_is_a_located_error(mini_pack):
    path = mini_pack / Q1
    edit(path, "glossary:", "loop: &a [*a]\nglossary:")
    assert only_problem(mini_pack).startswith(f"{path}:55:11: invalid YAML: found undefined alias")


def test_a_million_item_list_is_refused(mini_pack):
    path = mini_pack / Q1
    edit(path, "glossary:", "many: [" + "1," * 1_000_000 + "1]\nglossary:")
    started = time.perf_counter()
    problem = only_problem(mini_pack)
    assert time.perf_counter() - started < CEILING
    assert problem.endswith("a pack file must be smaller")


def test_a_file_over_5_mb_is_refused(mini_pack):
    path = mini_pack / Q1
    path.write_text(path.read_text() + "# " + "x" * (5 * 1024 * 1024) + "\n")
    assert only_problem(mini_pack) == f"{path}: the file is larger than 5 MB, the most a pack file may be. Split it or shorten it"


def test_a_symlink_out_of_the_pack_is_refused(mini_pack, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    (mini_pack / Q1).rename(outside)
    (mini_pack / Q1).symlink_to(outside)
    assert only_problem(mini_pack) == (
        f"{mini_pack / Q1}: the file is a link to {outside}, outside the pack folder; copy the file into the pack"
    )


def test_a_symlink_inside_the_pack_is_followed(mini_pack):
    (mini_pack / Q1).rename(mini_pack / "alpha.txt")
    (mini_pack / Q1).symlink_to("alpha.txt")
    assert content.load_case(mini_pack).question("q1").written


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_a_link_to_dev_zero_is_refused_without_reading_it(mini_pack):
    (mini_pack / Q1).unlink()
    (mini_pack / Q1).symlink_to("/dev/zero")
    assert "outside the pack folder" in only_problem(mini_pack)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_hanging(mini_pack):
    (mini_pack / Q1).unlink()
    os.mkfifo(mini_pack / Q1)
    assert stat.S_ISFIFO(os.stat(mini_pack / Q1).st_mode)
    assert only_problem(mini_pack) == f"{mini_pack / Q1}: not a regular file; a pack holds plain YAML files"


def test_invalid_utf8_is_a_located_error(mini_pack):
    path = mini_pack / Q1
    path.write_bytes(path.read_bytes().replace(b"first letter.", b"first \xffletter."))
    assert only_problem(mini_pack) == f"{path}:2:27: not valid UTF-8 (byte 0xff); save the file as UTF-8"


def test_a_bom_and_crlf_line_endings_load(mini_pack):
    path = mini_pack / Q1
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    answer = content.load_case(mini_pack).question("q1").answer
    assert answer.id == "q1"
    assert answer.sections[0].body == "Alpha is the first letter of the Greek alphabet [@ref-a].\n\n- It is written α.\n"


# item 9: smaller


def test_without_libyaml_the_pure_loader_is_used(mini_pack, monkeypatch):
    import yaml

    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    assert content.load_case(mini_pack).question("q1").written


def test_a_pack_that_is_a_file_says_so(run, mini_pack):
    result = run("--pack", str(mini_pack / Q1), "validate")
    assert result.exit_code == 1
    assert result.stderr == (
        f"casestudy: error: {mini_pack / Q1} is a file, not a folder. "
        "Pass --pack DIR (or set CASESTUDY_PACK) to the folder that holds case.yaml.\n"
    )


def test_a_problem_quoting_a_line_break_stays_one_line(mini_pack):
    path = mini_pack / Q1
    edit(path, "kind: tf", 'kind: "true\\nfalse\\x1b"')
    assert any(
        p.endswith("quiz[1].kind: kind is `true\\nfalse\\x1b`; expected one of: mcq, tf, flashcard, short")
        for p in problems_of(mini_pack)
    )


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
def test_a_control_character_is_located(mini_pack, monkeypatch, pure):
    import yaml

    if pure:
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    path = mini_pack / Q1
    edit(path, 'tldr: "Alpha is the first letter."', 'tldr: "Alpha é is the \x1b first letter."')
    problem = only_problem(mini_pack)
    assert problem.startswith(f"{path}:2:23: invalid YAML: unacceptable character #x001b: ")
    assert problem.endswith(" characters are not allowed")


def test_a_file_of_citation_openers_at_the_size_cap_is_one_problem_without_a_blow_up(mini_pack):
    path = mini_pack / Q1
    edit(path, 'tldr: "Alpha is the first letter."', "tldr: " + '"' + "[@" * 2_000_000 + '"')
    started = time.perf_counter()
    assert only_problem(mini_pack) == f"{path}:2:7: tldr: a citation is one key in brackets, such as [@key] [@other]"
    assert time.perf_counter() - started < CEILING


@pytest.mark.parametrize("name", ["full term", 'full"', "full-->", "ünï"])
def test_a_variant_name_is_one_word_the_skeleton_marker_can_hold(mini_pack, name):
    """`submission check` finds the variant in the skeleton's marker (letters, digits, - and
    _): another name would be written there and then not be read back."""
    edit(mini_pack / "case.yaml", "  - name: full", f"  - name: {json.dumps(name)}")
    assert only_problem(mini_pack) == (
        f"{mini_pack / 'case.yaml'}:22:11: variants[0].name: `{name}` must be one word of ASCII letters, digits, "
        "`-` and `_` (it is typed after --variant and kept in the skeleton)"
    )


def test_a_question_listed_twice_in_a_variant_is_reported(mini_pack):
    path = mini_pack / "case.yaml"
    edit(path, "questions: [q1, q2]", "questions: [q1, q2, q1]")
    assert problems_of(mini_pack) == [
        f"{path}:24:25: variants[0].questions[2]: question `q1` is listed twice in variant `full`; "
        "a submission answers each question once"
    ]


def test_a_question_id_used_twice_is_reported_once(mini_pack):
    path = mini_pack / "case.yaml"
    edit(path, "  - id: q2\n", "  - id: q1\n")
    problems = problems_of(mini_pack)
    assert [p for p in problems if "`q1`" in p] == [f"{path}:17:9: questions[1].id: question id `q1` is used twice"]


def test_a_true_false_prompt_that_asks_true_or_false_itself_is_reported(mini_pack):
    path = mini_pack / "q1-alpha.yaml"
    edit(path, 'prompt: "Beta comes before alpha."', 'prompt: "True or false: beta comes before alpha."')
    assert problems_of(mini_pack) == [
        f'{path}:69:13: quiz[1].prompt: give the statement alone: the quiz and the exports ask "True or false?" themselves'
    ]


def test_an_answer_file_named_in_capitals_is_read_and_reported_not_skipped(mini_pack):
    """`Q1-alpha.yaml` was skipped without a word: validate said 1 of 2 answers written."""
    (mini_pack / "q1-alpha.yaml").rename(mini_pack / "Q1-alpha.yaml")
    assert problems_of(mini_pack) == [f"{mini_pack / 'Q1-alpha.yaml'}:1:1: (top level): an answer to q1 must be named q1-alpha.yaml"]
