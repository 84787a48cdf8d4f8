"""`casestudy search` and `casestudy show Q --section`, as a student types them."""

from __future__ import annotations

import json

import pytest

from tests.helpers import MINI


def test_search_lists_the_hystrix_answer_first_with_the_command_to_open_it(run):
    result = run("search", "circuit", "breaker", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "q8 · Hystrix and Zuul  (glossary)"
    assert "  casestudy define 'Circuit breaker'\n" in result.stdout  # a term opens its definition
    assert "  casestudy show q8 --section 2\n" in result.stdout
    assert result.stdout.endswith("2 of 15 hits for circuit breaker (--limit N for more)\n")


@pytest.mark.parametrize(("args", "last"), [
    ((), "10 of 15 hits for circuit breaker (--limit N for more)"),
    (("-n", "15"), "15 hits for circuit breaker"),
    (("-n", "200"), "15 hits for circuit breaker"),
])
def test_search_says_how_many_hits_there_are_of_all(run, args, last):
    result = run("search", "circuit", "breaker", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == last
    assert json.loads(run("search", "circuit", "breaker", "--json", *args).stdout)["total"] == 15


def test_search_opens_the_section_it_found(run):
    found = json.loads(run("search", "read repair", "--json").stdout)
    first_section = next(h for h in found["hits"] if h["kind"] == "section")
    assert (first_section["question"], first_section["open"]) == ("q7", "casestudy show q7 --section 2")
    page = run(*first_section["open"].split()[1:])
    assert page.exit_code == 0
    assert "read repair" in page.stdout.lower()
    assert "2. In Cassandra, consistency is chosen per request" in page.stdout
    assert "1. Strong and eventual consistency" not in page.stdout


def test_search_json_is_data(run):
    result = run("--pack", str(MINI), "search", "series", "--json")
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert found["query"] == "series"
    assert found["suggestions"] == []
    section = next(h for h in found["hits"] if h["kind"] == "section")
    assert section == {
        "question": "q1", "title": "Alpha", "kind": "section", "section": 2, "section_id": "use",
        "section_heading": "Use", "snippet": "Alpha names the first of a series.", "matched": ["series"],
        "open": "casestudy show q1 --section 2", "score": section["score"],
    }


def test_nothing_found_suggests_close_words_and_exits_1(run):
    result = run("search", "cassandar")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "casestudy: error: nothing found for 'cassandar'. Did you mean: cassandra?\n"
    as_json = run("search", "cassandar", "--json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == {"query": "cassandar", "hits": [], "total": 0, "suggestions": ["cassandra"]}


@pytest.mark.parametrize("query", ["zuul presto", "kafka:topic", "kafka:topics", "hystrix federation spark"])
def test_words_the_case_has_are_not_taken_for_typos(run, query):
    """Every word is in the case, but no passage has them all: no 'Did you mean' for words
    spelt right ('kafka:topic' was told 'topics', and 'kafka:topics' 'topic')."""
    result = run("search", query)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"casestudy: error: nothing found for '{query}'. "
        "Every word is in the case, but no passage has them all together; try fewer words.\n"
    )
    assert json.loads(run("search", query, "--json").stdout)["suggestions"] == []


def test_only_the_misspelt_word_gets_close_words(run):
    result = run("search", '"circuit breaker" cassandar')
    assert result.exit_code == 1
    assert result.stderr.endswith("Did you mean: cassandra?\n")


def test_nothing_to_search_for(run):
    result = run("search", "?!")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "casestudy: error: nothing to search for in '?!'. Give a word or two, e.g. casestudy search \"circuit breaker\".\n"
    )
    assert run("search").exit_code == 2
    assert run("search", "x", "--limit", "0").exit_code == 2


def test_a_pasted_paragraph_is_one_clear_error(run):
    result = run("search", *[f"word{n}" for n in range(600)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "casestudy: error: the search has 600 different words; at most 32 are searched together. "
        'Give the few words that matter, e.g. casestudy search "circuit breaker".\n'
    )


def test_search_follows_an_edited_pack(run, mini_pack):
    answer = mini_pack / "q1-alpha.yaml"
    assert run("--pack", str(mini_pack), "search", "omega").exit_code == 1
    answer.write_text(answer.read_text(encoding="utf-8").replace("names the first of a series", "names omega"),
                      encoding="utf-8")
    result = run("--pack", str(mini_pack), "search", "omega")
    assert result.exit_code == 0, result.output
    assert "  casestudy show q1 --section 2\n" in result.stdout


def test_show_one_section_by_number_id_or_heading_words(run):
    by_number = run("--pack", str(MINI), "show", "q1", "--section", "2")
    assert by_number.exit_code == 0, by_number.output
    assert "2. Use" in by_number.stdout
    assert "Introduction" not in by_number.stdout
    assert "Order" in by_number.stdout  # its diagram comes with it
    assert "[2] Letters" in by_number.stdout and "Greek alphabet" not in by_number.stdout  # only its sources
    assert "Whole answer: casestudy show q1" in by_number.stdout
    assert run("--pack", str(MINI), "show", "q1", "--section", "use").stdout == by_number.stdout
    assert run("--pack", str(MINI), "show", "q1", "-s", "US").stdout == by_number.stdout
    assert run("--pack", str(MINI), "show", "q1", "--section", "§2").stdout == by_number.stdout


def test_show_an_unknown_section_lists_the_sections(run):
    result = run("--pack", str(MINI), "show", "q1", "--section", "9")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "casestudy: error: q1 has no section 9: its sections are 1 to 2. "
        "`casestudy show q1` lists them; 1 Introduction; 2 Use.\n"
    )
    words = run("--pack", str(MINI), "show", "q1", "--section", "zeta")
    assert words.stderr == "casestudy: error: q1 has no section 'zeta'. Give a number or words of a heading: 1 Introduction; 2 Use.\n"
    assert run("show", "all", "--section", "1").exit_code == 2


@pytest.mark.parametrize("ref", ["²", "§²"])
def test_show_a_superscript_digit_section_is_no_section_not_a_crash(run, ref):
    """'²' passes str.isdigit() but not int(): it was 'internal error: ValueError'."""
    result = run("--pack", str(MINI), "show", "q1", "--section", ref)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"casestudy: error: q1 has no section '{ref}'. Give a number or words of a heading: 1 Introduction; 2 Use.\n"
    )
