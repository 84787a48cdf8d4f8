"""`casestudy define` and `casestudy glossary`: every term reachable, forgiving of case,
plurals and small typos, and honest when nothing matches."""

from __future__ import annotations

import json

import pytest

from casestudy.content.load import load_case
from casestudy.errors import NoMatch
from casestudy.search.glossary import define, entries, key, names

CASE = load_case()
ENTRIES = entries(CASE)


def test_every_glossary_term_of_every_answer_is_reachable():
    for q in CASE.questions:
        for term in q.answer.glossary:
            for asked in (term.term, term.term.upper(), term.term.lower()):
                entry = define(CASE, asked, ENTRIES)
                assert q.id in [d.qid for d in entry.definitions], (q.id, asked)


@pytest.mark.parametrize(
    ("asked", "term"),
    [
        ("evcache", "EVCache"), ("EVCaches", "EVCache"), ("circuit breakers", "Circuit breaker"),
        ("Circuit-Breaker", "Circuit breaker"), ("replicas", "Replica"), ("CDN", "Content delivery network (CDN)"),
        ("availability zones", "Availability zone (AZ)"), ("AZ", "Availability zone (AZ)"), ("LRU", "Eviction / LRU"),
        ("eventual consistancy", "Eventual consistency"), ("local quorum", "LOCAL_QUORUM"),
    ],
)
def test_case_plurals_parts_and_small_typos(asked, term):
    assert define(CASE, asked).term == term


def test_singular_forms():
    for singular, plural in [("cache", "caches"), ("policy", "policies"), ("batch", "batches"), ("box", "boxes"),
                             ("replica", "replicas"), ("use", "uses"), ("Netflix", "Netflix's")]:
        assert key(singular) == key(plural), (singular, plural)
    assert [key(w) for w in ("bus", "process", "analysis")] == ["bus", "process", "analysis"]
    assert names("Region / Availability Zone") == [key("region availability zone"), "region", key("availability zone")]
    assert names("Data centre (Cassandra)") == [key("data centre cassandra"), key("data centre")]  # not "cassandra"


def test_one_term_defined_in_two_answers_has_both_definitions_and_a_home():
    entry = define(CASE, "evcache")
    assert [d.qid for d in entry.definitions] == ["q2", "q6"]
    assert entry.home == "q6"  # the caching answer says most about it
    assert {"q2", "q6"} <= set(entry.used_in)
    assert "Memcached" in entry.related


def test_nothing_close_names_near_terms():
    with pytest.raises(NoMatch) as caught:
        define(CASE, "casandra")
    assert str(caught.value) == "no glossary term 'casandra'"
    assert caught.value.hint.startswith("Near terms: Data centre (Cassandra). ")
    with pytest.raises(NoMatch) as caught:
        define(CASE, "quorum")
    assert caught.value.hint.startswith("Near terms: LOCAL_QUORUM; LOCAL_QUORUM / EACH_QUORUM. ")


def test_glossary_lists_each_term_once_a_to_z():
    found = entries(CASE)
    assert [e.term.casefold() for e in found] == sorted(e.term.casefold() for e in found)
    assert len({key(e.term) for e in found}) == len(found)


def test_define_command(run):
    result = run("define", "EVCaches")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "EVCache"
    assert "  q6 · Caching with Redis and Memcached" in lines
    assert lines[-1] == "Read more: casestudy show q6"
    data = json.loads(run("define", "evcache", "--json").stdout)
    assert (data["term"], data["home"], [d["qid"] for d in data["definitions"]]) == ("EVCache", "q6", ["q2", "q6"])


def test_define_with_no_match(run):
    result = run("define", "xyz")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("casestudy: error: no glossary term 'xyz'. Near terms: ")
    assert result.stderr.endswith("`casestudy glossary` lists them all; `casestudy search xyz` searches the text.\n")
    assert run("define").exit_code == 2


@pytest.mark.parametrize(("asked", "command"), [
    ("cassandra's ring", '`casestudy search "cassandra\'s ring"`'),  # was an unclosed quote
    ("read (repair)", '`casestudy search "read (repair)"`'),  # was a shell syntax error
    ("tokens; rm", '`casestudy search "tokens; rm"`'),  # ran rm
    ('say "hi" $x', "`casestudy search 'say \"hi\" $x'`"),
    ("xyzzy  plugh", "`casestudy search xyzzy plugh`"),
])
def test_define_with_no_match_suggests_a_search_a_shell_can_run(run, asked, command):
    result = run("define", asked)
    assert result.exit_code == 1
    assert result.stderr.endswith(f"`casestudy glossary` lists them all; {command} searches the text.\n")


def test_glossary_command(run):
    result = run("glossary")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"{len(entries(CASE))} terms. One in full: casestudy define TERM"
    assert len(json.loads(run("glossary", "--json").stdout)) == len(entries(CASE))
